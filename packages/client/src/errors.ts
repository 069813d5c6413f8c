import type { ErrorCode, Operation } from '@crowdagg/schema';

/** HTTP method names the client sends. */
export type HttpMethod = 'GET' | 'POST' | 'PUT';

/**
 * Code given to an error response whose body is not a Toloka error object
 * (HTML from a proxy, plain text, empty, malformed JSON). Same name as the
 * Java SDK uses; the raw text is kept in {@link ApiError.rawBody}.
 */
export const NON_JSON_ERROR_CODE = 'NGINX_ERROR';

/** Error code as sent by the server: a known {@link ErrorCode} or any other string. */
export type ApiErrorCode = ErrorCode | typeof NON_JSON_ERROR_CODE | (string & {});

/** Everything needed to build an {@link ApiError}. */
export interface ApiErrorInit {
  status: number;
  code: ApiErrorCode;
  message: string;
  requestId?: string | undefined;
  payload?: unknown;
  url: string;
  method: HttpMethod;
  rawBody?: string | undefined;
}

/** A non-2xx answer from the API, parsed from Toloka's `{request_id, code, message, payload}` body. */
export class ApiError extends Error {
  override name = 'ApiError';
  /** HTTP status of the response. */
  readonly status: number;
  /** Toloka error code, e.g. `DOES_NOT_EXIST`; {@link NON_JSON_ERROR_CODE} when the body was not an error object. */
  readonly code: ApiErrorCode;
  /** Server-side request id to quote to support, when the server sent one. */
  readonly requestId: string | undefined;
  /** The body's `payload` (per-field details, quota interval, …). */
  readonly payload: unknown;
  /** Full URL of the failed request. */
  readonly url: string;
  /** HTTP method of the failed request. */
  readonly method: HttpMethod;
  /** The raw response text when the body was not a Toloka error object. */
  readonly rawBody: string | undefined;

  constructor(init: ApiErrorInit) {
    super(`${init.method} ${init.url} failed with ${init.status} ${init.code}: ${init.message}`);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.payload = init.payload;
    this.url = init.url;
    this.method = init.method;
    this.rawBody = init.rawBody;
  }
}

/** `VALIDATION_ERROR` (400): the request was rejected; see {@link ValidationApiError.invalidFields}. */
export class ValidationApiError extends ApiError {
  override name = 'ValidationApiError';
  /** Names of the rejected fields: the keys of the payload, as toloka-kit reports them. */
  readonly invalidFields: string[];

  constructor(init: ApiErrorInit) {
    super(init);
    const payload = init.payload;
    this.invalidFields =
      payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? Object.keys(payload) : [];
  }
}

/** `AUTHENTICATION_ERROR` / `OAUTH_AUTHENTICATION_ERROR`: the token was not accepted. */
export class AuthenticationApiError extends ApiError {
  override name = 'AuthenticationApiError';
}

/** `ACCESS_DENIED` (403). */
export class AccessDeniedApiError extends ApiError {
  override name = 'AccessDeniedApiError';
}

/** `DOES_NOT_EXIST` / `NOT_FOUND` (404). */
export class DoesNotExistApiError extends ApiError {
  override name = 'DoesNotExistApiError';
}

/** `CONFLICT_STATE` / `INAPPROPRIATE_STATUS` (409). */
export class ConflictStateApiError extends ApiError {
  override name = 'ConflictStateApiError';
}

/** `TOO_MANY_REQUESTS` (429) that was not (or no longer) retried. */
export class TooManyRequestsApiError extends ApiError {
  override name = 'TooManyRequestsApiError';
}

/** `REMOTE_SERVICE_UNAVAILABLE` (503) after the retries ran out. */
export class RemoteServiceUnavailableApiError extends ApiError {
  override name = 'RemoteServiceUnavailableApiError';
}

/** `INTERNAL_ERROR` (500) after the retries ran out. */
export class InternalApiError extends ApiError {
  override name = 'InternalApiError';
}

/** One of Toloka's internal codes for an action the resource's state forbids (e.g. `EMPTY_POOL`). */
export class IncorrectActionsApiError extends ApiError {
  override name = 'IncorrectActionsApiError';
}

/** Toloka internal codes that toloka-kit reports as "incorrect actions". */
export const INCORRECT_ACTION_CODES: readonly string[] = [
  'ONLY_FOR_POOL_WITH_MIXER',
  'ASSIGNMENTS_AGGREGATION_DENIED',
  'UNSUPPORTED_ALGORITHM',
  'RESULTS_EXPIRED',
  'EMPTY_POOL',
  'POOL_LOCKED_BY_ANOTHER_OPERATION',
  'POOL_INAPPROPRIATE_STATUS',
  'PROJECT_INAPPROPRIATE_STATUS',
  'OPERATION_ALREADY_EXISTS',
  'OPERATION_EXECUTION_ERROR',
  'OPERATION_LOGS_ARCHIVED',
  'MIXER_CONFIG_REQUIRED',
  'TASK_VALIDATION_ERROR',
];

type ApiErrorClass = new (init: ApiErrorInit) => ApiError;

