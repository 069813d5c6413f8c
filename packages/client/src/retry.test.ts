import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AggregateByTaskInput } from './aggregation-calls.js';
import { createClient } from './client.js';
import type { CrowdaggClient } from './client.js';
import { RemoteServiceUnavailableApiError, TooManyRequestsApiError, TransportError, ValidationApiError } from './errors.js';
import { tolokaBackoff } from './retry.js';
import type { RetryEvent, RetryOptions } from './retry.js';
import { ScriptedServer, ok, sequence, tolokaError } from './test-support/scripted-server.js';
import { operation, solution } from './test-support/toloka-fixtures.js';

const BY_TASK = '/aggregated-solutions/aggregate-by-task';
const BY_POOL = '/aggregated-solutions/aggregate-by-pool';
const WDO_TASK: AggregateByTaskInput = {
  type: 'WEIGHTED_DYNAMIC_OVERLAP',
  pool_id: '4',
  task_id: 't1',
  answer_weight_skill_id: '1',
  fields: [{ name: 'result' }],
};

const unavailable = tolokaError(503, 'REMOTE_SERVICE_UNAVAILABLE', 'Service is temporary unavailable');

describe('retries', () => {
  let server: ScriptedServer;
  let retries: RetryEvent[];
  const makeClient = (retry: RetryOptions = {}, timeout?: number): CrowdaggClient =>
    createClient({
      url: server.url,
      token: 'token',
      retry: { backoff: () => 0, ...retry },
      onRetry: (event) => retries.push(event),
      ...(timeout === undefined ? {} : { timeout }),
    });

  beforeAll(async () => {
    server = await ScriptedServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
    retries = [];
  });

  it('retries a 503 and returns the following 200 (POST included)', async () => {
    server.on('POST', BY_TASK, sequence(unavailable, ok(solution('t1'))));
    const result = await makeClient().aggregateByTask(WDO_TASK);
    expect(result.task_id).toBe('t1');
    expect(server.seen('POST', BY_TASK)).toHaveLength(2);
    expect(retries).toEqual([
      { retryCount: 1, method: 'POST', url: `${server.url}/api/v1${BY_TASK}`, reason: 'status', status: 503 },
    ]);
    expect(server.seen('POST', BY_TASK)[1]?.body).toEqual(WDO_TASK);
  });

  it.each([408, 429, 500, 504])('retries status %i', async (status) => {
    server.on('POST', BY_POOL, sequence(tolokaError(status, 'X', 'transient'), ok(operation(), 202)));
    await makeClient().aggregateByPool({ type: 'DAWID_SKENE', pool_id: '4', fields: [{ name: 'result' }] });
    expect(retries.map((r) => r.status)).toEqual([status]);
  });

  it('does not retry a 400 or a 502', async () => {
    server.on('POST', BY_TASK, tolokaError(400, 'VALIDATION_ERROR', 'Validation failed', { task_id: {} }));
    await expect(makeClient().aggregateByTask(WDO_TASK)).rejects.toBeInstanceOf(ValidationApiError);
    server.on('GET', '/operations/x', { status: 502, text: '<html>Bad Gateway</html>', contentType: 'text/html' });
    await expect(makeClient().getOperation('x')).rejects.toMatchObject({ status: 502, code: 'NGINX_ERROR' });
    expect(retries).toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after `limit` retries with the last error', async () => {
    server.on('GET', '/operations/x', unavailable);
    const error = await makeClient({ limit: 2 }).getOperation('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteServiceUnavailableApiError);
    expect(server.requests).toHaveLength(3);
    expect(retries.map((r) => r.retryCount)).toEqual([1, 2]);
  });

  it('defaults to 3 retries with toloka-kit backoff 0 s, 4 s, 8 s', () => {
    expect([1, 2, 3, 4].map(tolokaBackoff)).toEqual([0, 4000, 8000, 16000]);
  });

  it('honours Retry-After in seconds', async () => {
    server.on('GET', '/operations/x', sequence(
      { ...tolokaError(429, 'TOO_MANY_REQUESTS', 'Too many requests'), headers: { 'retry-after': '1' } },
      ok(operation({ id: 'x' })),
    ));
    await makeClient().getOperation('x');
    const [first, second] = server.seen('GET', '/operations/x');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
    expect(retries).toMatchObject([{ reason: 'status', status: 429 }]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const inThreeSeconds = new Date(Date.now() + 3000).toUTCString();
    server.on('GET', '/operations/x', sequence(
      { ...unavailable, headers: { 'retry-after': inThreeSeconds } },
      ok(operation({ id: 'x' })),
    ));
    await makeClient().getOperation('x');
    const [first, second] = server.seen('GET', '/operations/x');
    // HTTP dates have 1 s resolution, so the wait is between 2 and 3 s (minus the first round trip).
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
  });

  it('caps Retry-After at maxRetryAfter', async () => {
    server.on('GET', '/operations/x', sequence(
      { ...unavailable, headers: { 'retry-after': '3600' } },
      ok(operation({ id: 'x' })),
    ));
    await makeClient({ maxRetryAfter: 50 }).getOperation('x');
    expect(server.seen('GET', '/operations/x')).toHaveLength(2);
  });

  it('waits out a minute quota (payload.interval MIN) and retries', async () => {
    const quota = tolokaError(429, 'TOO_MANY_REQUESTS', 'Too many requests', { interval: 'MIN' });
    server.on('POST', BY_POOL, sequence(quota, ok(operation(), 202)));
    await makeClient({ quotaWaitMs: { MIN: 300 } }).aggregateByPool({
      type: 'DAWID_SKENE',
      pool_id: '4',
      fields: [{ name: 'result' }],
    });
    const [first, second] = server.seen('POST', BY_POOL);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(250);
    expect(retries).toMatchObject([{ retryCount: 1, reason: 'quota', status: 429 }]);
  });

  it('prefers a quota 429’s Retry-After to the whole interval', async () => {
    const quota = tolokaError(429, 'TOO_MANY_REQUESTS', 'Too many requests', { interval: 'MIN' });
    server.on('GET', '/operations/x', sequence({ ...quota, headers: { 'retry-after': '1' } }, ok(operation({ id: 'x' }))));
    await makeClient({ quotaWaitMs: { MIN: 60_000 } }).getOperation('x');
    const [first, second] = server.seen('GET', '/operations/x');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
    expect(second!.at - first!.at).toBeLessThan(30_000);
    expect(retries).toMatchObject([{ reason: 'quota', status: 429 }]);
  });

  it('throws TooManyRequestsApiError at once for an hour or day quota by default', async () => {
    for (const interval of ['HOUR', 'DAY']) {
      server.reset();
      server.on('GET', '/operations/x', tolokaError(429, 'TOO_MANY_REQUESTS', 'Too many requests', { interval }));
      const error = await makeClient().getOperation('x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TooManyRequestsApiError);
      expect(error).toMatchObject({ status: 429, payload: { interval } });
      expect(server.requests).toHaveLength(1);
    }
    expect(retries).toEqual([]);
  });

  it('waits for an hour quota when retryQuotas includes HOUR', async () => {
    const quota = tolokaError(429, 'TOO_MANY_REQUESTS', 'Too many requests', { interval: 'HOUR' });
    server.on('GET', '/operations/x', sequence(quota, ok(operation({ id: 'x' }))));
    await makeClient({ retryQuotas: ['MIN', 'HOUR'], quotaWaitMs: { HOUR: 10 } }).getOperation('x');
    expect(retries).toMatchObject([{ reason: 'quota' }]);
  });

  it('reports the 429 itself when quota retries run out', async () => {
    server.on('GET', '/operations/x', tolokaError(429, 'TOO_MANY_REQUESTS', 'Too many requests', { interval: 'MIN' }));
    const error = await makeClient({ limit: 1, quotaWaitMs: { MIN: 10 } }).getOperation('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRequestsApiError);
    expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS', requestId: expect.any(String), url: `${server.url}/api/v1/operations/x` });
    expect(server.requests).toHaveLength(2);
  });

  it('retries a dropped connection, then reports a TransportError', async () => {
    server.on('GET', '/operations/x', sequence({ hangUp: true }, ok(operation({ id: 'x' }))));
    await makeClient().getOperation('x');
    expect(retries).toMatchObject([{ reason: 'network' }]);

    server.reset();
    retries = [];
    server.on('GET', '/operations/y', { hangUp: true });
    const error = await makeClient({ limit: 1 }).getOperation('y').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'network', method: 'GET' });
    expect(server.requests).toHaveLength(2);
  });

  it('stops waiting for a retry as soon as the call is aborted', async () => {
    server.on('GET', '/operations/x', { ...unavailable, headers: { 'retry-after': '60' } });
    const controller = new AbortController();
    const reason = new Error('user gave up');
    setTimeout(() => controller.abort(reason), 200);
    const started = Date.now();
    await expect(makeClient().getOperation('x', { signal: controller.signal })).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(30_000); // far below the 60 s Retry-After
    expect(server.requests).toHaveLength(1);
  });

  it('aborts every call through the client-level signal', async () => {
    server.on('GET', '/operations/x', { ...ok(operation({ id: 'x' })), delayMs: 5_000 });
    const controller = new AbortController();
    const client = createClient({ url: server.url, token: 'token', signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 100);
    await expect(client.getOperation('x')).rejects.toThrow('shutting down');
  });

  it('retries a request that timed out', async () => {
    server.on('GET', '/operations/x', sequence({ ...ok(operation({ id: 'x' })), delayMs: 1000 }, ok(operation({ id: 'x' }))));
    await makeClient({}, 200).getOperation('x');
    expect(retries).toMatchObject([{ reason: 'timeout' }]);
  });
});
