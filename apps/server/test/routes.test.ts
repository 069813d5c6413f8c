/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- HTTP replies are untyped JSON that the assertions check */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildMatrix, dawidSkene, resultRows, weightedDynamicOverlap } from '@crowdagg/local-aggregator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentId, expectStatus, seedPool, stringField } from './support/fixtures.js';
import { ALICE, allSolutions, call, cleanupTempDirs, SERVER_DIR, startServer, waitOperation, type ServerProcess } from './support/server-process.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;
let server: ServerProcess;
let url: string;

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] });
  url = server.url;
});
afterAll(async () => {
  await server.stop();
  cleanupTempDirs();
});

describe('weighted dynamic overlap through HTTP', () => {
  it("reproduces Toloka's worked examples (0.9767, 0.7606, 0.9621)", async () => {
    const seeded = await seedPool(url, ALICE, {
      outputSpec: stringField(['OK', 'BAD', '404']),
      answers: [
        { task: 'ex1', worker: 'A', label: 'OK' },
        { task: 'ex1', worker: 'B', label: 'OK' },
        { task: 'ex2', worker: 'A', label: 'OK' },
        { task: 'ex2', worker: 'B', label: 'BAD' },
        { task: 'ex3', worker: 'A', label: 'OK' },
        { task: 'ex3', worker: 'B', label: 'BAD' },
        { task: 'ex3', worker: 'C', label: 'BAD' },
      ],
      skills: { A: 70, B: 90, C: 80 },
    });
    const expected = { ex1: ['OK', 0.9767], ex2: ['BAD', 0.7606], ex3: ['BAD', 0.9621] } as const;
    for (const [task, [label, confidence]] of Object.entries(expected)) {
      const reply = await call(url, 'POST', '/aggregated-solutions/aggregate-by-task', {
        token: ALICE,
        json: {
          type: 'WEIGHTED_DYNAMIC_OVERLAP',
          pool_id: seeded.poolId,
          task_id: task,
          answer_weight_skill_id: seeded.skillId,
          fields: [{ name: 'result' }],
        },
      });
      expect(reply.status).toBe(200);
      expect(reply.body.task_id).toBe(task);
      expect(reply.body.pool_id).toBe(seeded.poolId);
      expect(reply.body.output_values).toEqual({ result: label });
      expect(reply.body.confidence).toBeCloseTo(confidence, 4);
    }
  });

  it('counts baseline_solutions as extra answers weighted by confidence_weight', async () => {
    const seeded = await seedPool(url, ALICE, { outputSpec: stringField(['OK', 'BAD', '404']), answers: [], skills: { A: 70 } });
    const created = await call(url, 'POST', '/tasks', {
      token: ALICE,
      json: { id: 'base-1', pool_id: seeded.poolId, input_values: {}, baseline_solutions: [{ output_values: { result: 'BAD' }, confidence_weight: 0.9 }] },
    });
    expect(created.status).toBe(201);
    const imported = await call(url, 'POST', '/assignments', {
      token: ALICE,
      json: { id: 'base-a', pool_id: seeded.poolId, user_id: 'A', status: 'ACCEPTED', tasks: [{ id: 'base-1' }], solutions: [{ output_values: { result: 'OK' } }] },
    });
    expect(imported.status).toBe(201);
    const reply = await call(url, 'POST', '/aggregated-solutions/aggregate-by-task', {
      token: ALICE,
      json: { type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: seeded.poolId, task_id: 'base-1', answer_weight_skill_id: seeded.skillId, fields: [{ name: 'result' }] },
    });
    expect(reply.status).toBe(200);
    const labels = ['["OK"]', '["BAD"]', '["404"]'];
    const matrix = buildMatrix([{ task: 'base-1', worker: 'A', label: '["OK"]' }], { labels });
    const local = weightedDynamicOverlap(matrix, { skills: new Map([['A', 70]]), baseline: [{ task: 'base-1', label: '["BAD"]', weight: 0.9 }] });
    const [row] = resultRows(matrix, local);
    expect(reply.body.output_values).toEqual({ result: JSON.parse(row!.label)[0] });
    expect(reply.body.output_values).toEqual({ result: 'BAD' });
    expect(reply.body.confidence).toBeCloseTo(row!.confidence, 12);
  });

  it('equals the local aggregator on every demo task', async () => {
    const skills = new Map(readTsv(path.join(SERVER_DIR, 'demo/skills.tsv')).map(([w, s]) => [w, Number(s)] as [string, number]));
    const matrix = buildMatrix(demoRows(), { labels: DEMO_LABELS });
    const local = new Map(resultRows(matrix, weightedDynamicOverlap(matrix, { skills, missingSkill: 'skip' })).map((r) => [r.task, r]));
    const ids = { pool: '000000000001', skill: '000000000001' };
    for (const task of [...local.keys()].slice(0, 60)) {
      const reply = await call(url, 'POST', '/aggregated-solutions/aggregate-by-task', {
        token: 'demo-token',
        json: { type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: ids.pool, task_id: task, answer_weight_skill_id: ids.skill, fields: [{ name: 'result' }] },
      });
      expect(reply.status).toBe(200);
      const mine = local.get(task)!;
      expect(reply.body.output_values).toEqual({ result: JSON.parse(mine.label)[0] });
      expect(reply.body.confidence).toBeCloseTo(mine.confidence, 9);
    }
  });
});

