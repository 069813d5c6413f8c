#!/usr/bin/env node
import { ConfigError, HELP, parseConfig } from './config.js';
import { demoCurls } from './demo.js';
import { consoleLogger } from './logger.js';
import { startServer } from './server.js';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`crowdagg-server: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const { config } = parsed;
  const logger = consoleLogger();
  const server = await startServer(config, logger);
  logger.info(`crowdagg-server listening on ${server.url} (store: ${server.store.kind}, db: ${config.db.replace(/\/\/[^@/]*@/, '//***@')})`);
  if (server.demo !== undefined) {
    process.stdout.write(`\nDemo pool ${server.demo.poolId} ${server.demo.loaded ? 'loaded' : 'already loaded'}; token "demo-token". Try:\n\n`);
    process.stdout.write(demoCurls(server.url, server.demo));
    process.stdout.write('\n');
  }
  let signalled = false;
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (signalled) return;
      signalled = true;
      logger.info(`${signal}: shutting down`);
      resolve();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  await server.close();
  logger.info('stopped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const { code, address, port } = error as { code?: string; address?: string; port?: number };
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      process.stderr.write(`crowdagg-server: cannot listen on ${address ?? '?'}:${port ?? '?'} (${code}); choose another --host/--port\n`);
      process.exit(2);
    }
    process.stderr.write(`crowdagg-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
