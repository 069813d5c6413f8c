import { describe, expect, it } from 'vitest';
import { useScriptedServer } from './test-support/harness.js';
import { ok } from './test-support/scripted-server.js';
import type { SeenRequest } from './test-support/scripted-server.js';
import { operation } from './test-support/toloka-fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Echoes the request body back with an id and a creation time, as Toloka does for created entities. */
const created = (id: string) => (request: SeenRequest) =>
  ok({ ...(request.body as object), id, created: '2026-12-01T02:07:50.446' }, 201);

const project = {
  public_name: 'Cats or dogs',
  task_spec: {
    input_spec: { image: { type: 'url' as const } },
    output_spec: { result: { type: 'string' as const, allowed_values: ['cat', 'dog'] } },
    view_spec: { type: 'classic' as const },
  },
};

describe('data-loading calls', () => {
  const h = useScriptedServer();

  it('creates and reads skills, user skills, projects and pools', async () => {
    h.server
      .on('POST', '/skills', created('1'))
      .on('GET', '/skills/1', ok({ id: '1', name: 'accuracy' }))
      .on('PUT', '/user-skills', (r) => ok({ ...(r.body as object), id: 'us-1', value: 73, exact_value: 72.5 }, 201))
      .on('POST', '/projects', created('p1'))
      .on('GET', '/projects/p1', ok({ id: 'p1', ...project }))
      .on('POST', '/pools', created('4'))
      .on('GET', '/pools/4', ok({ id: '4', project_id: 'p1', status: 'OPEN' }));

    const skill = await h.client.createSkill({ name: 'accuracy', hidden: true });
    expect(skill).toMatchObject({ id: '1', name: 'accuracy', hidden: true });
    expect(await h.client.getSkill('1')).toEqual({ id: '1', name: 'accuracy' });
    const userSkill = await h.client.setUserSkill({ skill_id: '1', user_id: 'w1', value: 72.5 });
    expect(userSkill).toMatchObject({ value: 73, exact_value: 72.5 });
    expect(h.server.seen('PUT', '/user-skills')[0]?.body).toEqual({ skill_id: '1', user_id: 'w1', value: 72.5 });
    expect((await h.client.createProject(project)).id).toBe('p1');
    expect((await h.client.getProject('p1')).task_spec.output_spec.result?.type).toBe('string');
    const pool = await h.client.createPool({ project_id: 'p1', private_name: 'batch 1', defaults: { default_overlap_for_new_tasks: 3 } });
    expect(pool).toMatchObject({ id: '4', project_id: 'p1' });
    expect((await h.client.getPool('4')).status).toBe('OPEN');
  });

  it('creates tasks synchronously with toloka-kit’s query and a fresh operation id', async () => {
    h.server.on('POST', '/tasks', (r) => {
      const tasks = r.body as Array<{ pool_id: string; input_values: object }>;
      const items = Object.fromEntries(tasks.map((t, i) => [String(i), { ...t, id: `t${i}` }]));
      return ok({ items }, 201);
    });
    const tasks = [
      { pool_id: '4', input_values: { image: 'a.png' } },
      { pool_id: '4', input_values: { image: 'b.png' } },
    ];
    const result = await h.client.createTasks(tasks);
    expect(Object.keys(result.items)).toEqual(['0', '1']);
    expect(result.items['1']?.id).toBe('t1');
    await h.client.createTasks(tasks, { operationId: '0b6e2c43-1f7c-4d0e-8d5a-2f3b1c9e7a10', skipInvalidItems: true });
    const [first, second] = h.server.seen('POST', '/tasks');
    expect(first?.query.get('async_mode')).toBe('false');
    expect(first?.query.get('allow_defaults')).toBe('true');
    expect(first?.query.get('operation_id')).toMatch(UUID);
    expect(first?.query.has('skip_invalid_items')).toBe(false);
    expect(second?.query.get('operation_id')).toBe('0b6e2c43-1f7c-4d0e-8d5a-2f3b1c9e7a10');
    expect(second?.query.get('skip_invalid_items')).toBe('true');
  });

  it('creates tasks asynchronously, then reads the operation log and the tasks', async () => {
    const batch = operation({ id: 'b1', type: 'TASK.BATCH_CREATE', parameters: {} });
    h.server
      .on('POST', '/tasks', ok(batch, 202))
      .on('GET', '/operations/b1/log', ok([{ type: 'TASK_CREATE', success: true, input: { __item_idx: '0' }, output: { task_id: 't0' } }]))
      .on('GET', '/tasks', ok({ items: [{ id: 't0', pool_id: '4', input_values: { image: 'a.png' } }], has_more: false }))
      .on('GET', '/tasks/t0', ok({ id: 't0', pool_id: '4', input_values: { image: 'a.png' } }));
    const op = await h.client.createTasks([{ pool_id: '4', input_values: { image: 'a.png' } }], { asyncMode: true });
    expect(op).toMatchObject({ id: 'b1', type: 'TASK.BATCH_CREATE' });
    expect(h.server.seen('POST', '/tasks')[0]?.query.get('async_mode')).toBe('true');
    expect(await h.client.getOperationLog('b1')).toEqual([
      { type: 'TASK_CREATE', success: true, input: { __item_idx: '0' }, output: { task_id: 't0' } },
    ]);
    const page = await h.client.findTasks({ pool_id: '4', id_gte: 't0', id_lte: 't9', sort: 'id', limit: 100 });
    expect(page.items.map((t) => t.id)).toEqual(['t0']);
    expect(Object.fromEntries(h.server.seen('GET', '/tasks')[0]!.query)).toEqual({
      pool_id: '4',
      id_gte: 't0',
      id_lte: 't9',
      sort: 'id',
      limit: '100',
    });
    expect((await h.client.getTask('t0')).input_values).toEqual({ image: 'a.png' });
  });

  it('imports assignments and returns the server’s summary', async () => {
    h.server.on('POST', '/assignments', ok({ created: 1, unchanged: 0, updated: 0, failed: 0 }, 201));
    const summary = await h.client.importAssignments([
      {
        id: 'a1',
        pool_id: '4',
        user_id: 'w1',
        status: 'ACCEPTED',
        tasks: [{ id: 't0' }],
        solutions: [{ output_values: { result: 'cat' } }],
      },
    ]);
    expect(summary).toEqual({ created: 1, unchanged: 0, updated: 0, failed: 0 });
    expect(h.server.seen('POST', '/assignments')[0]?.body).toMatchObject([{ id: 'a1', status: 'ACCEPTED' }]);
  });

  it('lists operations with filters', async () => {
    h.server.on('GET', '/operations', ok({ items: [operation({ status: 'SUCCESS' })], has_more: false }));
    const page = await h.client.findOperations({ type: 'SOLUTION.AGGREGATE', status: 'SUCCESS', sort: '-submitted', limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(Object.fromEntries(h.server.seen('GET', '/operations')[0]!.query)).toEqual({
      type: 'SOLUTION.AGGREGATE',
      status: 'SUCCESS',
      sort: '-submitted',
      limit: '10',
    });
  });
});
