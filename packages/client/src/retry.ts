import ky, { isForceRetryError, isHTTPError, isTimeoutError } from 'ky';
import type { AfterResponseHook, BeforeRetryHook, RetryOptions as KyRetryOptions } from 'ky';
import { apiErrorFromBody, decodeBody, quotaIntervalOf } from './error-body.js';
import type { QuotaInterval } from './error-body.js';
import type { HttpMethod } from './errors.js';

/** Statuses retried, as in toloka-kit: request timeout, too many requests, 500, 503, 504. */
export const RETRY_STATUS_CODES: readonly number[] = [408, 429, 500, 503, 504];

/** How failed requests are retried. Every field is optional; defaults follow toloka-kit. */
export interface RetryOptions {
  /** Retries after the first attempt (so `limit + 1` attempts at most). Default 3. */
  limit?: number;
  /**
   * Delay in ms before retry number `n` (1-based) when the server gave no
   * `Retry-After`. Default toloka-kit's: 0, 4000, 8000, … (2 s·2^(n−1), none
   * before the first retry), capped at 120 s.
   */
  backoff?: (retryNumber: number) => number;
  /**
   * Quota intervals (the 429 body's `payload.interval`) worth waiting for.
   * Default `['MIN']`; a 429 for another interval throws TooManyRequestsApiError at once.
   */
  retryQuotas?: QuotaInterval[];
  /**
   * Wait per quota interval in ms when the 429 has no `Retry-After` (which
   * wins when present). Default 60 000 (MIN), 3 600 000 (HOUR), 86 400 000 (DAY).
   */
  quotaWaitMs?: Partial<Record<QuotaInterval, number>>;
  /** Upper bound in ms for a server's `Retry-After`. Default 300 000 (5 min). */
  maxRetryAfter?: number;
}

/** What a retry was triggered by. */
export type RetryReason = 'status' | 'quota' | 'network' | 'timeout';

/** Reported to `onRetry` just before each retry is sent. */
export interface RetryEvent {
  /** 1 for the first retry, 2 for the second, … */
  retryCount: number;
  method: HttpMethod;
  url: string;
  reason: RetryReason;
  /** HTTP status that caused the retry, if any. */
  status?: number;
}

const BACKOFF_LIMIT_MS = 120_000;

/** toloka-kit's urllib3 backoff with factor 2: no wait, then 4 s, 8 s, 16 s… */
export function tolokaBackoff(retryNumber: number): number {
  return retryNumber <= 1 ? 0 : 2000 * 2 ** (retryNumber - 1);
}

const DEFAULT_QUOTA_WAIT_MS: Readonly<Record<QuotaInterval, number>> = {
  MIN: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
};

/** ky settings (retry options and hooks) that implement a {@link RetryOptions} policy. */
export interface KyRetrySetup {
  retry: KyRetryOptions;
  afterResponse: AfterResponseHook;
  beforeRetry: BeforeRetryHook;
}

/** Translates the policy into ky's retry options plus the hooks for quota waits and retry reporting. */
export function kyRetrySetup(policy: RetryOptions = {}, onRetry?: (event: RetryEvent) => void): KyRetrySetup {
  const limit = policy.limit ?? 3;
  if (!Number.isInteger(limit) || limit < 0) throw new TypeError('retry.limit: must be a non-negative integer');
  const retryQuotas = new Set(policy.retryQuotas ?? ['MIN']);
  const quotaWaitMs = { ...DEFAULT_QUOTA_WAIT_MS, ...policy.quotaWaitMs };
  const statusCodes = [...RETRY_STATUS_CODES];

  const retry: KyRetryOptions = {
    limit,
    methods: ['get', 'post', 'put', 'patch', 'delete', 'head'],
    statusCodes,
    afterStatusCodes: statusCodes,
    maxRetryAfter: policy.maxRetryAfter ?? 300_000,
    backoffLimit: BACKOFF_LIMIT_MS,
    delay: policy.backoff ?? tolokaBackoff,
    retryOnTimeout: true,
    // A 429 naming a quota interval we do not wait for fails at once; other
    // quota 429s either were forced to retry (afterResponse) or carry a
    // Retry-After, which ky's default path honours.
    shouldRetry: ({ error }) => {
      if (!isHTTPError(error) || error.response.status !== 429) return undefined;
      const interval = quotaIntervalOf(decodeBody(error.data));
      return interval !== undefined && !retryQuotas.has(interval) ? false : undefined;
    },
  };

  const afterResponse: AfterResponseHook = async ({ request, response }) => {
    // A server's own Retry-After is more precise than a whole quota interval.
    if (response.status !== 429 || response.headers.has('retry-after')) return;
    const body = decodeBody(await response.text());
    const interval = quotaIntervalOf(body);
    if (interval === undefined || !retryQuotas.has(interval)) return;
    const method = request.method as HttpMethod;
    // The cause is what the caller sees if the retry limit is already used up.
    const cause = apiErrorFromBody(429, body, request.url, method);
    return ky.retry({ delay: quotaWaitMs[interval], code: `QUOTA_${interval}`, cause });
  };

  const beforeRetry: BeforeRetryHook = ({ request, error, retryCount }) => {
    if (onRetry === undefined) return;
    const status = isHTTPError(error) ? error.response.status : isForceRetryError(error) ? 429 : undefined;
    const event: RetryEvent = {
      retryCount,
      method: request.method as HttpMethod,
      url: request.url,
      reason: retryReason(error),
    };
    if (status !== undefined) event.status = status;
    onRetry(event);
  };

  return { retry, afterResponse, beforeRetry };
}

function retryReason(error: Error): RetryReason {
  if (isForceRetryError(error)) return 'quota';
  if (isHTTPError(error)) {
    return error.response.status === 429 && quotaIntervalOf(decodeBody(error.data)) !== undefined ? 'quota' : 'status';
  }
  return isTimeoutError(error) ? 'timeout' : 'network';
}
