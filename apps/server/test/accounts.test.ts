/* eslint-disable @typescript-eslint/no-unsafe-argument -- HTTP replies are untyped JSON that the assertions check */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentId, seedPool, stringField } from './support/fixtures.js';
import { ALICE, BOB, call, cleanupTempDirs, startServer, waitOperation, type ServerProcess } from './support/server-process.js';

interface RouteCase {
  name: string;
  method: string;
  path: string;
  json?: unknown;
  query?: Record<string, string>;
  /** What Bob (another account) gets for Alice's objects. */
  other: number;
  /** For 2xx list answers: Alice's ids must not be in Bob's items. */
  hides?: string;
}

let server: ServerProcess;
let cases: RouteCase[] = [];

beforeAll(async () => {
  server = await startServer();
  const { url } = server;
  const alice = await seedPool(url, ALICE, { outputSpec: stringField(['x', 'y']), answers: [{ task: 'alice-1', worker: 'w1', label: 'x' }], skills: { w1: 90 } });
  const op = await call(url, 'POST', '/aggregated-solutions/aggregate-by-pool', { token: ALICE, json: { type: 'DAWID_SKENE', pool_id: alice.poolId, fields: [{ name: 'result' }] } });
  await waitOperation(url, ALICE, op.body.id);
  const userSkill = await call(url, 'GET', '/user-skills', { token: ALICE });
  const userSkillId: string = userSkill.body.items[0].id;
  const batch = await call(url, 'POST', '/tasks', { token: ALICE, query: { async_mode: 'true' }, json: [{ id: 'alice-2', pool_id: alice.poolId, input_values: {} }] });
  const wdo = { type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: alice.poolId, answer_weight_skill_id: alice.skillId, fields: [{ name: 'result' }] };
  cases = [
    { name: 'aggregate-by-task', method: 'POST', path: '/aggregated-solutions/aggregate-by-task', json: { ...wdo, task_id: 'alice-1' }, other: 404 },
    { name: 'aggregate-by-pool', method: 'POST', path: '/aggregated-solutions/aggregate-by-pool', json: wdo, other: 404 },
    { name: 'results', method: 'GET', path: `/aggregated-solutions/${op.body.id}`, other: 404 },
    { name: 'operation', method: 'GET', path: `/operations/${op.body.id}`, other: 404 },
    { name: 'operation log', method: 'GET', path: `/operations/${batch.body.id}/log`, other: 404 },
    { name: 'operations', method: 'GET', path: '/operations', other: 200, hides: op.body.id },
    { name: 'create skill', method: 'POST', path: '/skills', json: { name: 'mine' }, other: 201 },
    { name: 'skill', method: 'GET', path: `/skills/${alice.skillId}`, other: 404 },
    { name: 'skills', method: 'GET', path: '/skills', other: 200, hides: alice.skillId },
    { name: 'set user skill', method: 'PUT', path: '/user-skills', json: { skill_id: alice.skillId, user_id: 'w1', value: 1 }, other: 400 },
    { name: 'set user skill (POST)', method: 'POST', path: '/user-skills', json: { skill_id: alice.skillId, user_id: 'w1', value: 1 }, other: 400 },
    { name: 'user skill', method: 'GET', path: `/user-skills/${userSkillId}`, other: 404 },
    { name: 'user skills', method: 'GET', path: '/user-skills', query: { skill_id: alice.skillId }, other: 200, hides: userSkillId },
    { name: 'create project', method: 'POST', path: '/projects', json: { public_name: 'p', task_spec: { input_spec: {}, output_spec: stringField(['a']), view_spec: { type: 'classic' } } }, other: 201 },
    { name: 'project', method: 'GET', path: `/projects/${alice.projectId}`, other: 404 },
    { name: 'projects', method: 'GET', path: '/projects', other: 200, hides: alice.projectId },
    { name: 'create pool', method: 'POST', path: '/pools', json: { project_id: alice.projectId, private_name: 'p' }, other: 400 },
    { name: 'pool', method: 'GET', path: `/pools/${alice.poolId}`, other: 404 },
    { name: 'pools', method: 'GET', path: '/pools', other: 200, hides: alice.poolId },
    { name: 'create tasks', method: 'POST', path: '/tasks', json: [{ pool_id: alice.poolId, input_values: {} }], other: 400 },
    { name: 'task', method: 'GET', path: '/tasks/alice-1', other: 404 },
    { name: 'tasks', method: 'GET', path: '/tasks', query: { pool_id: alice.poolId }, other: 200, hides: 'alice-1' },
    {
      name: 'import assignment',
      method: 'POST',
      path: '/assignments',
      json: { id: 'bob-1', pool_id: alice.poolId, user_id: 'w', status: 'ACCEPTED', tasks: [{ id: 'alice-1' }], solutions: [{ output_values: { result: 'y' } }] },
      other: 404,
    },
    { name: 'assignment', method: 'GET', path: `/assignments/${assignmentId(alice.poolId, 0)}`, other: 404 },
    { name: 'assignments', method: 'GET', path: '/assignments', query: { pool_id: alice.poolId }, other: 200, hides: assignmentId(alice.poolId, 0) },
  ];
});
afterAll(async () => {
  await server.stop();
  cleanupTempDirs();
});

describe('account isolation: every route × no token / bad token / other account', () => {
  it('covers every route the server has', async () => {
    const doc = await call(server.url, 'GET', '/openapi.json');
    const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    const covered = cases.map((c) => {
      const template = c.path
        .replace(/^\/aggregated-solutions\/(?!aggregate-by)[^/]+$/, '/aggregated-solutions/{operationId}')
        .replace(/^\/(operations|skills|user-skills|projects|pools|tasks|assignments)\/[^/]+/, '/$1/{id}');
      return `${c.method} ${template}`;
    });
    const routes = [...documented, 'POST /user-skills'];
    expect(new Set(covered)).toEqual(new Set(routes));
  });

  it('answers 401 without a token and with an unknown one', async () => {
    for (const c of cases) {
      const none = await call(server.url, c.method, c.path, { json: c.json, query: c.query });
      expect(none.status, `${c.name} without token`).toBe(401);
      expect(none.body.code).toBe('AUTHENTICATION_ERROR');
      const bad = await call(server.url, c.method, c.path, { json: c.json, query: c.query, token: 'forged-token' });
      expect(bad.status, `${c.name} with a bad token`).toBe(401);
      expect(bad.body.code).toBe('AUTHENTICATION_ERROR');
    }
  });

  it("never shows or touches another account's objects", async () => {
    for (const c of cases) {
      const reply = await call(server.url, c.method, c.path, { json: c.json, query: c.query, token: BOB });
      expect(reply.status, `${c.name} as the other account: ${reply.text}`).toBe(c.other);
      if (c.other === 404) expect(reply.body.code).toBe('DOES_NOT_EXIST');
      if (c.other === 400) expect(JSON.stringify(reply.body.payload)).toContain('ENTITY_DOES_NOT_EXIST');
      if (c.hides !== undefined) expect(reply.text).not.toContain(c.hides);
    }
    // Alice still sees hers, unchanged.
    const task = await call(server.url, 'POST', '/aggregated-solutions/aggregate-by-task', { token: ALICE, json: cases[0]?.json });
    expect(task.status).toBe(200);
    expect(task.body.output_values).toEqual({ result: 'x' });
  });
});
