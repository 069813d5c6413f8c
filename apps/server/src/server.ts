import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import type { ServerConfig } from './config.js';
import { DEMO_ACCOUNT, DEMO_TOKEN, loadDemo, type DemoIds } from './demo.js';
import type { Logger } from './logger.js';
import { openStore } from './store/index.js';
import type { Store } from './store/types.js';
import { OperationWorker } from './worker.js';

/** A listening crowdagg-server. */
export interface RunningServer {
  /** `http://host:port` (the host root toloka-kit takes as `url`). */
  readonly url: string;
  readonly store: Store;
  /** Set when `--demo` loaded (or found) the demo data. */
  readonly demo?: DemoIds;
  /** Stops accepting requests, stops the worker (finishing or releasing its operation), closes the store. */
  close(): Promise<void>;
}

/** Opens the store, loads the demo if asked, starts the worker loop and the HTTP listener. */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  const store = await openStore(config.db);
  const tokens = new Map(config.tokens);
  let demo: DemoIds | undefined;
  if (config.demo) {
    tokens.set(DEMO_TOKEN, DEMO_ACCOUNT);
    demo = await loadDemo(store);
  }
  if (tokens.size === 0) logger.info('warning: no tokens configured (--tokens-file, CROWDAGG_TOKENS): every API call will get 401');
  const worker = config.worker ? new OperationWorker({ store, logger, leaseMs: config.leaseMs, pollMs: config.pollMs, graceMs: config.graceMs }) : undefined;
  const app = createApp({
    store,
    tokens,
    limits: config.limits,
    quotas: config.quotas,
    logger: config.quiet ? { info() {}, error: (m, e) => logger.error(m, e) } : logger,
    onOperationCreated: () => worker?.wake(),
  });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
    s.once('error', reject);
  });
  // Keep idle connections longer than clients' pools do (undici: 4 s), so a
  // client never writes into a connection the server is closing.
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }
  worker?.start();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    store,
    ...(demo === undefined ? {} : { demo }),
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        if ('closeIdleConnections' in server) server.closeIdleConnections();
        await worker?.stop();
        await stopped;
        await store.close();
      })();
      return closing;
    },
  };
}
