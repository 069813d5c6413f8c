import * as v from 'valibot';
import { FIELD_ERROR_CODES, codedMessage } from './field-codes.js';
import { formatTolokaTimestamp, parseTolokaTimestamp } from './timestamps.js';

/**
 * An entity id. Toloka sends ids as strings, but its own examples also send
 * bare numbers (`"pool_id": 1491600`), so a non-empty string or a
 * non-negative safe integer is accepted and the output is always a string.
 */
export const IdSchema = v.pipe(
  v.union(
    [
      v.pipe(v.string(), v.minLength(1, codedMessage(FIELD_ERROR_CODES.VALUE_REQUIRED, 'An id must not be empty'))),
      v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
    ],
    codedMessage(FIELD_ERROR_CODES.STRING_EXPECTED, 'An id must be a string or an integer'),
  ),
  v.transform((id) => String(id)),
  v.string(),
);

/**
 * A timestamp string in any form {@link parseTolokaTimestamp} reads (Toloka's
 * zone-less UTC form, `Z`, offsets, 0–6 fractional digits); kept as sent.
 */
export const TimestampSchema = v.pipe(
  v.string(),
  v.check(
    (text) => parseTolokaTimestamp(text) !== undefined,
    codedMessage(FIELD_ERROR_CODES.INVALID_DATE_TIME_SYNTAX, 'Expected a timestamp like 2026-12-01T02:07:50.446'),
  ),
);

/** Like {@link TimestampSchema}, but rewritten to `YYYY-MM-DDTHH:MM:SS.sss` UTC (for query filters). */
export const NormalizedTimestampSchema = v.pipe(
  TimestampSchema,
  v.transform((text) => formatTolokaTimestamp(parseTolokaTimestamp(text) ?? new Date(Number.NaN))),
  v.string(),
);

/** A JSON number that is finite (JSON Schema form: plain `number`). */
export const FiniteNumberSchema = v.pipe(v.number(), v.finite());

function isJsonObject(input: unknown): input is Record<string, unknown> {
  return input !== null && typeof input === 'object' && !Array.isArray(input);
}

/**
 * A free-form JSON object, kept as sent. Unlike valibot's record schema it
 * rejects a list (`OBJECT_EXPECTED`); its JSON Schema is `{type: "object"}`.
 */
export const JsonObjectSchema = v.custom<Record<string, unknown>>(
  isJsonObject,
  codedMessage(FIELD_ERROR_CODES.OBJECT_EXPECTED, 'Expected an object'),
);

/** Field values keyed by field name, such as `input_values` or `output_values`. */
export const ValuesSchema = JsonObjectSchema;

/** Localised texts keyed by language code, e.g. `{ "EN": "…" }`. */
export const LocalizedTextSchema = v.record(v.string(), v.string());

/** A field reference `{ name }` used by aggregation requests and dynamic overlap. */
export const FieldRefSchema = v.strictObject({ name: v.pipe(v.string(), v.minLength(1)) });

/** A list of field references in which no name repeats (`DUPLICATE_VALUE_IN_ARRAY`). */
export const FieldRefListSchema = v.pipe(
  v.array(FieldRefSchema),
  v.check(
    (fields) => new Set(fields.map((field) => field.name)).size === fields.length,
    codedMessage(FIELD_ERROR_CODES.DUPLICATE_VALUE_IN_ARRAY, 'A field is listed twice'),
  ),
);

/**
 * An integer arriving in a query string: a decimal string (or a number when
 * the caller builds the query in code), output as a number.
 */
export function queryInteger(min: number, max: number) {
  return v.pipe(
    v.union(
      [
        v.pipe(
          v.string(),
          v.regex(/^-?\d+$/, codedMessage(FIELD_ERROR_CODES.INTEGER_EXPECTED, 'Expected an integer')),
          v.transform(Number),
        ),
        v.number(),
      ],
      codedMessage(FIELD_ERROR_CODES.INTEGER_EXPECTED, 'Expected an integer'),
    ),
    v.number(),
    v.integer(),
    v.minValue(min),
    v.maxValue(max),
  );
}

/** A boolean arriving in a query string as `true`/`false` (or a real boolean), output as a boolean. */
export const QueryBooleanSchema = v.pipe(
  v.union(
    [v.picklist(['true', 'false']), v.boolean()],
    codedMessage(FIELD_ERROR_CODES.BOOLEAN_EXPECTED, 'Expected true or false'),
  ),
  v.transform((flag) => flag === true || flag === 'true'),
  v.boolean(),
);

/**
 * An optional field of a response: a missing key and `null` both read as
 * absent (`undefined`), so servers that write `null` for "not set" still parse.
 */
export function orAbsent<TSchema extends v.GenericSchema>(schema: TSchema) {
  return v.pipe(
    v.nullish(schema),
    v.transform((value) => value ?? undefined),
    v.optional(schema),
  );
}

/** Object entries that accept any value (or none) under each of `keys`. */
export function optionalUnknowns<const TKey extends string>(
  keys: readonly TKey[],
): Record<TKey, v.OptionalSchema<v.UnknownSchema, undefined>> {
  return Object.fromEntries(keys.map((key) => [key, v.optional(v.unknown())])) as Record<
    TKey,
    v.OptionalSchema<v.UnknownSchema, undefined>
  >;
}

/** The comparison suffixes of Toloka's range filters. */
export const RANGE_OPERATORS = ['gt', 'gte', 'lt', 'lte'] as const;

/**
 * Query entries `<key>_gt`, `<key>_gte`, `<key>_lt`, `<key>_lte`, each optional
 * and validated by `schema` (e.g. `rangeFilters('task_id', v.string())`).
 */
export function rangeFilters<const TKey extends string, TSchema extends v.GenericSchema>(
  key: TKey,
  schema: TSchema,
): { [K in `${TKey}_${(typeof RANGE_OPERATORS)[number]}`]: v.OptionalSchema<TSchema, undefined> } {
  return Object.fromEntries(RANGE_OPERATORS.map((operator) => [`${key}_${operator}`, v.optional(schema)])) as {
    [K in `${TKey}_${(typeof RANGE_OPERATORS)[number]}`]: v.OptionalSchema<TSchema, undefined>;
  };
}
