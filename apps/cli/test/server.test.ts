import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataset, parseTsv, REPO_ROOT, requireBuiltCli, runCli, tempDir } from './helpers.js';
import type { CliRun } from './helpers.js';

// `remote` and `import` against a real crowdagg-server process on a loopback port and a SQLite file.
const SERVER_BIN = path.join(REPO_ROOT, 'apps/server/dist/bin.js');
const TOKEN = 'cli-test-token-7f3a9c';
const { dir, cleanup } = tempDir('crowdagg-cli-server-');
let server: ChildProcess | undefined;
let url = '';

function startServer(): Promise<string> {
  if (!existsSync(SERVER_BIN)) throw new Error(`${SERVER_BIN} is missing: build @crowdagg/server first`);
  const child = spawn(process.execPath, [SERVER_BIN, '--port', '0', '--db', path.join(dir, 'server.sqlite')], {
    env: { ...process.env, CROWDAGG_TOKENS: `${TOKEN}:acct` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/[^\s)]+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`crowdagg-server exited with ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`crowdagg-server did not start: ${output}`)), 30_000).unref();
  });
}

const seen: CliRun[] = [];
async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const run = await runCli(args, { env: { CROWDAGG_TOKEN: undefined, TOLOKA_TOKEN: undefined, ...env } });
  seen.push(run);
  return run;
}

beforeAll(async () => {
  requireBuiltCli();
  url = await startServer();
});

afterAll(() => {
  server?.kill();
  cleanup();
});

const golden = new Map(parseTsv(readFileSync(dataset('duck', 'golden.tsv'), 'utf8')).map((r) => [r.task!, r.label!]));
function accuracy(rows: Record<string, string>[]): number {
  const scored = rows.filter((r) => golden.has(r.task!));
  return scored.filter((r) => golden.get(r.task!) === r.label).length / scored.length;
}

describe('import and remote against crowdagg-server', () => {
  let poolId = '';
  let skillId = '';

  it('imports duck with a new project, pool and skill; a second run is a no-op', async () => {
    const skills = path.join(dir, 'skills.tsv');
    const workers = [...new Set(parseTsv(readFileSync(dataset('duck', 'responses.tsv'), 'utf8')).map((r) => r.worker!))];
    writeFileSync(skills, `worker\tskill\n${workers.map((w, i) => `${w}\t${50 + (i % 5) * 10}`).join('\n')}\n`);
    const first = await cli([
      'import',
      dataset('duck', 'responses.tsv'),
      '--url',
      url,
      '--token',
      TOKEN,
      '--create-project',
      '--create-pool',
      '--skills',
      skills,
      '--create-skill',
      'duck accuracy',
      '--batch-size',
      '500',
    ]);
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout) as {
      pool_id: string;
      skill_id: string;
      tasks: { sent: number; stored: number };
      assignments: { created: number; unchanged: number };
      user_skills: number;
    };
    expect(summary.tasks).toEqual({ sent: 108, stored: 108 });
    expect(summary.assignments).toMatchObject({ created: 4212, unchanged: 0 });
    expect(summary.user_skills).toBe(39);
    poolId = summary.pool_id;
    skillId = summary.skill_id;

    const again = await cli(['import', dataset('duck', 'responses.tsv'), '--url', url, '--pool', poolId], { CROWDAGG_TOKEN: TOKEN });
    expect(again.code).toBe(0);
    const second = JSON.parse(again.stdout) as typeof summary;
    expect(second.tasks).toEqual({ sent: 108, stored: 108 });
    expect(second.assignments).toMatchObject({ created: 0, unchanged: 4212 });
  });

  it('aggregate-pool --wait prints the results like aggregate does (Dawid-Skene on duck)', async () => {
    const run = await cli(['remote', 'aggregate-pool', '--url', url, '--pool', poolId, '--fields', 'label', '--wait'], { TOLOKA_TOKEN: TOKEN });
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const rows = parseTsv(run.stdout);
    expect(Object.keys(rows[0]!)).toEqual(['task', 'label', 'confidence']);
    expect(rows).toHaveLength(108);
    expect(accuracy(rows)).toBeGreaterThanOrEqual(0.85);
    expect(rows.every((r) => Number(r.confidence) >= 0 && Number(r.confidence) <= 1)).toBe(true);
  });

  it('aggregate-pool without --wait prints the operation; operation and results read it back', async () => {
    const started = await cli(['remote', 'aggregate-pool', '--url', url, '--token', TOKEN, '--pool', poolId, '--fields', 'label', '--skill-id', skillId]);
    expect(started.code).toBe(0);
    const operation = JSON.parse(started.stdout) as { id: string; type: string };
    expect(operation.type).toBe('SOLUTION.AGGREGATE');
    let status = '';
    for (let i = 0; i < 100 && status !== 'SUCCESS'; i += 1) {
      const read = await cli(['remote', 'operation', operation.id, '--url', url, '--token', TOKEN]);
      expect(read.code).toBe(0);
      status = (JSON.parse(read.stdout) as { status: string }).status;
      if (status === 'FAIL') throw new Error(read.stdout);
      if (status !== 'SUCCESS') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe('SUCCESS');
    const results = await cli(['remote', 'results', operation.id, '--url', url, '--token', TOKEN, '--format', 'jsonl', '--batch-size', '50']);
    expect(results.code).toBe(0);
    const lines = results.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { task: string; label: string });
    expect(lines).toHaveLength(108);
    expect(accuracy(lines as unknown as Record<string, string>[])).toBeGreaterThan(0.7);
  });

  it('aggregate-task answers one task with weighted dynamic overlap', async () => {
    const task = [...golden.keys()][0]!;
    const run = await cli(['remote', 'aggregate-task', '--url', url, '--token', TOKEN, '--pool', poolId, '--task', task, '--fields', 'label', '--skill-id', skillId, '--format', 'json']);
    expect(run.code).toBe(0);
    const [row] = JSON.parse(run.stdout) as { task: string; label: string; confidence: number }[];
    expect(row!.task).toBe(task);
    expect(['0', '1']).toContain(row!.label);
    expect(row!.confidence).toBeGreaterThan(0.5);
  });

  it('imports a two-field Toloka export (accepted rows only) and aggregates both fields jointly with WDO', async () => {
    const file = path.join(dir, 'toloka.tsv');
    const rows = [
      ['INPUT:image', 'OUTPUT:breed', 'OUTPUT:size', 'ASSIGNMENT:worker_id', 'ASSIGNMENT:status'],
      ['img1', 'pug', 'small', 'u1', 'APPROVED'],
      ['img1', 'pug', 'small', 'u2', 'APPROVED'],
      ['img1', 'husky', 'big', 'u3', 'REJECTED'],
      ['img2', 'husky', 'big', 'u1', 'APPROVED'],
      ['img2', 'husky', 'small', 'u3', 'APPROVED'],
    ];
    writeFileSync(file, rows.map((r) => r.join('\t')).join('\n'));
    const skills = path.join(dir, 'toloka-skills.tsv');
    writeFileSync(skills, 'worker\tskill\nu1\t90\nu2\t60\nu3\t70\n');
    const imported = await cli(['import', file, '--url', url, '--token', TOKEN, '--create-project', '--create-pool', '--id-prefix', 'tk-', '--skills', skills, '--create-skill', 'toloka skill']);
    expect(imported.code).toBe(0);
    const summary = JSON.parse(imported.stdout) as { pool_id: string; skill_id: string; assignments: { created: number } };
    expect(summary.assignments.created).toBe(4);
    const run = await cli([
      'remote',
      'aggregate-pool',
      '--url',
      url,
      '--token',
      TOKEN,
      '--pool',
      summary.pool_id,
      '--fields',
      'breed,size',
      '--skill-id',
      summary.skill_id,
      '--wait',
    ]);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const results = parseTsv(run.stdout);
    expect(Object.keys(results[0]!)).toEqual(['task', 'breed', 'size', 'confidence']);
    expect(results.map((r) => [r.task, r.breed, r.size])).toEqual([
      ['tk-img1', 'pug', 'small'],
      ['tk-img2', 'husky', 'big'],
    ]);
  });

  it('an import into a pool that does not exist fails with the API error and exit code 1', async () => {
    const run = await cli(['import', dataset('duck', 'responses.tsv'), '--url', url, '--token', TOKEN, '--pool', 'no-such-pool', '--batch-size', '10']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/POST .*\/tasks.*: 400 VALIDATION_ERROR/);
    expect(run.stdout).toBe('');
  });

  it('a rejected token fails with exit code 1 and is never printed', async () => {
    const secret = 'wrong-secret-token-0d9e';
    const run = await cli(['remote', 'operation', 'nope', '--url', url, '--token', secret]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/401|AUTHENTICATION/);
    expect(run.stderr + run.stdout).not.toContain(secret);
  });

  it('takes the token from --token, then CROWDAGG_TOKEN, then TOLOKA_TOKEN', async () => {
    const args = ['remote', 'results', '00000000-0000-0000-0000-000000000000', '--url', url];
    // A wrong token answers 401; the right one reaches the (unknown) operation: 404.
    expect((await cli([...args, '--token', TOKEN], { CROWDAGG_TOKEN: 'wrong-1x', TOLOKA_TOKEN: 'wrong-2x' })).stderr).toMatch(/404/);
    expect((await cli(args, { CROWDAGG_TOKEN: TOKEN, TOLOKA_TOKEN: 'wrong-2x' })).stderr).toMatch(/404/);
    expect((await cli(args, { CROWDAGG_TOKEN: 'wrong-1x', TOLOKA_TOKEN: TOKEN })).stderr).toMatch(/401|AUTHENTICATION/);
    expect((await cli(args, { TOLOKA_TOKEN: TOKEN })).stderr).toMatch(/404/);
  });

  it('an unknown operation is a failure naming the API error', async () => {
    const run = await cli(['remote', 'operation', '00000000-0000-0000-0000-000000000000', '--url', url, '--token', TOKEN]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/404 DOES_NOT_EXIST/);
  });

  it('an unreachable server is a failure after the given retries', async () => {
    const run = await cli(['remote', 'operation', 'x', '--url', 'http://127.0.0.1:1', '--token', TOKEN, '--retries', '0']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/got no response \(network\)/);
  });

  it.each([
    [['remote', 'operation', 'x', '--url', 'http://127.0.0.1:1'], /no API token/],
    [['remote', 'operation', 'x', '--url', 'http://127.0.0.1:1', '--token', 't0k3n-usage', '--retries', 'many'], /--retries needs a whole number/],
    [['remote', 'operation', 'x', '--token', 't0k3n-usage'], /--env production\|sandbox or --url/],
    [['remote', 'aggregate-pool', '--url', 'http://127.0.0.1:1', '--token', 't0k3n-usage', '--pool', '1'], /--fields is required/],
    [['remote', 'aggregate-pool', '--env', 'sandbox', '--url', 'http://x', '--token', 't0k3n-usage'], /--env or --url, not both/],
    [['import', 'x.tsv', '--url', 'http://127.0.0.1:1', '--token', 't0k3n-usage'], /--pool <id> or --create-pool/],
  ])('usage error (exit 2) for %j', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('no run printed the token', () => {
    expect(seen.length).toBeGreaterThan(5);
    for (const run of seen) expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });
});
