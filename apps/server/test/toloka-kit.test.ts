/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call -- HTTP replies are untyped JSON that the assertions check */
/**
 * Replays, over HTTP, the exact request sequences toloka-kit 1.2.3 sends
 * (captured from the SDK; Python and toloka-kit cannot be installed here) and
 * checks every response property the SDK needs to parse and page.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAnswers } from './support/fixtures.js';
import { call, cleanupTempDirs, startServer, type CallOptions, type Reply, type ServerProcess } from './support/server-process.js';

/** A token of toloka-kit's API-key shape: exactly two dots, the first at index 23, so the SDK sends `ApiKey`. */
const API_KEY = 'abcdefghijklmnopqrstuvw.xyzxyzxyz.0123456789';
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;

let server: ServerProcess;

/** One request with toloka-kit's headers. */
function sdk(method: string, path: string, lowLevel: string, options: CallOptions = {}): Promise<Reply> {
  return call(server.url, method, path, {
    ...options,
    authorization: `ApiKey ${API_KEY}`,
    headers: {
      'User-Agent': 'python-toloka-client-1.2.3',
      'X-Caller-Context': 'client',
      'X-Top-Level-Method': lowLevel,
      'X-Low-Level-Method': lowLevel,
      Accept: '*/*',
      'Accept-Encoding': 'gzip, deflate, br',
      Connection: 'keep-alive',
      ...options.headers,
    },
  });
}

/** Every timestamp-like value in a response is Toloka's naive UTC form; every `id`-like value is a string. */
function checkShapes(value: unknown, path = ''): void {
  if (Array.isArray(value)) return value.forEach((v, i) => checkShapes(v, `${path}.${i}`));
  if (value === null || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    if (['created', 'modified', 'submitted', 'started', 'finished'].includes(key)) expect(v, `${path}.${key}`).toMatch(TIMESTAMP);
    const userData = /(_spec|input_values|output_values|\.input)(\.|$)/.test(path);
    if ((key === 'id' || key.endsWith('_id')) && !userData) expect(typeof v, `${path}.${key}`).toBe('string');
    if (key === 'has_more') expect(typeof v).toBe('boolean');
    checkShapes(v, `${path}.${key}`);
  }
}

beforeAll(async () => {
  server = await startServer({ tokens: { [API_KEY]: 'kit' } });
});
afterAll(async () => {
  await server.stop();
  cleanupTempDirs();
});

