/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument -- HTTP replies are untyped JSON that the assertions check */
import { request } from 'node:http';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPool, stringField, type SeededPool } from './support/fixtures.js';
import { ALICE, call, cleanupTempDirs, startServer, type Reply, type ServerProcess } from './support/server-process.js';

/** Checks Toloka's error body and returns it. */
function expectError(reply: Reply, status: number, code: string): any {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get('content-type')).toMatch(/application\/json/);
  expect(reply.body).toMatchObject({ code });
  expect(typeof reply.body.request_id).toBe('string');
  expect(typeof reply.body.message).toBe('string');
  expect(reply.headers.get('x-request-id')).toBe(reply.body.request_id);
  return reply.body;
}

let server: ServerProcess;
let url: string;
let seeded: SeededPool;

const byTask = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'WEIGHTED_DYNAMIC_OVERLAP',
  pool_id: seeded.poolId,
  task_id: 't1',
  answer_weight_skill_id: seeded.skillId,
  fields: [{ name: 'result' }],
  ...over,
});

beforeAll(async () => {
  // No worker: pool operations stay PENDING; small limits and a quota to hit.
  server = await startServer({ args: ['--no-worker', '--max-body-bytes', '20000', '--max-batch', '5', '--quota-aggregate-by-pool', '2/min,30/hour'] });
  url = server.url;
  seeded = await seedPool(url, ALICE, {
    outputSpec: { ...stringField(['x', 'y']), comment: { type: 'string', required: false, hidden: false }, photo: { type: 'file', required: false, hidden: false } },
    answers: [
      { task: 't1', worker: 'w1', label: 'x' },
      { task: 't2', worker: 'nobody-knows', label: 'x' },
      { task: 't3', worker: 'w1', label: 'x', status: 'REJECTED' },
    ],
    skills: { w1: 80 },
    batch: 5,
  });
});
afterAll(async () => {
  await server.stop();
  cleanupTempDirs();
});

