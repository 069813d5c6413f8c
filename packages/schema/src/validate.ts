import * as v from 'valibot';
import { FIELD_ERROR_CODES, isFieldErrorCode, type FieldErrorCode } from './field-codes.js';

/** One problem found in an input, in Toloka's terms. */
export interface FieldIssue {
  /** Dotted path with array indices (`fields.0.name`); `""` for the root. */
  path: string;
  /** Toloka per-field code such as `VALUE_REQUIRED`. */
  code: FieldErrorCode;
  /** Human-readable explanation. */
  message: string;
}

/** Result of {@link validate}. */
export type ValidationResult<T> =
  | { success: true; output: T }
  | { success: false; issues: FieldIssue[] };

/** Any valibot schema (synchronous). */
export type AnySchema = v.GenericSchema;

type Issue = v.BaseIssue<unknown>;

const CODED_MESSAGE = /^([A-Z_]+): ([\s\S]*)$/;

const SCHEMA_TYPE_CODES: Record<string, FieldErrorCode> = {
  string: FIELD_ERROR_CODES.STRING_EXPECTED,
  number: FIELD_ERROR_CODES.NUMBER_EXPECTED,
  boolean: FIELD_ERROR_CODES.BOOLEAN_EXPECTED,
  object: FIELD_ERROR_CODES.OBJECT_EXPECTED,
  strict_object: FIELD_ERROR_CODES.OBJECT_EXPECTED,
  loose_object: FIELD_ERROR_CODES.OBJECT_EXPECTED,
  record: FIELD_ERROR_CODES.OBJECT_EXPECTED,
  array: FIELD_ERROR_CODES.ARRAY_EXPECTED,
  tuple: FIELD_ERROR_CODES.ARRAY_EXPECTED,
  picklist: FIELD_ERROR_CODES.UNKNOWN_ENUM_VALUE,
  literal: FIELD_ERROR_CODES.UNKNOWN_ENUM_VALUE,
  enum: FIELD_ERROR_CODES.UNKNOWN_ENUM_VALUE,
  variant: FIELD_ERROR_CODES.UNKNOWN_ENUM_VALUE,
};

const VALIDATION_TYPE_CODES: Record<string, FieldErrorCode> = {
  integer: FIELD_ERROR_CODES.INTEGER_EXPECTED,
  safe_integer: FIELD_ERROR_CODES.INTEGER_EXPECTED,
  finite: FIELD_ERROR_CODES.NUMBER_EXPECTED,
  min_value: FIELD_ERROR_CODES.VALUE_LESS_THAN_MIN,
  max_value: FIELD_ERROR_CODES.VALUE_GREATER_THAN_MAX,
  regex: FIELD_ERROR_CODES.PATTERN_MISMATCH,
  url: FIELD_ERROR_CODES.INVALID_URL_SYNTAX,
};

const OBJECT_TYPES = new Set(['object', 'strict_object', 'loose_object', 'variant']);

/** Joins a valibot issue path into `a.0.b`; `""` for the root. */
function issuePath(issue: Issue): string {
  return (issue.path ?? []).map((item) => String(item.key)).join('.');
}

function lengthCode(issue: Issue, tooShort: boolean): FieldErrorCode {
  if (Array.isArray(issue.input)) {
    return tooShort ? FIELD_ERROR_CODES.ARRAY_SIZE_LESS_THAN_MIN : FIELD_ERROR_CODES.ARRAY_SIZE_GREATER_THAN_MAX;
  }
  return tooShort ? FIELD_ERROR_CODES.STRING_LENGTH_LESS_THAN_MIN : FIELD_ERROR_CODES.STRING_LENGTH_GREATER_THAN_MAX;
}