describe('toloka-kit request sequences', () => {
  let skillId = '';
  let poolId = '';
  const created: string[] = [];

  it('create_skill, set_user_skill (PUT), create_project, create_pool', async () => {
    const skill = await sdk('POST', '/skills', 'create_skill', { json: { name: 'Accuracy', hidden: true, public_requester_description: { EN: 'Share of right answers' } } });
    expect(skill.status).toBe(201);
    skillId = skill.body.id;
    checkShapes(skill.body);

    for (const [user, value] of [['w1', 72.5], ['w2', 90], ['w3', 60]] as const) {
      const set = await sdk('PUT', '/user-skills', 'set_user_skill', { json: { skill_id: skillId, user_id: user, value } });
      expect(set.status).toBe(201);
      expect(set.body).toMatchObject({ skill_id: skillId, user_id: user, value: Math.round(value), exact_value: value });
      expect(Number.isInteger(set.body.value)).toBe(true);
      checkShapes(set.body);
    }

    const project = await sdk('POST', '/projects', 'create_project', {
      json: {
        public_name: 'Is it a cat?',
        public_description: 'Look at the picture',
        public_instructions: 'Answer yes or no',
        private_comment: 'demo',
        task_spec: {
          input_spec: { id: { required: true, hidden: false, type: 'string' } },
          output_spec: { result: { required: true, hidden: false, allowed_values: ['yes', 'no'], type: 'string' } },
          view_spec: { script: 'exports.Task = extend(TolokaHandlebarsTask, {});', markup: '{{field type="radio"}}', styles: '', type: 'classic' },
        },
        assignments_issuing_type: 'AUTOMATED',
      },
    });
    expect(project.status).toBe(201);
    expect(project.body.task_spec.output_spec.result.type).toBe('string');
    expect(project.body.task_spec.input_spec.id.type).toBe('string');
    expect(project.body.task_spec.view_spec.type).toBe('classic');
    checkShapes(project.body);

    const pool = await sdk('POST', '/pools', 'create_pool', {
      json: {
        project_id: project.body.id,
        private_name: 'Pool 1',
        may_contain_adult_content: false,
        reward_per_assignment: 0.01,
        assignment_max_duration_seconds: 600,
        defaults: { default_overlap_for_new_task_suites: 0, default_overlap_for_new_tasks: 3 },
        will_expire: '2026-12-31T02:07:50.446078',
        quality_control: { configs: [] },
        dynamic_overlap_config: { type: 'BASIC', max_overlap: 5, min_confidence: 0.9, answer_weight_skill_id: skillId, fields: [{ name: 'result' }] },
        mixer_config: { real_tasks_count: 1, golden_tasks_count: 0, training_tasks_count: 0 },
      },
    });
    expect(pool.status).toBe(201);
    expect(pool.body).toMatchObject({ project_id: project.body.id, status: 'OPEN', type: 'REGULAR' });
    poolId = pool.body.id;
    checkShapes(pool.body);
  });

  it('create_tasks and create_task in sync mode (operation_id is sent anyway); a retry creates nothing new', async () => {
    const query = { operation_id: randomUUID(), async_mode: 'false', allow_defaults: 'true' };
    const body = [0, 1, 2].map((i) => ({ input_values: { id: `t${i}` }, pool_id: poolId }));
    const batch = await sdk('POST', '/tasks', 'create_tasks', { query, json: body });
    expect(batch.status).toBe(201);
    expect(Object.keys(batch.body.items)).toEqual(['0', '1', '2']);
    expect(batch.body.items['1'].input_values).toEqual({ id: 't1' });
    checkShapes(batch.body);
    created.push(...Object.values(batch.body.items as Record<string, { id: string }>).map((t) => t.id));

    const retry = await sdk('POST', '/tasks', 'create_tasks', { query, json: body });
    expect(retry.status).toBe(201);
    expect(retry.body.items).toEqual(batch.body.items);
    const listed = await sdk('GET', '/tasks', 'get_tasks', { query: { pool_id: poolId, limit: '100' } });
    expect(listed.body.items).toHaveLength(3);

    const single = await sdk('POST', '/tasks', 'create_task', { query: { operation_id: randomUUID(), async_mode: 'false', allow_defaults: 'true' }, json: { input_values: { id: 'solo' }, pool_id: poolId } });
    expect(single.status).toBe(201);
    expect(single.body).toMatchObject({ pool_id: poolId, input_values: { id: 'solo' } });
    created.push(single.body.id);
  });

  it('create_tasks in the default async mode: 202 operation, poll, log, then GET /tasks by id range, paged', async () => {
    const operationId = randomUUID();
    const body = Array.from({ length: 120 }, (_, i) => ({ input_values: { id: `async-${i}` }, pool_id: poolId, __item_idx: String(i) }));
    const started = await sdk('POST', '/tasks', 'create_tasks', { query: { operation_id: operationId, async_mode: 'true', allow_defaults: 'true' }, json: body });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ id: operationId, type: 'TASK.BATCH_CREATE' });
    checkShapes(started.body);

    const op = await sdk('GET', `/operations/${operationId}`, 'wait_operation');
    expect(op.status).toBe(200);
    expect(op.body.status).toBe('SUCCESS');
    expect(op.body.progress).toBe(100);
    checkShapes(op.body);

    const log = await sdk('GET', `/operations/${operationId}/log`, 'get_operation_log');
    expect(log.status).toBe(200);
    expect(log.body).toHaveLength(120);
    expect(log.body[7]).toMatchObject({ type: 'TASK_CREATE', success: true, input: { __item_idx: '7', pool_id: poolId, input_values: { id: 'async-7' } } });
    const ids: string[] = log.body.map((line: { output: { task_id: string } }) => line.output.task_id);
    const sorted = [...ids].sort();
    const found: { id: string; input_values: { id: string } }[] = [];
    let query: Record<string, string> = { pool_id: poolId, id_gte: sorted[0]!, id_lte: sorted.at(-1)!, sort: 'id' };
    for (let pages = 0; ; pages += 1) {
      const page = await sdk('GET', '/tasks', 'get_tasks', { query });
      expect(page.status).toBe(200);
      checkShapes(page.body);
      if (page.body.has_more) expect(page.body.items.length).toBeGreaterThan(0);
      found.push(...page.body.items);
      if (!page.body.has_more) {
        expect(pages).toBeGreaterThanOrEqual(2);
        break;
      }
      query = { ...query, id_gt: page.body.items.at(-1).id };
    }
    expect(found.map((t) => t.id)).toEqual(sorted);
    expect(new Set(found.map((t) => t.input_values.id)).size).toBe(120);
    created.push(...ids);
  });

  it('aggregate_solutions_by_task and by_pool, wait_operation, get/find_aggregated_solutions', async () => {
    const answers = created.flatMap((task, i) => [
      { task, worker: 'w1', label: i % 3 === 0 ? 'no' : 'yes' },
      { task, worker: 'w2', label: 'yes' },
      { task, worker: 'w3', label: i % 2 === 0 ? 'no' : 'yes' },
    ]);
    await importAnswers(server.url, API_KEY, poolId, answers);

    const byTask = await sdk('POST', '/aggregated-solutions/aggregate-by-task', 'aggregate_solutions_by_task', {
      json: { task_id: created[1], pool_id: poolId, answer_weight_skill_id: skillId, fields: [{ name: 'result' }], type: 'WEIGHTED_DYNAMIC_OVERLAP' },
    });
    expect(byTask.status).toBe(200);
    expect(byTask.body).toMatchObject({ pool_id: poolId, task_id: created[1], output_values: { result: 'yes' } });
    expect(typeof byTask.body.confidence).toBe('number');

    const request = { type: 'DAWID_SKENE', pool_id: poolId, fields: [{ name: 'result' }] };
    const byPool = await sdk('POST', '/aggregated-solutions/aggregate-by-pool', 'aggregate_solutions_by_pool', { json: request });
    expect(byPool.status).toBe(202);
    expect(byPool.body).toMatchObject({ type: 'SOLUTION.AGGREGATE', parameters: { pool_id: poolId }, progress: 0 });
    expect(byPool.body.details).toEqual({});
    checkShapes(byPool.body);
    // toloka-kit retries POSTs: the same request again is the same operation while that one is unfinished
    // (a finished one may already have been replaced by a fresh run, which is harmless).
    const retried = await sdk('POST', '/aggregated-solutions/aggregate-by-pool', 'aggregate_solutions_by_pool', { json: request });
    expect(retried.status).toBe(202);
    if (retried.body.id !== byPool.body.id) {
      expect((await sdk('GET', `/operations/${byPool.body.id}`, 'get_operation')).body.status).toBe('SUCCESS');
    }

    let op = byPool.body;
    for (let i = 0; i < 600 && op.status !== 'SUCCESS' && op.status !== 'FAIL'; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      op = (await sdk('GET', `/operations/${byPool.body.id}`, 'wait_operation')).body;
      expect(['PENDING', 'RUNNING', 'SUCCESS', 'FAIL']).toContain(op.status);
      expect(Number.isInteger(op.progress)).toBe(true);
    }
    expect(op.status).toBe('SUCCESS');
    expect(op.started).toMatch(TIMESTAMP);
    expect(op.finished).toMatch(TIMESTAMP);

    // get_aggregated_solutions(op, batch_size=40)
    const seen: string[] = [];
    let query: Record<string, string> = { sort: 'task_id', limit: '40' };
    for (;;) {
      const page = await sdk('GET', `/aggregated-solutions/${op.id}`, 'get_aggregated_solutions', { query });
      expect(page.status).toBe(200);
      checkShapes(page.body);
      if (page.body.has_more) expect(page.body.items.length).toBe(40);
      seen.push(...page.body.items.map((s: { task_id: string }) => s.task_id));
      if (!page.body.has_more) break;
      query = { task_id_gt: page.body.items.at(-1).task_id, sort: 'task_id', limit: '40' };
    }
    expect(seen).toEqual([...created].sort());

    // without batch_size: no limit, the server's default page (50), has_more paging
    const first = await sdk('GET', `/aggregated-solutions/${op.id}`, 'get_aggregated_solutions', { query: { sort: 'task_id' } });
    expect(first.body.items).toHaveLength(50);
    expect(first.body.has_more).toBe(true);

    // find_aggregated_solutions(op, task_id_gte=…, sort=['-task_id'], limit=2)
    const pivot = seen[10]!;
    const found = await sdk('GET', `/aggregated-solutions/${op.id}`, 'find_aggregated_solutions', { query: { task_id_gte: pivot, sort: '-task_id', limit: '2' } });
    expect(found.status).toBe(200);
    expect(found.body.items.map((s: { task_id: string }) => s.task_id)).toEqual([seen.at(-1), seen.at(-2)]);
    expect(found.body.has_more).toBe(true);

    const ops = await sdk('GET', '/operations', 'find_operations', { query: { type: 'SOLUTION.AGGREGATE', status: 'SUCCESS', limit: '500' } });
    expect(ops.body.items.map((o: { id: string }) => o.id)).toContain(op.id);
  });

  it('puts a JSON body with a string code on every error the SDK can meet', async () => {
    for (const reply of [
      await sdk('GET', '/operations/unknown', 'get_operation'),
      await sdk('POST', '/skills', 'create_skill', { json: {} }),
      await call(server.url, 'GET', '/skills', { authorization: 'OAuth wrong' }),
      await sdk('PATCH', '/skills', 'patch'),
    ]) {
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(typeof reply.body.code).toBe('string');
      expect(typeof reply.body.message).toBe('string');
      expect(typeof reply.body.request_id).toBe('string');
    }
  });
});
