/** Machine-readable reason of an {@link AggregationError}. */
export type AggregationErrorCode =
  /** The matrix has no answers (or no tasks). */
  | 'EMPTY_MATRIX'
  /** The method needs at least two label options. */
  | 'SINGLE_CLASS'
  /** The method is defined for two classes only (e.g. KOS). */
  | 'NOT_BINARY'
  /** A skills/parameters map names a worker the matrix does not have, or lacks one it has. */
  | 'UNKNOWN_WORKER'
  /** A worker has no skill and the missing-skill policy is `'error'`. */
  | 'MISSING_SKILL'
  /** A label is outside the declared option list. */
  | 'UNKNOWN_LABEL'
  /** Parallel arrays (or supplied parameters) have inconsistent lengths. */
  | 'LENGTH_MISMATCH'
  /** An option is out of range or of the wrong type. */
  | 'INVALID_OPTION'
  /** Any other malformed input (e.g. an empty id). */
  | 'INVALID_INPUT'
  /** A computation produced NaN or ±Infinity (guarded before any result is returned). */
  | 'NON_FINITE';

/** The only error this package throws on bad input; `code` says what is wrong. */
export class AggregationError extends Error {
  override readonly name = 'AggregationError';
  /** What is wrong, as a stable code. */
  readonly code: AggregationErrorCode;
  /** Extra machine-readable context (offending worker, label, option …). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: AggregationErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

/** Whether `error` is an {@link AggregationError} (optionally with the given code). */
export function isAggregationError(error: unknown, code?: AggregationErrorCode): error is AggregationError {
  return error instanceof AggregationError && (code === undefined || error.code === code);
}

/** A short printable form of any value for error messages (JSON where possible). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return value.toString();
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
