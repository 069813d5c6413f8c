import * as v from 'valibot';
import { FIELD_ERROR_CODES, codedMessage } from './field-codes.js';
import { IdSchema, JsonObjectSchema, TimestampSchema, orAbsent } from './primitives.js';

/** Data types of project input and output fields. */
export const FIELD_TYPES = [
  'boolean', 'string', 'float', 'integer', 'url', 'file', 'coordinates', 'json',
  'array_boolean', 'array_string', 'array_integer', 'array_float', 'array_url', 'array_file',
  'array_coordinates', 'array_json',
] as const;

/** One of {@link FIELD_TYPES}. */
export type FieldType = (typeof FIELD_TYPES)[number];

/** {@link FIELD_TYPES} as some Toloka examples spell them (`URL`). */
const UPPERCASE_FIELD_TYPES = FIELD_TYPES.map((type) => type.toUpperCase() as Uppercase<FieldType>);

/** A field type in either case, output in lower case. */
const fieldType = v.pipe(
  v.picklist([...FIELD_TYPES, ...UPPERCASE_FIELD_TYPES]),
  v.transform((type) => type.toLowerCase()),
  v.picklist(FIELD_TYPES),
);

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const bound = v.pipe(v.number(), v.finite());

const fieldSpecObject = v.strictObject({
  type: fieldType,
  required: v.optional(v.boolean()),
  hidden: v.optional(v.boolean()),
  allowed_values: v.optional(
    v.array(
      v.union(
        [v.string(), v.number(), v.boolean()],
        codedMessage(FIELD_ERROR_CODES.SIMPLE_VALUE_EXPECTED, 'Allowed values are strings, numbers or booleans'),
      ),
    ),
  ),
  min_value: v.optional(bound),
  max_value: v.optional(bound),
  min_length: v.optional(count),
  max_length: v.optional(count),
  min_size: v.optional(count),
  max_size: v.optional(count),
  current_location: v.optional(v.boolean()),
});

type FieldSpecShape = v.InferOutput<typeof fieldSpecObject>;

/** Reports `high` when both bounds are present and out of order. */
function ordered<TLow extends 'min_value' | 'min_length' | 'min_size', THigh extends 'max_value' | 'max_length' | 'max_size'>(
  low: TLow,
  high: THigh,
) {
  return v.forward<FieldSpecShape, v.CheckIssue<FieldSpecShape>, [THigh]>(
    v.check<FieldSpecShape, string>((spec) => {
      const min = spec[low];
      const max = spec[high];
      return min === undefined || max === undefined || min <= max;
    }, codedMessage(FIELD_ERROR_CODES.VALUE_LESS_THAN_MIN, `${high} must not be less than ${low}`)),
    [high],
  );
}

/**
 * The specification of one project input or output field. `type` is read in
 * either case and output in lower case. `required` defaults to true and
 * `hidden` to false on Toloka's side. Bounds are checked
 * for order (`min_* ≤ max_*`) once the rest of the spec is valid.
 */
export const FieldSpecSchema = v.pipe(
  fieldSpecObject,
  ordered('min_value', 'max_value'),
  ordered('min_length', 'max_length'),
  ordered('min_size', 'max_size'),
);

/** Parsed field specification. */
export type FieldSpec = v.InferOutput<typeof FieldSpecSchema>;

/** Task interface; its content depends on `type` (`classic` or `tb`) and is kept as sent. */
export const ViewSpecSchema = v.looseObject({ type: v.picklist(['classic', 'tb']) });

/** Input fields, output fields and interface of a project. */
export const TaskSpecSchema = v.strictObject({
  input_spec: v.record(v.string(), FieldSpecSchema),
  output_spec: v.record(v.string(), FieldSpecSchema),
  view_spec: v.optional(ViewSpecSchema),
});

/** Body of `POST /projects`. */
export const ProjectCreateSchema = v.strictObject({
  public_name: v.pipe(v.string(), v.minLength(1)),
  public_description: v.optional(v.string()),
  public_instructions: v.optional(v.string()),
  private_comment: v.optional(v.string()),
  task_spec: TaskSpecSchema,
  assignments_issuing_type: v.optional(v.picklist(['AUTOMATED', 'MAP_SELECTOR'])),
  assignments_issuing_view_config: v.optional(JsonObjectSchema),
  assignments_automerge_enabled: v.optional(v.boolean()),
  max_active_assignments_count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  quality_control: v.optional(JsonObjectSchema),
  localization_config: v.optional(JsonObjectSchema),
  metadata: v.optional(v.record(v.string(), v.array(v.string()))),
});

/** Parsed project creation body. */
export type ProjectCreate = v.InferOutput<typeof ProjectCreateSchema>;

const storedFieldSpec = v.looseObject({ type: v.string() });

/**
 * A stored project as returned by the API. Every field spec and the view
 * spec keep their `type` (toloka-kit needs it); unknown field types are kept.
 */
export const ProjectSchema = v.looseObject({
  id: IdSchema,
  public_name: orAbsent(v.string()),
  public_description: orAbsent(v.string()),
  task_spec: v.looseObject({
    input_spec: orAbsent(v.record(v.string(), storedFieldSpec)),
    output_spec: v.record(v.string(), storedFieldSpec),
    view_spec: orAbsent(v.looseObject({ type: v.string() })),
  }),
  assignments_issuing_type: orAbsent(v.string()),
  status: orAbsent(v.string()),
  created: orAbsent(TimestampSchema),
});

/** Parsed project. */
export type Project = v.InferOutput<typeof ProjectSchema>;