function readTsv(file: string): string[][] {
  return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
}

/** Demo labels as the server keys them (one-field joint keys). */
const DEMO_LABELS = ['["1"]', '["2"]'];

function demoRows(): { worker: string; task: string; label: string }[] {
  return readTsv(path.join(SERVER_DIR, 'demo/responses.tsv')).map(([worker = '', task = '', label = '']) => ({ worker, task, label: JSON.stringify([label]) }));
}

describe('pool aggregation', () => {
  it('runs Dawid-Skene over the demo pool as an operation and pages the results', async () => {
    const token = 'demo-token';
    const started = await call(url, 'POST', '/aggregated-solutions/aggregate-by-pool', {
      token,
      json: { type: 'DAWID_SKENE', pool_id: '000000000001', fields: [{ name: 'result' }] },
    });
    expect(started.status).toBe(202);
    expect(started.body.type).toBe('SOLUTION.AGGREGATE');
    expect(['PENDING', 'RUNNING']).toContain(started.body.status);
    expect(started.body.progress).toBe(0);
    expect(started.body.parameters.pool_id).toBe('000000000001');
    expect(started.body.submitted).toMatch(TIMESTAMP);
    const done = await waitOperation(url, token, started.body.id);
    expect(done.status).toBe('SUCCESS');
    expect(done.progress).toBe(100);
    expect(done.started).toMatch(TIMESTAMP);
    expect(done.finished).toMatch(TIMESTAMP);

    const items = await allSolutions(url, token, started.body.id, 7);
    expect(items).toHaveLength(60);
    const ids = items.map((i) => i.task_id);
    expect([...ids].sort()).toEqual(ids);
    const matrix = buildMatrix(demoRows(), { labels: DEMO_LABELS });
    const result = dawidSkene(matrix, {});
    const local = new Map(resultRows(matrix, result).map((r) => [r.task, r]));
    for (const item of items) {
      const mine = local.get(item.task_id)!;
      expect(item.output_values).toEqual({ result: JSON.parse(mine.label)[0] });
      expect(item.confidence).toBeCloseTo(mine.confidence, 9);
    }

    const first = await call(url, 'GET', `/aggregated-solutions/${started.body.id}`, { token });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.has_more).toBe(true);
    const desc = await call(url, 'GET', `/aggregated-solutions/${started.body.id}`, { token, query: { sort: '-task_id', limit: 2, task_id_lte: ids[10] } });
    expect(desc.body.items.map((i: { task_id: string }) => i.task_id)).toEqual([ids[10], ids[9]]);
    expect(desc.body.has_more).toBe(true);

    const listed = await call(url, 'GET', '/operations', { token, query: { type: 'SOLUTION.AGGREGATE', status: 'SUCCESS' } });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((o: { id: string }) => o.id)).toContain(started.body.id);
    expect(typeof listed.body.has_more).toBe('boolean');
  });

  it('runs weighted dynamic overlap over a pool with the same results as by-task', async () => {
    const seeded = await seedPool(url, ALICE, {
      outputSpec: stringField(['OK', 'BAD', '404']),
      answers: [
        { task: 'p1', worker: 'A', label: 'OK' },
        { task: 'p1', worker: 'B', label: 'OK' },
        { task: 'p2', worker: 'A', label: 'OK' },
        { task: 'p2', worker: 'B', label: 'BAD' },
        { task: 'p2', worker: 'C', label: 'BAD' },
        { task: 'p3', worker: 'D', label: 'OK' },
      ],
      skills: { A: 70, B: 90, C: 80 },
    });
    const request = { type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: seeded.poolId, answer_weight_skill_id: seeded.skillId, fields: [{ name: 'result' }] };
    const started = await call(url, 'POST', '/aggregated-solutions/aggregate-by-pool', { token: ALICE, json: request });
    expect(started.status).toBe(202);
    expect(started.body.parameters).toMatchObject({ algorithm: 'WEIGHTED_DYNAMIC_OVERLAP', answer_weight_skill_id: seeded.skillId });
    const done = await waitOperation(url, ALICE, started.body.id);
    expect(done.status).toBe('SUCCESS');
    // Worker D has no skill value: the answer is left out, and task p3 has nothing left.
    expect(done.details).toMatchObject({ tasks: 2, answers: 5, skipped_answers: 1 });
    const items = await allSolutions(url, ALICE, started.body.id);
    expect(items.map((i) => i.task_id)).toEqual(['p1', 'p2']);
    for (const item of items) {
      const single = await call(url, 'POST', '/aggregated-solutions/aggregate-by-task', { token: ALICE, json: { ...request, task_id: item.task_id } });
      expect(single.body.output_values).toEqual(item.output_values);
      expect(single.body.confidence).toBeCloseTo(item.confidence, 12);
    }
    expect(items[0].confidence).toBeCloseTo(0.9767, 4);
    expect(items[1].confidence).toBeCloseTo(0.9621, 4);
  });

  it('marks an operation over a pool without accepted answers FAIL with the reason', async () => {
    const seeded = await seedPool(url, ALICE, { outputSpec: stringField(['x', 'y']), answers: [{ task: 'r1', worker: 'w', label: 'x', status: 'REJECTED' }] });
    const started = await call(url, 'POST', '/aggregated-solutions/aggregate-by-pool', { token: ALICE, json: { type: 'DAWID_SKENE', pool_id: seeded.poolId, fields: [{ name: 'result' }] } });
    const done = await waitOperation(url, ALICE, started.body.id);
    expect(done.status).toBe('FAIL');
    expect(done.details.reason).toMatch(/^EMPTY_POOL: /);
    expect(done.finished).toMatch(TIMESTAMP);
    const results = await call(url, 'GET', `/aggregated-solutions/${started.body.id}`, { token: ALICE });
    expect(results.status).toBe(409);
    expect(results.body.payload.status).toBe('FAIL');
  });

  it('aggregates several fields as one joint answer with values typed as in the spec', async () => {
    const seeded = await seedPool(url, ALICE, {
      outputSpec: {
        result: { type: 'string', required: true, hidden: false, allowed_values: ['cat', 'dog'] },
        blurry: { type: 'boolean', required: true, hidden: false },
        count: { type: 'integer', required: true, hidden: false, min_value: 0, max_value: 3 },
      },
      answers: [],
      skills: { u1: 80, u2: 60, u3: 70 },
    });
    await call(url, 'POST', '/tasks', { token: ALICE, json: [{ id: 'mf-1', pool_id: seeded.poolId, input_values: {} }] });
    const answers = [
      ['u1', { result: 'dog', blurry: true, count: 2 }],
      ['u2', { result: 'dog', blurry: true, count: 2 }],
      ['u3', { result: 'cat', blurry: false, count: 2 }],
    ] as const;
    const imported = await call(url, 'POST', '/assignments', {
      token: ALICE,
      json: answers.map(([user, values], i) => ({
        id: `mf-${i}`,
        pool_id: seeded.poolId,
        user_id: user,
        status: 'ACCEPTED',
        tasks: [{ id: 'mf-1' }],
        solutions: [{ output_values: values }],
      })),
    });
    expectStatus(imported, 201, 'import');
    const reply = await call(url, 'POST', '/aggregated-solutions/aggregate-by-task', {
      token: ALICE,
      json: {
        type: 'WEIGHTED_DYNAMIC_OVERLAP',
        pool_id: seeded.poolId,
        task_id: 'mf-1',
        answer_weight_skill_id: seeded.skillId,
        fields: [{ name: 'result' }, { name: 'blurry' }, { name: 'count' }],
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.output_values).toEqual({ result: 'dog', blurry: true, count: 2 });
    expect(reply.body.confidence).toBeGreaterThan(0.5);
    expect(reply.body.confidence).toBeLessThanOrEqual(1);
  });
});

