import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPool, stringField } from './support/fixtures.js';
import { ALICE, call, cleanupTempDirs, startServer, waitOperation, type ServerProcess } from './support/server-process.js';

let server: ServerProcess;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
  cleanupTempDirs();
});

describe('numeric ids in requests', () => {
  it('reach zero-padded pools and skills ("pool_id": 1 for 000000000001)', async () => {
    const seeded = await seedPool(server.url, ALICE, {
      outputSpec: stringField(['yes', 'no']),
      answers: [
        { task: 'n1', worker: 'A', label: 'yes' },
        { task: 'n1', worker: 'B', label: 'yes' },
      ],
      skills: { A: 70, B: 90 },
    });
    const poolNumber = Number(seeded.poolId);
    expect(String(poolNumber).length).toBeLessThan(seeded.poolId.length);

    const pool = await call(server.url, 'GET', `/pools/${poolNumber}`, { token: ALICE });
    expect(pool.status).toBe(200);
    expect(pool.body.id).toBe(seeded.poolId);

    const byTask = await call(server.url, 'POST', '/aggregated-solutions/aggregate-by-task', {
      token: ALICE,
      json: {
        type: 'WEIGHTED_DYNAMIC_OVERLAP',
        pool_id: poolNumber,
        task_id: 'n1',
        answer_weight_skill_id: Number(seeded.skillId),
        fields: [{ name: 'result' }],
      },
    });
    expect(byTask.status).toBe(200);
    expect(byTask.body.pool_id).toBe(seeded.poolId);
    expect(byTask.body.output_values).toEqual({ result: 'yes' });

    const byPool = await call(server.url, 'POST', '/aggregated-solutions/aggregate-by-pool', {
      token: ALICE,
      json: { type: 'DAWID_SKENE', pool_id: poolNumber, fields: [{ name: 'result' }] },
    });
    expect(byPool.status).toBe(202);
    const done = await waitOperation(server.url, ALICE, byPool.body.id as string);
    expect(done.status).toBe('SUCCESS');
  });
});
