import * as v from 'valibot';

/**
 * Error codes a Toloka-compatible server puts in the `code` of an error body.
 * Common codes come with fixed HTTP statuses (see the package README);
 * internal codes are the aggregation- and operation-related ones Toloka's
 * SDK maps to "incorrect action" errors.
 */
export const ERROR_CODES = {
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  AUTHENTICATION_ERROR: 'AUTHENTICATION_ERROR',
  OAUTH_AUTHENTICATION_ERROR: 'OAUTH_AUTHENTICATION_ERROR',
  ACCESS_DENIED: 'ACCESS_DENIED',
  DOES_NOT_EXIST: 'DOES_NOT_EXIST',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  CONFLICT_STATE: 'CONFLICT_STATE',
  INAPPROPRIATE_STATUS: 'INAPPROPRIATE_STATUS',
  ENTITY_TOO_LARGE: 'ENTITY_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  REMOTE_SERVICE_UNAVAILABLE: 'REMOTE_SERVICE_UNAVAILABLE',
  ONLY_FOR_POOL_WITH_MIXER: 'ONLY_FOR_POOL_WITH_MIXER',
  ASSIGNMENTS_AGGREGATION_DENIED: 'ASSIGNMENTS_AGGREGATION_DENIED',
  UNSUPPORTED_ALGORITHM: 'UNSUPPORTED_ALGORITHM',
  RESULTS_EXPIRED: 'RESULTS_EXPIRED',
  EMPTY_POOL: 'EMPTY_POOL',
  POOL_LOCKED_BY_ANOTHER_OPERATION: 'POOL_LOCKED_BY_ANOTHER_OPERATION',
  POOL_INAPPROPRIATE_STATUS: 'POOL_INAPPROPRIATE_STATUS',
  OPERATION_ALREADY_EXISTS: 'OPERATION_ALREADY_EXISTS',
  OPERATION_EXECUTION_ERROR: 'OPERATION_EXECUTION_ERROR',
  MIXER_CONFIG_REQUIRED: 'MIXER_CONFIG_REQUIRED',
} as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/**
 * The JSON body of every non-2xx response: `{request_id, code, message, payload?}`.
 * Tolerant: `code` is any string (servers may send codes this package does not
 * list) and unknown keys are kept.
 */
export const ApiErrorBodySchema = v.looseObject({
  request_id: v.string(),
  code: v.string(),
  message: v.string(),
  payload: v.optional(v.unknown()),
});

/** Parsed error body; see {@link ApiErrorBodySchema}. */
export type ApiErrorBody = v.InferOutput<typeof ApiErrorBodySchema>;
