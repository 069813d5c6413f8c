import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as the scripted server saw it; `path` is relative to `/api/v1`. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
  /** Milliseconds since the server started. */
  at: number;
}

/** One scripted answer. */
export interface Reply {
  status?: number;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent verbatim (with `contentType`, default `text/plain`); wins over `json`. */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Drop the connection without answering (a network error for the client). */
  hangUp?: boolean;
}

/** Computes a reply from a request. */
export type Handler = (request: SeenRequest) => Reply | Promise<Reply>;

const REQUEST_ID = 'req-00000000-0000-0000-0000-000000000000';

/** Toloka's error body `{request_id, code, message, payload}` with the given status. */
export function tolokaError(status: number, code: string, message: string, payload?: unknown): Reply {
  return { status, json: { request_id: REQUEST_ID, code, message, ...(payload === undefined ? {} : { payload }) } };
}

/** A plain JSON 200 reply. */
export function ok(json: unknown, status = 200): Reply {
  return { status, json };
}

/** Plays replies in order, one per request; the last one repeats. */
export function sequence(...replies: Reply[]): Handler {
  let next = 0;
  return () => {
    const reply = replies[Math.min(next, replies.length - 1)];
    next += 1;
    if (reply === undefined) throw new Error('sequence() needs at least one reply');
    return reply;
  };
}

/**
 * A loopback HTTP server that plays scripted answers under `/api/v1`, records
 * every request, and answers unscripted routes with Toloka's 404.
 */
export class ScriptedServer {
  /** Every request received, in arrival order. */
  readonly requests: SeenRequest[] = [];
  readonly #routes = new Map<string, Handler>();
  readonly #sockets = new Set<Socket>();
  readonly #server: Server;
  readonly #started = Date.now();
  #url = '';

  private constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void this.#answer(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'), res);
      });
    });
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  /** Starts a server on an ephemeral loopback port. */
  static async start(): Promise<ScriptedServer> {
    const server = new ScriptedServer();
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    const { port } = server.#server.address() as AddressInfo;
    server.#url = `http://127.0.0.1:${port}`;
    return server;
  }

  /** Host root to give the client as `url`. */
  get url(): string {
    return this.#url;
  }

  /** Scripts `METHOD /path` (path below `/api/v1`, without the query). Replaces an earlier script. */
  on(method: string, path: string, handler: Handler | Reply): this {
    this.#routes.set(`${method} ${path}`, typeof handler === 'function' ? handler : () => handler);
    return this;
  }

  /** Requests received for `METHOD /path`. */
  seen(method: string, path: string): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  /** Forgets scripts and recorded requests. */
  reset(): void {
    this.#routes.clear();
    this.requests.length = 0;
  }

  /** Stops the server and drops open connections. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #answer(method: string, rawUrl: string, headers: IncomingHttpHeaders, rawBody: string, res: ServerResponse) {
    const url = new URL(rawUrl, 'http://scripted.invalid');
    const path = url.pathname.startsWith('/api/v1/') ? url.pathname.slice('/api/v1'.length) : url.pathname;
    let body: unknown;
    try {
      body = rawBody === '' ? undefined : (JSON.parse(rawBody) as unknown);
    } catch {
      body = rawBody;
    }
    const seen: SeenRequest = { method, path, query: url.searchParams, headers, body, at: Date.now() - this.#started };
    this.requests.push(seen);
    const handler = this.#routes.get(`${method} ${path}`);
    let reply: Reply;
    try {
      reply = handler === undefined ? tolokaError(404, 'DOES_NOT_EXIST', `No script for ${method} ${path}`) : await handler(seen);
    } catch (error) {
      reply = tolokaError(500, 'INTERNAL_ERROR', `Script failed: ${String(error)}`);
    }
    if (reply.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (reply.hangUp === true) {
      res.socket?.destroy();
      return;
    }
    if (res.destroyed) return;
    const text = reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
    const contentType = reply.text !== undefined ? (reply.contentType ?? 'text/plain') : 'application/json';
    res.writeHead(reply.status ?? 200, { 'content-type': contentType, ...reply.headers });
    res.end(text);
  }
}
