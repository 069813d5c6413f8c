/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call -- HTTP replies are untyped JSON that the assertions check */
/**
 * Starts the BUILT crowdagg-server (`dist/bin.js`) as a child process on a
 * free loopback port with a temp SQLite file, and talks to it over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `apps/server` folder: the nearest folder above this file whose package.json is @crowdagg/server (also from a compiled copy). */
export const SERVER_DIR = ((): string => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@crowdagg/server') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('@crowdagg/server folder not found');
    dir = parent;
  }
})();
/** The built entry point. */
export const BIN = path.join(SERVER_DIR, 'dist/bin.js');

/** Options of {@link startServer}. */
export interface StartOptions {
  /** Token → account; default `{ 'token-a': 'alice', 'token-b': 'bob' }`. */
  tokens?: Record<string, string>;
  /** SQLite file; default a fresh file in a temp folder. */
  db?: string;
  /** Extra flags. */
  args?: string[];
  /** Extra environment. */
  env?: Record<string, string>;
  /** Flags for node itself (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
}

/** A running server process. */
export interface ServerProcess {
  /** Host root, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly db: string;
  readonly child: ChildProcess;
  /** Everything the process wrote so far (stdout + stderr). */
  output(): string;
  /** Sends `signal` and waits for the exit; resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Default tokens of the tests: two accounts. */
export const TOKENS = { 'token-a': 'alice', 'token-b': 'bob' } as const;
/** Alice's token. */
export const ALICE = 'token-a';
/** Bob's token. */
export const BOB = 'token-b';

const tempDirs: string[] = [];

/** A fresh temp folder, removed by {@link cleanupTempDirs}. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'crowdagg-server-test-'));
  tempDirs.push(dir);
  return dir;
}

/** Removes every folder made by {@link tempDir}. */
export function cleanupTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Starts the server and resolves once `/health` answers 200. */
export async function startServer(options: StartOptions = {}): Promise<ServerProcess> {
  const db = options.db ?? path.join(tempDir(), 'crowdagg.sqlite');
  const tokens = Object.entries(options.tokens ?? TOKENS)
    .map(([token, account]) => `${token}:${account}`)
    .join(',');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, '--host', '127.0.0.1', '--port', '0', '--db', db, ...(options.args ?? [])], {
    env: { ...process.env, CROWDAGG_TOKENS: tokens, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${output}`)), 30_000);
    const check = (): void => {
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  for (let i = 0; ; i += 1) {
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 100) throw new Error(`/health never answered:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    db,
    child,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A response as the tests read it. */
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Request options of {@link call}. */
export interface CallOptions {
  /** Sent as `Authorization: OAuth <token>` unless `authorization` is given. */
  token?: string;
  /** A raw Authorization header. */
  authorization?: string;
  /** JSON body (sent with `Content-Type: application/json`). */
  json?: unknown;
  /** Raw body (no content type unless given in `headers`). */
  raw?: string;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
}

/** One HTTP call to `url + /api/v1 + path` (or `url + path` when `path` starts with `//`). */
export async function call<T = any>(url: string, method: string, apiPath: string, options: CallOptions = {}): Promise<Reply<T>> {
  const target = new URL(apiPath.startsWith('//') ? `${url}${apiPath.slice(1)}` : `${url}/api/v1${apiPath}`);
  for (const [key, value] of Object.entries(options.query ?? {})) target.searchParams.set(key, String(value));
  const headers: Record<string, string> = { ...options.headers };
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (options.token !== undefined) headers.authorization = `OAuth ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  } else if (options.raw !== undefined) body = options.raw;
  const response = await fetch(target, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** Polls an operation until it is SUCCESS or FAIL (or `timeoutMs` passes). */
export async function waitOperation(url: string, token: string, id: string, timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await call(url, 'GET', `/operations/${id}`, { token });
    if (reply.status !== 200) throw new Error(`GET /operations/${id}: ${reply.status} ${reply.text}`);
    if (reply.body.status === 'SUCCESS' || reply.body.status === 'FAIL') return reply.body;
    if (Date.now() > deadline) throw new Error(`operation ${id} still ${reply.body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reads every result of an operation by `sort=task_id` + `task_id_gt` paging. */
export async function allSolutions(url: string, token: string, id: string, limit = 1000): Promise<any[]> {
  const items: any[] = [];
  let after: string | undefined;
  for (;;) {
    const query: Record<string, string | number> = { sort: 'task_id', limit };
    if (after !== undefined) query.task_id_gt = after;
    const reply = await call(url, 'GET', `/aggregated-solutions/${id}`, { token, query });
    if (reply.status !== 200) throw new Error(`results page: ${reply.status} ${reply.text}`);
    items.push(...reply.body.items);
    if (!reply.body.has_more) return items;
    after = reply.body.items.at(-1).task_id;
  }
}

/** Polls until the operation is RUNNING; fails if it finishes first (for tests that interrupt a run). */
export async function untilRunning(url: string, id: string, token = ALICE): Promise<any> {
  for (;;) {
    const op = (await call(url, 'GET', `/operations/${id}`, { token })).body;
    if (op.status === 'RUNNING') return op;
    if (op.status !== 'PENDING') throw new Error(`operation finished before it could be interrupted: ${JSON.stringify(op)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