const CLASS_BY_CODE: Readonly<Record<string, ApiErrorClass>> = {
  VALIDATION_ERROR: ValidationApiError,
  AUTHENTICATION_ERROR: AuthenticationApiError,
  OAUTH_AUTHENTICATION_ERROR: AuthenticationApiError,
  ACCESS_DENIED: AccessDeniedApiError,
  DOES_NOT_EXIST: DoesNotExistApiError,
  NOT_FOUND: DoesNotExistApiError,
  CONFLICT_STATE: ConflictStateApiError,
  INAPPROPRIATE_STATUS: ConflictStateApiError,
  TOO_MANY_REQUESTS: TooManyRequestsApiError,
  REMOTE_SERVICE_UNAVAILABLE: RemoteServiceUnavailableApiError,
  INTERNAL_ERROR: InternalApiError,
  ...Object.fromEntries(INCORRECT_ACTION_CODES.map((code) => [code, IncorrectActionsApiError])),
};

/** Used only when the body carried no code (non-JSON body): pick the class from the HTTP status. */
const CLASS_BY_STATUS: Readonly<Record<number, ApiErrorClass>> = {
  400: ValidationApiError,
  401: AuthenticationApiError,
  403: AccessDeniedApiError,
  404: DoesNotExistApiError,
  409: ConflictStateApiError,
  429: TooManyRequestsApiError,
  500: InternalApiError,
  502: RemoteServiceUnavailableApiError,
  503: RemoteServiceUnavailableApiError,
  504: RemoteServiceUnavailableApiError,
};

/** Builds the {@link ApiError} subclass that matches `init.code` (or, for non-JSON bodies, the status). */
export function createApiError(init: ApiErrorInit): ApiError {
  const ErrorClass =
    init.code === NON_JSON_ERROR_CODE ? CLASS_BY_STATUS[init.status] : CLASS_BY_CODE[init.code];
  return new (ErrorClass ?? ApiError)(init);
}

/** True when `error` is an {@link ApiError}, optionally with the given `code`. */
export function isApiError(error: unknown, code?: ApiErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** One mismatch between a response and its schema. */
export interface ResponseIssue {
  /** Dot path of the offending field, e.g. `items.3.task_id`; empty for the whole body. */
  path: string;
  /** Toloka-style field code, e.g. `STRING_EXPECTED`. */
  code: string;
  message: string;
}

/** A 2xx response whose body does not match the schema of the call (or is not JSON at all). */
export class ResponseValidationError extends Error {
  override name = 'ResponseValidationError';
  readonly url: string;
  readonly method: HttpMethod;
  readonly issues: ResponseIssue[];
  /** The parsed body (or the raw text when it was not JSON). */
  readonly body: unknown;

  constructor(args: { url: string; method: HttpMethod; issues: ResponseIssue[]; body: unknown }) {
    const first = args.issues[0];
    const where = first === undefined ? '' : ` at ${first.path === '' ? '(root)' : first.path}: ${first.code} ${first.message}`;
    const more = args.issues.length > 1 ? ` (+${args.issues.length - 1} more)` : '';
    super(`Unexpected response from ${args.method} ${args.url}${where}${more}`);
    this.url = args.url;
    this.method = args.method;
    this.issues = args.issues;
    this.body = args.body;
  }
}

/** A 2xx response whose body is not valid JSON. */
export class MalformedResponseError extends ResponseValidationError {
  override name = 'MalformedResponseError';
}

/** The request never got an HTTP answer: network failure or per-attempt timeout, after all retries. */
export class TransportError extends Error {
  override name = 'TransportError';
  readonly url: string;
  readonly method: HttpMethod;
  readonly kind: 'network' | 'timeout';

  constructor(args: { url: string; method: HttpMethod; kind: 'network' | 'timeout'; cause: unknown }) {
    super(`${args.method} ${args.url} got no response (${args.kind})`, { cause: args.cause });
    this.url = args.url;
    this.method = args.method;
    this.kind = args.kind;
  }
}

/** `waitOperation` saw the operation end in `FAIL`. */
export class OperationFailedError extends Error {
  override name = 'OperationFailedError';
  /** The failed operation as last read from the server. */
  readonly operation: Operation;

  constructor(operation: Operation) {
    super(`Operation ${operation.id} (${operation.type}) failed`);
    this.operation = operation;
  }
}

/** `waitOperation` ran out of time before the operation finished. */
export class OperationTimeoutError extends Error {
  override name = 'OperationTimeoutError';
  /** The last state read, or undefined when no poll completed. */
  readonly operation: Operation | undefined;
  readonly operationId: string;
  readonly timeoutMs: number;

  constructor(operationId: string, timeoutMs: number, operation: Operation | undefined) {
    const state = operation === undefined ? 'never read' : `${operation.status}, progress ${operation.progress}`;
    super(`Operation ${operationId} did not finish within ${timeoutMs} ms (last state: ${state})`);
    this.operationId = operationId;
    this.timeoutMs = timeoutMs;
    this.operation = operation;
  }
}
