import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authorizationHeader, detectAuthScheme } from './auth.js';
import { createClient } from './client.js';
import { ENVIRONMENT_URLS, resolveApiRoot } from './environment.js';
import { ScriptedServer, ok } from './test-support/scripted-server.js';
import { operation } from './test-support/toloka-fixtures.js';

// 23 characters before the first dot, exactly two dots: the API key shape.
const API_KEY = 'AQAAAAAAAAAAAAAAAAAAAAA.AbCdEfGh.SomeSignaturePart';
const OAUTH_TOKEN = 'AQAAAAAWmYJXAAdVUk5P5IPbPE7Yu8_ABnIZN8E';

describe('detectAuthScheme (the rule of both official SDKs)', () => {
  it.each([
    [API_KEY, 'ApiKey'],
    ['a'.repeat(22) + '.b.c', 'ApiKey'],
    ['a'.repeat(24) + '.b.c', 'ApiKey'],
    ['a'.repeat(21) + '.b.c', 'OAuth'],
    ['a'.repeat(25) + '.b.c', 'OAuth'],
    ['a'.repeat(23) + '.b.c.d', 'OAuth'],
    ['a'.repeat(23) + '.b', 'OAuth'],
    [OAUTH_TOKEN, 'OAuth'],
  ])('%s → %s', (token, scheme) => {
    expect(detectAuthScheme(token)).toBe(scheme);
  });
});

describe('authorizationHeader', () => {
  it('keeps an explicit prefix and lets authScheme force one', () => {
    expect(authorizationHeader('OAuth abc')).toBe('OAuth abc');
    expect(authorizationHeader(`ApiKey ${OAUTH_TOKEN}`)).toBe(`ApiKey ${OAUTH_TOKEN}`);
    expect(authorizationHeader(API_KEY, 'OAuth')).toBe(`OAuth ${API_KEY}`);
  });

  it('rejects empty tokens, unknown prefixes and contradictions', () => {
    expect(() => authorizationHeader('  ')).toThrow(/token: must be a non-empty string/);
    expect(() => authorizationHeader('Bearer abc')).toThrow(/only the prefixes/);
    expect(() => authorizationHeader('OAuth abc', 'ApiKey')).toThrow(/starts with "OAuth" but authScheme is "ApiKey"/);
  });
});

describe('resolveApiRoot', () => {
  it('maps environments and host roots to /api/v1/', () => {
    expect(resolveApiRoot({ environment: 'production' })).toBe('https://toloka.dev/api/v1/');
    expect(resolveApiRoot({ environment: 'sandbox' })).toBe(`${ENVIRONMENT_URLS.sandbox}/api/v1/`);
    expect(resolveApiRoot({ url: 'http://127.0.0.1:8787/' })).toBe('http://127.0.0.1:8787/api/v1/');
    expect(resolveApiRoot({ url: 'https://example.org/proxy//' })).toBe('https://example.org/proxy/api/v1/');
    expect(resolveApiRoot({ url: 'http://127.0.0.1:8787/api/v1/' })).toBe('http://127.0.0.1:8787/api/v1/');
    expect(resolveApiRoot({ url: 'https://toloka.dev/api' })).toBe('https://toloka.dev/api/v1/');
  });

  it('rejects both, neither, and bad URLs', () => {
    expect(() => resolveApiRoot({ environment: 'sandbox', url: 'http://x' })).toThrow(/mutually exclusive/);
    expect(() => resolveApiRoot({})).toThrow(/give either environment/);
    expect(() => resolveApiRoot({ url: 'localhost:8787' })).toThrow(/url: must be http\(s\)/);
    expect(() => resolveApiRoot({ url: 'not a url' })).toThrow(/url: not an absolute URL/);
  });
});

describe('createClient option checks', () => {
  it('rejects bad timeouts and retry limits at once', () => {
    expect(() => createClient({ url: 'http://127.0.0.1:1', token: 't', timeout: -1 })).toThrow(/timeout: must be a positive number/);
    expect(() => createClient({ url: 'http://127.0.0.1:1', token: 't', timeout: Number.NaN })).toThrow(TypeError);
    expect(() => createClient({ url: 'http://127.0.0.1:1', token: 't', retry: { limit: 1.5 } })).toThrow(/retry.limit/);
    expect(() => createClient({ url: 'http://127.0.0.1:1', token: 't', timeout: false })).not.toThrow();
  });
});

describe('headers seen by the server', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await ScriptedServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it.each([
    [API_KEY, `ApiKey ${API_KEY}`],
    [OAUTH_TOKEN, `OAuth ${OAUTH_TOKEN}`],
  ])('sends the right Authorization for %s', async (token, expected) => {
    server.on('GET', '/operations/op1', ok(operation({ id: 'op1' })));
    const client = createClient({ url: server.url, token });
    await client.getOperation('op1');
    expect(server.seen('GET', '/operations/op1')[0]?.headers.authorization).toBe(expected);
  });

  it('sends extra headers, Accept and a JSON Content-Type on bodies', async () => {
    server.on('POST', '/aggregated-solutions/aggregate-by-pool', ok(operation(), 202));
    const client = createClient({
      url: server.url,
      token: OAUTH_TOKEN,
      headers: { 'X-Act-Under-Account-ID': 'acc-7', 'X-Caller-Context': 'tests' },
    });
    await client.aggregateByPool({ type: 'DAWID_SKENE', pool_id: '4', fields: [{ name: 'result' }] });
    const [seen] = server.seen('POST', '/aggregated-solutions/aggregate-by-pool');
    expect(seen?.headers['x-act-under-account-id']).toBe('acc-7');
    expect(seen?.headers['x-caller-context']).toBe('tests');
    expect(seen?.headers.accept).toBe('application/json');
    expect(seen?.headers['content-type']).toMatch(/^application\/json/);
    expect(seen?.body).toEqual({ type: 'DAWID_SKENE', pool_id: '4', fields: [{ name: 'result' }] });
  });

  it('cannot override Authorization through extra headers', async () => {
    server.on('GET', '/operations/op1', ok(operation({ id: 'op1' })));
    const client = createClient({ url: server.url, token: OAUTH_TOKEN, headers: { Authorization: 'Basic x' } });
    await client.getOperation('op1');
    expect(server.seen('GET', '/operations/op1')[0]?.headers.authorization).toBe(`OAuth ${OAUTH_TOKEN}`);
  });
});