describe('400 VALIDATION_ERROR', () => {
  it('names each bad field of a request body', async () => {
    const reply = await call(url, 'POST', '/aggregated-solutions/aggregate-by-task', { token: ALICE, json: { type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: seeded.poolId, fields: [{}], extra: 1 } });
    const body = expectError(reply, 400, 'VALIDATION_ERROR');
    expect(body.payload['fields.0.name'].code).toBe('VALUE_REQUIRED');
    expect(body.payload.extra.code).toBe('UNKNOWN_PARAMETER');
  });
  it('rejects a body that is not JSON', async () => {
    const reply = await call(url, 'POST', '/skills', { token: ALICE, raw: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(expectError(reply, 400, 'VALIDATION_ERROR').payload[''].code).toBe('INVALID_FORMAT');
  });
  it('rejects a field that is not in the output spec, or cannot be aggregated', async () => {
    for (const name of ['missing', 'comment', 'photo']) {
      const reply = await call(url, 'POST', '/aggregated-solutions/aggregate-by-task', { token: ALICE, json: byTask({ fields: [{ name }] }) });
      const body = expectError(reply, 400, 'VALIDATION_ERROR');
      expect(body.payload['fields.0.name'].code).toBe('VALUE_NOT_ALLOWED');
    }
  });
  it('rejects an unknown skill and DS with two fields', async () => {
    const skill = await call(url, 'POST', '/aggregated-solutions/aggregate-by-task', { token: ALICE, json: byTask({ answer_weight_skill_id: '999999' }) });
    expect(expectError(skill, 400, 'VALIDATION_ERROR').payload.answer_weight_skill_id.code).toBe('ENTITY_DOES_NOT_EXIST');
    const ds = await call(url, 'POST', '/aggregated-solutions/aggregate-by-pool', {
      token: ALICE,
      json: { type: 'DAWID_SKENE', pool_id: seeded.poolId, fields: [{ name: 'result' }, { name: 'comment' }] },
    });
    expect(Object.keys(expectError(ds, 400, 'VALIDATION_ERROR').payload)).toContain('fields');
  });
  it('rejects bad query parameters', async () => {
    const limit = await call(url, 'GET', '/tasks', { token: ALICE, query: { limit: 0 } });
    expect(expectError(limit, 400, 'VALIDATION_ERROR').payload.limit.code).toBe('VALUE_LESS_THAN_MIN');
    const unknown = await call(url, 'GET', '/skills', { token: ALICE, query: { colour: 'red' } });
    expect(expectError(unknown, 400, 'VALIDATION_ERROR').payload.colour.code).toBe('UNKNOWN_PARAMETER');
    const sort = await call(url, 'GET', '/aggregated-solutions/x', { token: ALICE, query: { sort: 'confidence' } });
    expectError(sort, 400, 'VALIDATION_ERROR');
  });
  it('names the item and field of a bad task in a batch', async () => {
    const reply = await call(url, 'POST', '/tasks', { token: ALICE, json: [{ pool_id: seeded.poolId, input_values: {} }, { pool_id: seeded.poolId }] });
    expect(expectError(reply, 400, 'VALIDATION_ERROR').payload['1.input_values'].code).toBe('VALUE_REQUIRED');
  });
});

describe('401 AUTHENTICATION_ERROR', () => {
  it('answers a missing, malformed or unknown token', async () => {
    expectError(await call(url, 'GET', '/skills'), 401, 'AUTHENTICATION_ERROR');
    expectError(await call(url, 'GET', '/skills', { authorization: 'token-a' }), 401, 'AUTHENTICATION_ERROR');
    expectError(await call(url, 'GET', '/skills', { authorization: 'Basic token-a' }), 401, 'AUTHENTICATION_ERROR');
    const unknown = await call(url, 'GET', '/skills', { token: 'not-a-token' });
    expectError(unknown, 401, 'AUTHENTICATION_ERROR');
    expect(unknown.text).not.toContain('not-a-token');
  });
  it('accepts both OAuth and ApiKey schemes', async () => {
    expect((await call(url, 'GET', '/skills', { authorization: `OAuth ${ALICE}` })).status).toBe(200);
    expect((await call(url, 'GET', '/skills', { authorization: `ApiKey ${ALICE}` })).status).toBe(200);
  });
});

describe('404, 405', () => {
  it('answers DOES_NOT_EXIST for unknown objects and routes', async () => {
    expectError(await call(url, 'GET', '/pools/000000009999', { token: ALICE }), 404, 'DOES_NOT_EXIST');
    expectError(await call(url, 'GET', '/operations/nope', { token: ALICE }), 404, 'DOES_NOT_EXIST');
    expectError(await call(url, 'GET', '/aggregated-solutions/nope', { token: ALICE }), 404, 'DOES_NOT_EXIST');
    expectError(await call(url, 'POST', '/aggregated-solutions/aggregate-by-task', { token: ALICE, json: byTask({ task_id: 'nope' }) }), 404, 'DOES_NOT_EXIST');
    expectError(await call(url, 'POST', '/aggregated-solutions/aggregate-by-task', { token: ALICE, json: byTask({ pool_id: '000000009999' }) }), 404, 'DOES_NOT_EXIST');
    expectError(await call(url, 'GET', '/no/such/route', { token: ALICE }), 404, 'DOES_NOT_EXIST');
    expectError(await call(url, 'GET', '//nowhere'), 404, 'DOES_NOT_EXIST');
  });
  it('answers METHOD_NOT_ALLOWED with an Allow header', async () => {
    const reply = await call(url, 'DELETE', '/pools', { token: ALICE });
    expectError(reply, 405, 'METHOD_NOT_ALLOWED');
    expect(reply.headers.get('allow')).toContain('POST');
  });
});

describe('409 CONFLICT_STATE', () => {
  it('refuses the results of an operation that is not finished', async () => {
    const op = await call(url, 'POST', '/aggregated-solutions/aggregate-by-pool', { token: ALICE, json: { type: 'DAWID_SKENE', pool_id: seeded.poolId, fields: [{ name: 'result' }] } });
    expect(op.status).toBe(202);
    expect(op.body.status).toBe('PENDING');
    const body = expectError(await call(url, 'GET', `/aggregated-solutions/${op.body.id}`, { token: ALICE }), 409, 'CONFLICT_STATE');
    expect(body.payload.status).toBe('PENDING');
  });
  it('refuses a task with no accepted answers, or none from a worker with the skill', async () => {
    const rejectedOnly = await call(url, 'POST', '/aggregated-solutions/aggregate-by-task', { token: ALICE, json: byTask({ task_id: 't3' }) });
    expect(expectError(rejectedOnly, 409, 'CONFLICT_STATE').payload.reason).toBe('NO_ANSWERS');
    const noSkill = await call(url, 'POST', '/aggregated-solutions/aggregate-by-task', { token: ALICE, json: byTask({ task_id: 't2' }) });
    expect(expectError(noSkill, 409, 'CONFLICT_STATE').payload.reason).toBe('MISSING_SKILL');
  });
  it('refuses a task id reused with other content', async () => {
    const reply = await call(url, 'POST', '/tasks', { token: ALICE, json: { id: 't1', pool_id: seeded.poolId, input_values: { other: true } } });
    expectError(reply, 409, 'CONFLICT_STATE');
  });
});

describe('413, 415, 429', () => {
  it('answers ENTITY_TOO_LARGE for a big body or a big batch', async () => {
    const big = await call(url, 'POST', '/skills', { token: ALICE, json: { name: 'x'.repeat(30_000) } });
    expectError(big, 413, 'ENTITY_TOO_LARGE');
    const batch = await call(url, 'POST', '/tasks', { token: ALICE, json: Array.from({ length: 6 }, () => ({ pool_id: seeded.poolId, input_values: {} })) });
    expectError(batch, 413, 'ENTITY_TOO_LARGE');
  });
  it('answers ENTITY_TOO_LARGE for a chunked body without a length once it passes the limit', async () => {
    const target = new URL(`${url}/api/v1/skills`);
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { authorization: `OAuth ${ALICE}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write(`{"name":"${'y'.repeat(15_000)}`);
      req.write(`${'y'.repeat(15_000)}"}`);
      req.end();
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ code: 'ENTITY_TOO_LARGE' });
  });
  it('answers UNSUPPORTED_MEDIA_TYPE for a body that is not sent as JSON', async () => {
    const reply = await call(url, 'POST', '/skills', { token: ALICE, raw: '{"name":"x"}', headers: { 'content-type': 'text/plain' } });
    expectError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
  it('answers TOO_MANY_REQUESTS with payload.interval once the quota is used', async () => {
    const other = await seedPool(url, 'token-b', { outputSpec: stringField(['x', 'y']), answers: [{ task: 'q1', worker: 'w', label: 'x' }] });
    const start = (): Promise<Reply> =>
      call(url, 'POST', '/aggregated-solutions/aggregate-by-pool', { token: 'token-b', json: { type: 'DAWID_SKENE', pool_id: other.poolId, fields: [] } });
    expect((await start()).status).toBe(202);
    expect((await start()).status).toBe(202);
    const third = await start();
    const body = expectError(third, 429, 'TOO_MANY_REQUESTS');
    expect(body.payload.interval).toBe('MIN');
    expect(body.payload.retry_after_seconds).toBeGreaterThanOrEqual(1);
    expect(body.payload.retry_after_seconds).toBeLessThanOrEqual(60);
    expect(third.headers.get('retry-after')).toBe(String(body.payload.retry_after_seconds));
  });
});

describe('500 INTERNAL_ERROR', () => {
  it('hides the internals, logs the stack server-side, never logs a token', async () => {
    const db = new Database(server.db);
    db.exec('DROP TABLE IF EXISTS user_skills');
    db.close();
    const reply = await call(url, 'GET', '/user-skills', { token: ALICE });
    const body = expectError(reply, 500, 'INTERNAL_ERROR');
    expect(body.message).not.toMatch(/sqlite|table|user_skills/i);
    expect(body.message).toContain(body.request_id);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.output()).toContain(body.request_id);
    expect(server.output()).toMatch(/no such table/);
    expect(server.output()).not.toContain(ALICE);
    expect(server.output()).not.toContain('token-b');
  });
});
