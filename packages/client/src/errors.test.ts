import { describe, expect, it } from 'vitest';
import {
  AccessDeniedApiError,
  ApiError,
  AuthenticationApiError,
  ConflictStateApiError,
  DoesNotExistApiError,
  IncorrectActionsApiError,
  InternalApiError,
  MalformedResponseError,
  RemoteServiceUnavailableApiError,
  ResponseValidationError,
  TooManyRequestsApiError,
  ValidationApiError,
  isApiError,
} from './errors.js';
import { ok, tolokaError } from './test-support/scripted-server.js';
import { useScriptedServer } from './test-support/harness.js';
import { operation, solution } from './test-support/toloka-fixtures.js';

describe('error responses', () => {
  const h = useScriptedServer();

  it.each([
    [401, 'AUTHENTICATION_ERROR', AuthenticationApiError],
    [401, 'OAUTH_AUTHENTICATION_ERROR', AuthenticationApiError],
    [403, 'ACCESS_DENIED', AccessDeniedApiError],
    [404, 'DOES_NOT_EXIST', DoesNotExistApiError],
    [409, 'CONFLICT_STATE', ConflictStateApiError],
    [409, 'INAPPROPRIATE_STATUS', ConflictStateApiError],
    [429, 'TOO_MANY_REQUESTS', TooManyRequestsApiError],
    [500, 'INTERNAL_ERROR', InternalApiError],
    [503, 'REMOTE_SERVICE_UNAVAILABLE', RemoteServiceUnavailableApiError],
    [409, 'EMPTY_POOL', IncorrectActionsApiError],
    [400, 'ONLY_FOR_POOL_WITH_MIXER', IncorrectActionsApiError],
    [418, 'SOMETHING_NEW', ApiError],
  ])('%i %s → %o', async (status, code, ErrorClass) => {
    h.server.on('GET', '/operations/op-1', tolokaError(status, code, 'explained', { detail: 1 }));
    const error = await h.client.getOperation('op-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({
      status,
      code,
      requestId: expect.stringMatching(/^req-/),
      payload: { detail: 1 },
      url: `${h.server.url}/api/v1/operations/op-1`,
      method: 'GET',
    });
    expect((error as Error).message).toContain(`failed with ${status} ${code}: explained`);
    expect(isApiError(error)).toBe(true);
    expect(isApiError(error, code)).toBe(true);
    expect(isApiError(error, 'NOT_THIS_CODE')).toBe(false);
  });

  it('lists invalid fields of a VALIDATION_ERROR', async () => {
    h.server.on(
      'POST',
      '/aggregated-solutions/aggregate-by-pool',
      tolokaError(400, 'VALIDATION_ERROR', 'Validation failed', {
        pool_id: { code: 'VALUE_REQUIRED' },
        'fields.0.name': { code: 'STRING_EXPECTED' },
      }),
    );
    const error = await h.client
      .aggregateByPool({ type: 'DAWID_SKENE', pool_id: '', fields: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationApiError);
    expect((error as ValidationApiError).invalidFields).toEqual(['pool_id', 'fields.0.name']);
  });

  it('turns a non-JSON error body into NGINX_ERROR with the raw text', async () => {
    const html = '<html><body><h1>403 Forbidden</h1></body></html>';
    h.server.on('GET', '/operations/op-1', { status: 403, text: html, contentType: 'text/html' });
    const error = await h.client.getOperation('op-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessDeniedApiError);
    expect(error).toMatchObject({ status: 403, code: 'NGINX_ERROR', rawBody: html, requestId: undefined });
  });

  it('treats malformed JSON and JSON without a code as non-Toloka bodies', async () => {
    h.server.on('GET', '/operations/a', { status: 500, text: '{"code": "INTERNAL_', contentType: 'application/json' });
    h.server.on('GET', '/operations/b', { status: 404, json: { error: 'nope' } });
    h.server.on('GET', '/operations/c', { status: 409 });
    await expect(h.client.getOperation('a')).rejects.toMatchObject({ code: 'NGINX_ERROR', rawBody: '{"code": "INTERNAL_' });
    await expect(h.client.getOperation('b')).rejects.toMatchObject({ code: 'NGINX_ERROR', rawBody: '{"error":"nope"}' });
    await expect(h.client.getOperation('c')).rejects.toMatchObject({ code: 'NGINX_ERROR', message: expect.stringContaining('empty error body') });
  });
});

describe('path ids', () => {
  const h = useScriptedServer();

  it('rejects empty and dot-segment ids without a request', async () => {
    await expect(h.client.getOperation('')).rejects.toThrow(TypeError);
    await expect(h.client.aggregatedSolutions('').next()).rejects.toThrow(/non-empty string/);
    await expect(h.client.getTask('..')).rejects.toThrow(/cannot be sent in a URL path/);
    expect(h.server.requests).toHaveLength(0);
  });
});

describe('response validation', () => {
  const h = useScriptedServer();

  it('rejects a 200 with malformed JSON with MalformedResponseError naming the URL', async () => {
    h.server.on('GET', '/operations/op-1', { status: 200, text: '{"id": "op-1", ', contentType: 'application/json' });
    const error = await h.client.getOperation('op-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toContain(`GET ${h.server.url}/api/v1/operations/op-1`);
    expect(error).toMatchObject({ body: '{"id": "op-1", ', issues: [{ path: '', code: 'JSON_EXPECTED' }] });
  });

  it('names the field path of a body that does not match the schema', async () => {
    const items = [solution('t1'), { ...solution('t2'), confidence: 'high' }, solution('t3')];
    h.server.on('GET', '/aggregated-solutions/op-1', ok({ items, has_more: false }));
    const error = await h.client.findAggregatedSolutions('op-1', { limit: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).not.toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ method: 'GET', url: `${h.server.url}/api/v1/aggregated-solutions/op-1?limit=3` });
    expect((error as ResponseValidationError).issues.map((i) => i.path)).toEqual(['items.1.confidence']);
    expect((error as Error).message).toMatch(/at items\.1\.confidence: NUMBER_EXPECTED/);
  });

  it('rejects an operation with an unknown status and one missing has_more', async () => {
    h.server.on('GET', '/operations/op-1', ok(operation({ status: 'DONE' as 'SUCCESS' })));
    await expect(h.client.getOperation('op-1')).rejects.toMatchObject({ issues: [{ path: 'status' }] });
    h.server.on('GET', '/aggregated-solutions/op-1', ok({ items: [] }));
    await expect(h.client.findAggregatedSolutions('op-1')).rejects.toMatchObject({ issues: [{ path: 'has_more' }] });
  });

  it('keeps unknown keys and turns numeric ids into strings', async () => {
    h.server.on('POST', '/aggregated-solutions/aggregate-by-task', ok({ ...solution('t1'), pool_id: 1491600, extra: true }));
    const result = await h.client.aggregateByTask({
      type: 'WEIGHTED_DYNAMIC_OVERLAP',
      pool_id: 1491600,
      task_id: 't1',
      answer_weight_skill_id: 12648,
      fields: [{ name: 'result' }],
    });
    expect(result).toEqual({ ...solution('t1'), pool_id: '1491600', extra: true });
  });
});
