import { randomUUID } from 'node:crypto';
import type { ErrorCode, FieldErrorCode } from '@crowdagg/schema';

/** Toloka's error body, sent with every non-2xx response. */
export interface ErrorBody {
  /** Id of the request, also logged server-side. */
  readonly request_id: string;
  /** Stable machine-readable code (`VALIDATION_ERROR`, `DOES_NOT_EXIST`, …). */
  readonly code: string;
  /** Human-readable explanation. */
  readonly message: string;
  /** Extra machine-readable detail (per-field issues, quota interval, …). */
  readonly payload?: unknown;
}

/** HTTP statuses the API answers errors with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 500 | 503;

/** An error a route throws on purpose; rendered as Toloka's error body with `status`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status of the response. */
    readonly status: ErrorStatus,
    /** Toloka error code (one of `ERROR_CODES`). */
    readonly code: ErrorCode,
    message: string,
    /** Optional machine-readable detail. */
    readonly payload?: unknown,
  ) {
    super(message);
  }

  /** The response body for a request. */
  toBody(requestId: string): ErrorBody {
    return this.payload === undefined
      ? { request_id: requestId, code: this.code, message: this.message }
      : { request_id: requestId, code: this.code, message: this.message, payload: this.payload };
  }
}

/** 404 DOES_NOT_EXIST: unknown ids and other accounts' objects look the same. */
export function notFound(what: string, id: string): ApiError {
  return new ApiError(404, 'DOES_NOT_EXIST', `${what} ${JSON.stringify(id)} does not exist`);
}

/** 400 VALIDATION_ERROR for a single field path. */
export function fieldError(path: string, code: FieldErrorCode, message: string): ApiError {
  return new ApiError(400, 'VALIDATION_ERROR', 'Validation failed', { [path]: { code, message } });
}

/** 409 CONFLICT_STATE with a reason. */
export function conflict(message: string, payload?: unknown): ApiError {
  return new ApiError(409, 'CONFLICT_STATE', message, payload);
}

/** A fresh request id (UUID v4). */
export function newRequestId(): string {
  return randomUUID();
}
