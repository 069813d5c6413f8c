import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, call, cleanupTempDirs, startServer, tempDir } from './support/server-process.js';

afterAll(() => cleanupTempDirs());

function run(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('crowdagg-server flags', () => {
  it('prints every flag with --help', () => {
    const { status, stdout } = run(['--help']);
    expect(status).toBe(0);
    for (const flag of ['--host', '--port', '--db', '--tokens-file', '--tokens', '--demo', '--max-body-bytes', '--max-batch', '--quota-aggregate-by-pool', '--no-worker', '--lease-ms']) {
      expect(stdout).toContain(flag);
    }
    for (const env of ['HOST', 'PORT', 'DATABASE_URL', 'CROWDAGG_TOKENS']) expect(stdout).toContain(`[${env}`);
  });

  it('exits 2 naming the bad flag, variable or file line', () => {
    const port = run(['--port', 'eighty']);
    expect(port.status).toBe(2);
    expect(port.stderr).toContain('--port');
    const envPort = run([], { PORT: '-1' });
    expect(envPort.status).toBe(2);
    expect(envPort.stderr).toContain('PORT');
    const unknown = run(['--colour']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--colour');
    const quota = run(['--quota-aggregate-by-pool', '5 per minute']);
    expect(quota.status).toBe(2);
    expect(quota.stderr).toContain('5 per minute');
    const file = path.join(tempDir(), 'tokens.txt');
    writeFileSync(file, '# tokens\nalpha acme\nbroken-line-without-account\n');
    const tokens = run(['--tokens-file', file]);
    expect(tokens.status).toBe(2);
    expect(tokens.stderr).toContain(`${file}:3`);
  });

  it('reads tokens from a file and from CROWDAGG_TOKENS, logs one line per request without the token', async () => {
    const file = path.join(tempDir(), 'tokens.txt');
    writeFileSync(file, '# token account\nfile-token-123 filed\n');
    const server = await startServer({ tokens: { 'env-token-456': 'env' }, args: ['--tokens-file', file] });
    try {
      const fromFile = await call(server.url, 'POST', '/skills', { token: 'file-token-123', json: { name: 'f' } });
      expect(fromFile.status).toBe(201);
      const fromEnv = await call(server.url, 'GET', '/skills', { token: 'env-token-456' });
      expect(fromEnv.status).toBe(200);
      expect(fromEnv.body.items).toEqual([]);
      await call(server.url, 'GET', '/skills', { token: 'file-token-123', query: { limit: 5 } });
      await new Promise((r) => setTimeout(r, 100));
      expect(server.output()).toMatch(/POST \/api\/v1\/skills 201 \d+\.\dms/);
      expect(server.output()).toMatch(/GET \/api\/v1\/skills 200 \d+\.\dms/);
      expect(server.output()).not.toContain('file-token-123');
      expect(server.output()).not.toContain('env-token-456');
      const busy = run(['--port', new URL(server.url).port, '--db', ':memory:']);
      expect(busy.status).toBe(2);
      expect(busy.stderr).toContain('EADDRINUSE');
      expect(await server.stop('SIGTERM')).toBe(0);
      expect(server.output()).toContain('stopped');
    } finally {
      await server.stop('SIGKILL');
    }
  });
});
