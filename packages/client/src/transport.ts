import ky, { isForceRetryError, isHTTPError, isNetworkError, isTimeoutError } from 'ky';
import type { KyInstance } from 'ky';
import { validate } from '@crowdagg/schema';
import type * as v from 'valibot';
import { authorizationHeader } from './auth.js';
import type { AuthScheme } from './auth.js';
import { resolveApiRoot } from './environment.js';
import type { Environment } from './environment.js';
import { UnparsedBody, apiErrorFromBody, decodeBody } from './error-body.js';
import { ApiError, MalformedResponseError, ResponseValidationError, TransportError } from './errors.js';
import type { HttpMethod } from './errors.js';
import { kyRetrySetup } from './retry.js';
import type { RetryEvent, RetryOptions } from './retry.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Toloka installation; mutually exclusive with `url`. */
  environment?: Environment;
  /** Host root of a Toloka-compatible server, e.g. `http://127.0.0.1:8787`; `/api/v1` is appended. */
  url?: string;
  /** API key or OAuth token, bare or prefixed with `ApiKey `/`OAuth `. */
  token: string;
  /** Forces the `Authorization` scheme; by default it is chosen from the token's shape as the official SDKs do. */
  authScheme?: AuthScheme;
  /** Extra headers sent with every request (e.g. `X-Act-Under-Account-ID`); `Authorization` here is ignored. */
  headers?: Record<string, string>;
  /** Per-attempt timeout in ms (default 10 000, like toloka-kit); `false` disables it. */
  timeout?: number | false;
  /** Retry policy; see {@link RetryOptions}. */
  retry?: RetryOptions;
  /** Called before every retry, e.g. to log or count them. */
  onRetry?: (event: RetryEvent) => void;
  /** A fetch implementation to use instead of the global one. */
  fetch?: typeof globalThis.fetch;
  /** Aborts every request of this client. */
  signal?: AbortSignal;
}

/** Query values; undefined ones are left out, booleans are sent as `true`/`false`. */
export type QueryValue = string | number | boolean | undefined;

/** One API call as the transport sees it. */
export interface CallSpec<S extends v.GenericSchema> {
  method: HttpMethod;
  /** Path segments below `/api/v1/`, e.g. `['operations', id, 'log']`; each is percent-encoded here. */
  path: readonly string[];
  query?: Record<string, QueryValue> | undefined;
  json?: unknown;
  /** Schema the 2xx body must match. */
  schema: S;
  signal?: AbortSignal | undefined;
}

/** Sends calls, retries them, maps errors to typed ones and validates every response. */
export interface Transport {
  /** Root URL all paths are resolved against (ends in `/api/v1/`). */
  readonly apiRoot: string;
  call<S extends v.GenericSchema>(spec: CallSpec<S>): Promise<v.InferOutput<S>>;
}

/**
 * Encodes an id as one path segment. An empty id would address the
 * collection instead, and URL parsing removes `.` and `..` segments (even
 * percent-encoded), so those are TypeErrors.
 */
export function pathSegment(id: string): string {
  if (typeof id !== 'string' || id === '') throw new TypeError('an id in the path must be a non-empty string');
  if (id === '.' || id === '..') throw new TypeError(`the id ${JSON.stringify(id)} cannot be sent in a URL path`);
  return encodeURIComponent(id);
}

/** Builds the full URL of a call, so error messages name exactly what was requested. */
export function callUrl(apiRoot: string, path: string, query?: Record<string, QueryValue>): string {
  const url = new URL(path, apiRoot);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.append(key, String(value));
  }
  return url.href;
}

/** Creates the HTTP layer of a client. Validates the options eagerly and sends nothing. */
export function createTransport(options: ClientOptions): Transport {
  const apiRoot = resolveApiRoot(options);
  const timeout = options.timeout ?? 10_000;
  if (timeout !== false && !(Number.isFinite(timeout) && timeout > 0 && timeout <= 2_147_483_647)) {
    throw new TypeError(`timeout: must be a positive number of ms (at most 2^31-1) or false, got ${String(timeout)}`);
  }
  const authorization = authorizationHeader(options.token, options.authScheme);
  const { retry, afterResponse, beforeRetry } = kyRetrySetup(options.retry, options.onRetry);
  const headers = new Headers(options.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  headers.set('authorization', authorization); // never overridden by `headers`
  const http: KyInstance = ky.create({
    headers,
    timeout,
    retry,
    hooks: { afterResponse: [afterResponse], beforeRetry: [beforeRetry] },
    parseJson: (text) => decodeBody(text),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });

  async function call<S extends v.GenericSchema>(spec: CallSpec<S>): Promise<v.InferOutput<S>> {
    const url = callUrl(apiRoot, spec.path.map(pathSegment).join('/'), spec.query);
    const signals = [options.signal, spec.signal].filter((s): s is AbortSignal => s !== undefined);
    let text: string;
    try {
      text = await http(url, {
        method: spec.method,
        ...(spec.json === undefined ? {} : { json: spec.json }),
        ...(signals.length === 0 ? {} : { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) }),
      }).text();
    } catch (error) {
      throw translateError(error, url, spec.method);
    }
    return checkResponse(spec.schema, decodeBody(text), url, spec.method);
  }

  return { apiRoot, call };
}

function translateError(error: unknown, url: string, method: HttpMethod): unknown {
  if (isForceRetryError(error) && error.cause instanceof ApiError) return error.cause;
  if (isHTTPError(error)) return apiErrorFromBody(error.response.status, decodeBody(error.data), url, method);
  if (isTimeoutError(error)) return new TransportError({ url, method, kind: 'timeout', cause: error });
  if (isNetworkError(error)) return new TransportError({ url, method, kind: 'network', cause: error });
  return error; // an abort reason or a programming error: passed through unchanged
}

/** Validates a decoded 2xx body against the call's schema, naming the failing field paths. */
export function checkResponse<S extends v.GenericSchema>(
  schema: S,
  body: unknown,
  url: string,
  method: HttpMethod,
): v.InferOutput<S> {
  if (body instanceof UnparsedBody) {
    const snippet = body.text.length > 200 ? `${body.text.slice(0, 200)}…` : body.text;
    throw new MalformedResponseError({
      url,
      method,
      issues: [{ path: '', code: 'JSON_EXPECTED', message: `body is not valid JSON: ${JSON.stringify(snippet)}` }],
      body: body.text,
    });
  }
  const result = validate(schema, body);
  if (result.success) return result.output;
  throw new ResponseValidationError({ url, method, issues: result.issues, body });
}
