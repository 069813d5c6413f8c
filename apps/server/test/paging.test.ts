/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- HTTP replies are untyped JSON that the assertions check */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedPool, stringField } from './support/fixtures.js';
import { ALICE, allSolutions, call, cleanupTempDirs, startServer, tempDir, waitOperation, type ServerProcess } from './support/server-process.js';
import { syntheticAnswers } from './support/synthetic.js';

const running: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  cleanupTempDirs();
});

describe('a pool of 10,000 tasks', () => {
  const db = path.join(tempDir(), 'paging.sqlite');

  it('queues one operation for a retried aggregate-by-pool POST, which a later process completes once', async () => {
    // Task ids of mixed widths: '10' < '9' as strings, so numeric ordering would lose pages.
    const answers = syntheticAnswers({ tasks: 10_000, answersPerTask: 3, workers: 97, labels: ['0', '1'], seed: 3, taskId: (i) => String(i) });
    const queueOnly = await startServer({ db, args: ['--no-worker'] });
    running.push(queueOnly);
    const { poolId } = await seedPool(queueOnly.url, ALICE, { outputSpec: stringField(['0', '1']), answers });
    const request = { type: 'DAWID_SKENE', pool_id: poolId, fields: [{ name: 'result' }] };
    const first = await call(queueOnly.url, 'POST', '/aggregated-solutions/aggregate-by-pool', { token: ALICE, json: request });
    const retry = await call(queueOnly.url, 'POST', '/aggregated-solutions/aggregate-by-pool', { token: ALICE, json: request });
    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(retry.body.id).toBe(first.body.id);
    const queued = await call(queueOnly.url, 'GET', '/operations', { token: ALICE, query: { type: 'SOLUTION.AGGREGATE' } });
    expect(queued.body.items).toHaveLength(1);
    await queueOnly.stop();

    const worker = await startServer({ db });
    running.push(worker);
    const done = await waitOperation(worker.url, ALICE, first.body.id);
    expect(done.status).toBe('SUCCESS');
    expect(done.details).toMatchObject({ tasks: 10_000, answers: 30_000 });

    const expected = [...new Set(answers.map((a) => a.task))].sort();
    for (const limit of [300, 1000, 100_000]) {
      const items = await allSolutions(worker.url, ALICE, first.body.id, limit);
      expect(items.map((i) => i.task_id)).toEqual(expected);
    }
    // Descending pages with task_id_lt lose nothing either.
    const backwards: string[] = [];
    let query: Record<string, string | number> = { sort: '-task_id', limit: 777 };
    for (;;) {
      const page = await call(worker.url, 'GET', `/aggregated-solutions/${first.body.id}`, { token: ALICE, query });
      backwards.push(...page.body.items.map((i: { task_id: string }) => i.task_id));
      if (!page.body.has_more) break;
      query = { ...query, task_id_lt: page.body.items.at(-1).task_id };
    }
    expect(backwards).toEqual([...expected].reverse());
    // The tasks list pages the same way.
    const tasks: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await call(worker.url, 'GET', '/tasks', { token: ALICE, query: { pool_id: poolId, sort: 'id', limit: 1000, ...(after === undefined ? {} : { id_gt: after }) } });
      tasks.push(...page.body.items.map((t: { id: string }) => t.id));
      if (!page.body.has_more) break;
      after = page.body.items.at(-1).id;
    }
    expect(tasks).toEqual(expected);
  }, 180_000);
});
