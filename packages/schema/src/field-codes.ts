/**
 * Toloka's per-field validation sub-codes, as they appear in the `payload` of a
 * 400 `VALIDATION_ERROR` body (`{ "fields.0.name": { code, message } }`).
 *
 * The list mirrors Toloka's validation codes, plus `UNKNOWN_PARAMETER` (an
 * unknown key in a strict request) and `INVALID_FORMAT` (a string that does
 * not match the expected syntax, such as a timestamp).
 */
export const FIELD_ERROR_CODES = {
  VALUE_REQUIRED: 'VALUE_REQUIRED',
  VALUE_NOT_ALLOWED: 'VALUE_NOT_ALLOWED',
  UNKNOWN_ENUM_VALUE: 'UNKNOWN_ENUM_VALUE',
  UNKNOWN_PARAMETER: 'UNKNOWN_PARAMETER',
  INVALID_FORMAT: 'INVALID_FORMAT',
  INVALID_VALUE: 'INVALID_VALUE',
  STRING_EXPECTED: 'STRING_EXPECTED',
  NUMBER_EXPECTED: 'NUMBER_EXPECTED',
  FLOAT_EXPECTED: 'FLOAT_EXPECTED',
  INTEGER_EXPECTED: 'INTEGER_EXPECTED',
  BOOLEAN_EXPECTED: 'BOOLEAN_EXPECTED',
  OBJECT_EXPECTED: 'OBJECT_EXPECTED',
  ARRAY_EXPECTED: 'ARRAY_EXPECTED',
  JSON_EXPECTED: 'JSON_EXPECTED',
  SIMPLE_VALUE_EXPECTED: 'SIMPLE_VALUE_EXPECTED',
  VALUE_LESS_THAN_MIN: 'VALUE_LESS_THAN_MIN',
  VALUE_GREATER_THAN_MAX: 'VALUE_GREATER_THAN_MAX',
  VALUE_OUT_OF_BOUNDS: 'VALUE_OUT_OF_BOUNDS',
  ARRAY_SIZE_LESS_THAN_MIN: 'ARRAY_SIZE_LESS_THAN_MIN',
  ARRAY_SIZE_GREATER_THAN_MAX: 'ARRAY_SIZE_GREATER_THAN_MAX',
  ARRAY_SIZE_OUT_OF_BOUNDS: 'ARRAY_SIZE_OUT_OF_BOUNDS',
  STRING_LENGTH_LESS_THAN_MIN: 'STRING_LENGTH_LESS_THAN_MIN',
  STRING_LENGTH_GREATER_THAN_MAX: 'STRING_LENGTH_GREATER_THAN_MAX',
  BLANK_STRING_NOT_ALLOWED: 'BLANK_STRING_NOT_ALLOWED',
  PATTERN_MISMATCH: 'PATTERN_MISMATCH',
  INVALID_DATE_TIME_SYNTAX: 'INVALID_DATE_TIME_SYNTAX',
  INVALID_URL_SYNTAX: 'INVALID_URL_SYNTAX',
  DUPLICATE_VALUE_IN_ARRAY: 'DUPLICATE_VALUE_IN_ARRAY',
  EMPTY_OBJECT_NOT_ALLOWED: 'EMPTY_OBJECT_NOT_ALLOWED',
  NOT_NULL_BODY: 'NOT_NULL_BODY',
  ENTITY_DOES_NOT_EXIST: 'ENTITY_DOES_NOT_EXIST',
  ENTITY_ACCESS_DENIED: 'ENTITY_ACCESS_DENIED',
} as const;

/** One of {@link FIELD_ERROR_CODES}. */
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[keyof typeof FIELD_ERROR_CODES];

/** True when `value` is one of {@link FIELD_ERROR_CODES}. */
export function isFieldErrorCode(value: string): value is FieldErrorCode {
  return Object.hasOwn(FIELD_ERROR_CODES, value);
}

/**
 * Builds a custom valibot message that carries a field code, so a refinement
 * (`v.check`, `v.rawCheck`) reports the code it means rather than a generic one.
 * {@link validate} strips the prefix again.
 */
export function codedMessage(code: FieldErrorCode, text: string): string {
  return `${code}: ${text}`;
}
