import { ApiErrorBodySchema } from '@crowdagg/schema';
import * as v from 'valibot';
import { NON_JSON_ERROR_CODE, createApiError } from './errors.js';
import type { ApiError, HttpMethod } from './errors.js';

/** Per-method quota intervals Toloka names in a 429's `payload.interval`. */
export type QuotaInterval = 'MIN' | 'HOUR' | 'DAY';

/** A response text that is not JSON, kept verbatim. */
export class UnparsedBody {
  constructor(readonly text: string) {}
}

/**
 * Turns a response text (or what ky already decoded) into JSON, an
 * {@link UnparsedBody} when it is not JSON, or undefined when empty.
 */
export function decodeBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  if (data.trim() === '') return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return new UnparsedBody(data);
  }
}

/** The `payload.interval` of a 429 body, when it names a known quota interval. */
export function quotaIntervalOf(body: unknown): QuotaInterval | undefined {
  if (body === null || typeof body !== 'object' || !('payload' in body)) return undefined;
  const payload = body.payload;
  if (payload === null || typeof payload !== 'object' || !('interval' in payload)) return undefined;
  const interval = payload.interval;
  return interval === 'MIN' || interval === 'HOUR' || interval === 'DAY' ? interval : undefined;
}

const MAX_RAW_IN_MESSAGE = 200;

/** Builds the typed error for a non-2xx response from its decoded body. */
export function apiErrorFromBody(status: number, body: unknown, url: string, method: HttpMethod): ApiError {
  const parsed = v.safeParse(ApiErrorBodySchema, body);
  if (parsed.success) {
    return createApiError({
      status,
      code: parsed.output.code,
      message: parsed.output.message ?? '(no message)',
      requestId: parsed.output.request_id,
      payload: parsed.output.payload,
      url,
      method,
    });
  }
  const rawBody =
    body === undefined ? '' : body instanceof UnparsedBody ? body.text : JSON.stringify(body);
  const shown = rawBody.length > MAX_RAW_IN_MESSAGE ? `${rawBody.slice(0, MAX_RAW_IN_MESSAGE)}…` : rawBody;
  return createApiError({
    status,
    code: NON_JSON_ERROR_CODE,
    message: rawBody === '' ? 'empty error body' : `error body is not a Toloka error object: ${shown}`,
    url,
    method,
    rawBody,
  });
}
