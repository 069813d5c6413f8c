/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- HTTP replies are untyped JSON that the assertions check */
/**
 * Durable pool operations: a DS operation over a large pool survives kill -9
 * and SIGTERM of the process running it; the next process takes the expired
 * lease over; the results are written exactly once.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedPool, stringField } from './support/fixtures.js';
import { ALICE, allSolutions, call, cleanupTempDirs, startServer, tempDir, untilRunning, waitOperation, type ServerProcess } from './support/server-process.js';
import { syntheticAnswers } from './support/synthetic.js';

const TASKS = 50_000;
const LEASE = ['--lease-ms', '1500', '--poll-ms', '100'];
const running: ServerProcess[] = [];

async function start(db: string, extra: string[] = []): Promise<ServerProcess> {
  const server = await startServer({ db, args: [...LEASE, ...extra] });
  running.push(server);
  return server;
}

function resultRowCount(db: string, operationId: string): number {
  const sqlite = new Database(db, { readonly: true });
  try {
    const row = sqlite.prepare('SELECT COUNT(*) AS n FROM aggregated_solutions WHERE operation_id = ?').get(operationId) as { n: number };
    return row.n;
  } finally {
    sqlite.close();
  }
}

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop('SIGKILL')));
  cleanupTempDirs();
});

describe('restart in the middle of a pool operation', () => {
  const db = path.join(tempDir(), 'restart.sqlite');
  let poolId = '';
  let expectedIds: string[] = [];

  it('kill -9 while RUNNING: the next process takes the lease over and completes once', async () => {
    const first = await start(db);
    const answers = syntheticAnswers({ tasks: TASKS, answersPerTask: 5, workers: 301, labels: ['a', 'b', 'c'], seed: 7 });
    expectedIds = [...new Set(answers.map((a) => a.task))].sort();
    poolId = (await seedPool(first.url, ALICE, { outputSpec: stringField(['a', 'b', 'c']), answers })).poolId;

    const op = await call(first.url, 'POST', '/aggregated-solutions/aggregate-by-pool', { token: ALICE, json: { type: 'DAWID_SKENE', pool_id: poolId, fields: [{ name: 'result' }] } });
    expect(op.status).toBe(202);
    await untilRunning(first.url, op.body.id);
    expect(await first.stop('SIGKILL')).toBeNull();

    const second = await start(db);
    const stuck = (await call(second.url, 'GET', `/operations/${op.body.id}`, { token: ALICE })).body;
    expect(['RUNNING', 'SUCCESS']).toContain(stuck.status);
    const done = await waitOperation(second.url, ALICE, op.body.id, 90_000);
    expect(done.status).toBe('SUCCESS');
    expect(second.output()).toMatch(new RegExp(`operation ${op.body.id} claimed \\(attempt 2\\)`));
    const items = await allSolutions(second.url, ALICE, op.body.id, 5000);
    expect(items.map((i) => i.task_id)).toEqual(expectedIds);
    expect(resultRowCount(db, op.body.id)).toBe(TASKS);
    await second.stop();
  }, 180_000);

  it('SIGTERM while RUNNING (no grace): the operation is released at once, uncounted, and the next process completes it', async () => {
    const third = await start(db, ['--grace-ms', '0']);
    const op = await call(third.url, 'POST', '/aggregated-solutions/aggregate-by-pool', { token: ALICE, json: { type: 'DAWID_SKENE', pool_id: poolId, fields: [] } });
    expect(op.status).toBe(202);
    await untilRunning(third.url, op.body.id);
    expect(await third.stop('SIGTERM')).toBe(0);
    expect(third.output()).toMatch(/SIGTERM: shutting down/);
    // Released at the next checkpoint, unless SIGTERM came while the results were being written.
    const released = new RegExp(`operation ${op.body.id} released on shutdown`).test(third.output());
    const finished = new RegExp(`operation ${op.body.id} succeeded`).test(third.output());
    expect(released || finished, third.output()).toBe(true);

    const fourth = await start(db);
    const done = await waitOperation(fourth.url, ALICE, op.body.id, 90_000);
    expect(done.status).toBe('SUCCESS');
    // A release on shutdown does not count as a failed attempt.
    if (released) expect(fourth.output()).toMatch(new RegExp(`operation ${op.body.id} claimed \\(attempt 1\\)`));
    const items = await allSolutions(fourth.url, ALICE, op.body.id, 100_000);
    expect(items.map((i) => i.task_id)).toEqual(expectedIds);
    expect(resultRowCount(db, op.body.id)).toBe(TASKS);
    const running = await call(fourth.url, 'GET', '/operations', { token: ALICE, query: { status: 'RUNNING' } });
    expect(running.body.items).toEqual([]);
    await fourth.stop();
  }, 180_000);
});