describe('entities', () => {
  it('creates, reads and lists skills, user skills, projects, pools, tasks and assignments', async () => {
    const skill = await call(url, 'POST', '/skills', { token: ALICE, json: { name: 'read-me', hidden: true, public_requester_description: { EN: 'x' } } });
    expect(skill.status).toBe(201);
    expect(skill.body).toMatchObject({ name: 'read-me', hidden: true });
    expect(skill.body.created).toMatch(TIMESTAMP);
    expect((await call(url, 'GET', `/skills/${skill.body.id}`, { token: ALICE })).body.name).toBe('read-me');
    const skills = await call(url, 'GET', '/skills', { token: ALICE, query: { limit: 1000 } });
    expect(skills.body.items.map((s: { id: string }) => s.id)).toContain(skill.body.id);

    const set = await call(url, 'PUT', '/user-skills', { token: ALICE, json: { skill_id: skill.body.id, user_id: 'w1', value: 72.5 } });
    expect(set.status).toBe(201);
    expect(set.body).toMatchObject({ skill_id: skill.body.id, user_id: 'w1', value: 73, exact_value: 72.5 });
    expect(set.body.modified).toMatch(TIMESTAMP);
    const alias = await call(url, 'POST', '/user-skills', { token: ALICE, json: { skill_id: skill.body.id, user_id: 'w1', value: 10 } });
    expect(alias.status).toBe(201);
    expect(alias.body.id).toBe(set.body.id);
    expect((await call(url, 'GET', `/user-skills/${set.body.id}`, { token: ALICE })).body.exact_value).toBe(10);
    const userSkills = await call(url, 'GET', '/user-skills', { token: ALICE, query: { skill_id: skill.body.id } });
    expect(userSkills.body.items).toHaveLength(1);

    const seeded = await seedPool(url, ALICE, { outputSpec: stringField(['a', 'b']), answers: [{ task: 'e-1', worker: 'w1', label: 'a' }] });
    const project = await call(url, 'GET', `/projects/${seeded.projectId}`, { token: ALICE });
    expect(project.body.task_spec.output_spec.result.type).toBe('string');
    expect(project.body.task_spec.view_spec.type).toBe('classic');
    expect((await call(url, 'GET', '/projects', { token: ALICE, query: { limit: 1000 } })).body.items.length).toBeGreaterThan(0);
    const pool = await call(url, 'GET', `/pools/${seeded.poolId}`, { token: ALICE });
    expect(pool.body).toMatchObject({ id: seeded.poolId, project_id: seeded.projectId, status: 'OPEN' });
    const pools = await call(url, 'GET', '/pools', { token: ALICE, query: { project_id: seeded.projectId } });
    expect(pools.body.items.map((p: { id: string }) => p.id)).toEqual([seeded.poolId]);
    const task = await call(url, 'GET', '/tasks/e-1', { token: ALICE });
    expect(task.body).toMatchObject({ id: 'e-1', pool_id: seeded.poolId, input_values: { id: 'e-1' } });
    const tasks = await call(url, 'GET', '/tasks', { token: ALICE, query: { pool_id: seeded.poolId } });
    expect(tasks.body).toMatchObject({ has_more: false });
    expect(tasks.body.items).toHaveLength(1);
    const assignment = await call(url, 'GET', `/assignments/${assignmentId(seeded.poolId, 0)}`, { token: ALICE });
    expect(assignment.status).toBe(200);
    expect(assignment.body).toMatchObject({ pool_id: seeded.poolId, user_id: 'w1', status: 'ACCEPTED' });
    const assignments = await call(url, 'GET', '/assignments', { token: ALICE, query: { pool_id: seeded.poolId, status: 'ACCEPTED' } });
    expect(assignments.body.items).toHaveLength(1);
  });

  it('imports the same assignment twice as one and ignores non-accepted answers', async () => {
    const seeded = await seedPool(url, ALICE, {
      outputSpec: stringField(['a', 'b']),
      answers: [
        { task: 'dup-1', worker: 'w1', label: 'a' },
        { task: 'dup-1', worker: 'w2', label: 'b', status: 'REJECTED' },
        { task: 'dup-1', worker: 'w3', label: 'b', status: 'SUBMITTED' },
      ],
      skills: { w1: 90, w2: 90, w3: 90 },
    });
    const again = await call(url, 'POST', '/assignments', {
      token: ALICE,
      json: [{ id: assignmentId(seeded.poolId, 0), pool_id: seeded.poolId, user_id: 'w1', status: 'ACCEPTED', tasks: [{ id: 'dup-1' }], solutions: [{ output_values: { result: 'a' } }] }],
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ created: 0, unchanged: 1, failed: 0 });
    const reply = await call(url, 'POST', '/aggregated-solutions/aggregate-by-task', {
      token: ALICE,
      json: { type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: seeded.poolId, task_id: 'dup-1', answer_weight_skill_id: seeded.skillId, fields: [{ name: 'result' }] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.output_values).toEqual({ result: 'a' });
    expect(reply.body.confidence).toBeCloseTo(0.9, 9);
  });

  it('serves /health and an OpenAPI document generated from the schema', async () => {
    const health = await call(url, 'GET', '//health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    const doc = await call(url, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.paths['/aggregated-solutions/aggregate-by-task'].post.responses['200']).toBeDefined();
    expect(doc.body.components.schemas.AggregateByTaskRequest).toBeTypeOf('object');
    expect(doc.body.components.schemas.Operation).toBeTypeOf('object');
    const resultsParameters = doc.body.paths['/aggregated-solutions/{operationId}'].get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(resultsParameters).toEqual(expect.arrayContaining(['path:operationId', 'query:sort', 'query:limit', 'query:task_id_gt']));
  });
});