/** Maps one valibot issue to a Toloka field code and message. */
function toFieldIssue(issue: Issue): FieldIssue {
  const path = issuePath(issue);
  if (issue.kind === 'schema' && (issue.received === 'undefined' || issue.received === 'null')) {
    return { path, code: FIELD_ERROR_CODES.VALUE_REQUIRED, message: 'Value must be present and not null' };
  }
  if (issue.kind === 'schema' && OBJECT_TYPES.has(issue.type) && issue.expected === 'never') {
    return { path, code: FIELD_ERROR_CODES.UNKNOWN_PARAMETER, message: `Unknown parameter ${issue.received}` };
  }
  const coded = CODED_MESSAGE.exec(issue.message);
  if (coded?.[1] !== undefined && coded[2] !== undefined && isFieldErrorCode(coded[1])) {
    return { path, code: coded[1], message: coded[2] };
  }
  if (issue.kind === 'schema') {
    const code = SCHEMA_TYPE_CODES[issue.type] ?? FIELD_ERROR_CODES.INVALID_VALUE;
    return { path, code, message: issue.message };
  }
  if (issue.kind === 'transformation') {
    return { path, code: FIELD_ERROR_CODES.INVALID_FORMAT, message: issue.message };
  }
  if (issue.type === 'min_length' || issue.type === 'max_length') {
    return { path, code: lengthCode(issue, issue.type === 'min_length'), message: issue.message };
  }
  const code = VALIDATION_TYPE_CODES[issue.type] ?? FIELD_ERROR_CODES.INVALID_VALUE;
  return { path, code, message: issue.message };
}

/** Converts valibot issues to {@link FieldIssue}s (one per path, first issue wins). */
export function toFieldIssues(issues: readonly Issue[]): FieldIssue[] {
  const seen = new Set<string>();
  const result: FieldIssue[] = [];
  for (const issue of issues) {
    const fieldIssue = toFieldIssue(issue);
    if (seen.has(fieldIssue.path)) continue;
    seen.add(fieldIssue.path);
    result.push(fieldIssue);
  }
  return result;
}

/**
 * Validates `input` against `schema` and reports problems as Toloka field
 * issues instead of throwing.
 */
export function validate<TSchema extends AnySchema>(
  schema: TSchema,
  input: unknown,
): ValidationResult<v.InferOutput<TSchema>> {
  // valibot's object schemas accept arrays as objects; a list body where an object is due is one root problem.
  if (Array.isArray(input) && OBJECT_TYPES.has(schema.type)) {
    return { success: false, issues: [{ path: '', code: FIELD_ERROR_CODES.OBJECT_EXPECTED, message: 'Expected an object, not a list' }] };
  }
  const result = v.safeParse(schema, input);
  if (result.success) return { success: true, output: result.output };
  return { success: false, issues: toFieldIssues(result.issues) };
}

/**
 * Builds the `payload` of a 400 `VALIDATION_ERROR` body: an object keyed by
 * field path, e.g. `{ "fields.0.name": { code: "VALUE_REQUIRED", message } }`.
 */
export function toValidationPayload(
  issues: readonly FieldIssue[],
): Record<string, { code: FieldErrorCode; message: string }> {
  const payload: Record<string, { code: FieldErrorCode; message: string }> = {};
  for (const issue of issues) {
    payload[issue.path] ??= { code: issue.code, message: issue.message };
  }
  return payload;
}

/** Thrown by {@link parseOrThrow}; carries the field issues. */
export class SchemaValidationError extends Error {
  /** Every problem found, in input order. */
  readonly issues: FieldIssue[];

  constructor(issues: FieldIssue[]) {
    const summary = issues
      .slice(0, 3)
      .map((issue) => `${issue.path || '(root)'}: ${issue.code}`)
      .join('; ');
    super(`Validation failed: ${summary}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}`);
    this.name = 'SchemaValidationError';
    this.issues = issues;
  }
}

/** Parses `input` with `schema`, throwing {@link SchemaValidationError} on failure. */
export function parseOrThrow<TSchema extends AnySchema>(schema: TSchema, input: unknown): v.InferOutput<TSchema> {
  const result = validate(schema, input);
  if (!result.success) throw new SchemaValidationError(result.issues);
  return result.output;
}
