import * as v from 'valibot';
import { FIELD_ERROR_CODES, codedMessage } from './field-codes.js';
import {
  FiniteNumberSchema,
  IdSchema,
  NormalizedTimestampSchema,
  QueryBooleanSchema,
  TimestampSchema,
  ValuesSchema,
  orAbsent,
  queryInteger,
  rangeFilters,
} from './primitives.js';

const weight = v.pipe(FiniteNumberSchema, v.minValue(0), v.maxValue(1));
const idList = v.array(v.pipe(v.string(), v.minLength(1)));

/** A correct answer of a control or training task. */
export const KnownSolutionSchema = v.strictObject({
  output_values: ValuesSchema,
  correctness_weight: v.optional(v.pipe(FiniteNumberSchema, v.minValue(0))),
});

/**
 * A preliminary answer that counts as a pseudo-response with accuracy
 * `confidence_weight` (0–1, default 1) in weighted aggregation.
 */
export const BaselineSolutionSchema = v.strictObject({
  output_values: ValuesSchema,
  confidence_weight: v.optional(weight),
});

/**
 * One task in the body of `POST /tasks` (the body is one task or an array).
 * `__item_idx` is what toloka-kit's async mode adds. `id` is a crowdagg-server
 * extension: a client-chosen id makes repeated imports idempotent.
 */
export const TaskCreateSchema = v.strictObject({
  id: v.optional(IdSchema),
  pool_id: IdSchema,
  input_values: ValuesSchema,
  known_solutions: v.optional(v.array(KnownSolutionSchema)),
  baseline_solutions: v.optional(v.array(BaselineSolutionSchema)),
  message_on_unknown_solution: v.optional(v.string()),
  overlap: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  infinite_overlap: v.optional(v.boolean()),
  reserved_for: v.optional(idList),
  unavailable_for: v.optional(idList),
  traits_all_of: v.optional(idList),
  traits_any_of: v.optional(idList),
  traits_none_of_any: v.optional(idList),
  __item_idx: v.optional(
    v.pipe(
      v.union([v.pipe(v.string(), v.regex(/^\d+$/)), v.pipe(v.number(), v.safeInteger(), v.minValue(0))],
        codedMessage(FIELD_ERROR_CODES.STRING_EXPECTED, 'Expected an item index')),
      v.transform((index) => String(index)),
      v.string(),
    ),
  ),
});

/** Parsed task creation item. */
export type TaskCreate = v.InferOutput<typeof TaskCreateSchema>;

/** The list form of the `POST /tasks` body. */
export const TaskCreateListSchema = v.array(TaskCreateSchema);

/**
 * Query string of `POST /tasks`. toloka-kit sends `operation_id` even in
 * sync mode; booleans arrive as `true`/`false`.
 */
export const TaskCreateQuerySchema = v.strictObject({
  operation_id: v.optional(v.pipe(v.string(), v.uuid(codedMessage(FIELD_ERROR_CODES.INVALID_FORMAT, 'Expected a UUID')))),
  async_mode: v.optional(QueryBooleanSchema),
  allow_defaults: v.optional(QueryBooleanSchema),
  skip_invalid_items: v.optional(QueryBooleanSchema),
  open_pool: v.optional(QueryBooleanSchema),
});

/** Parsed task creation query. */
export type TaskCreateQuery = v.InferOutput<typeof TaskCreateQuerySchema>;

/** Largest `limit` accepted when listing tasks (Toloka documents 100 000; its default is 50). */
export const TASK_LIMIT_MAX = 100_000;

/**
 * Query string of `GET /tasks`, as toloka-kit sends it after an async batch
 * creation (`pool_id=…&id_gte=…&id_lte=…&sort=id`, then `id_gt` per page).
 * Ids compare as plain strings. `limit` has no default here (Toloka: 50).
 */
export const TaskListQuerySchema = v.strictObject({
  pool_id: v.optional(v.pipe(v.string(), v.minLength(1))),
  sort: v.optional(v.picklist(['id', '-id', 'created', '-created'])),
  limit: v.optional(queryInteger(1, TASK_LIMIT_MAX)),
  ...rangeFilters('id', v.string()),
  ...rangeFilters('created', NormalizedTimestampSchema),
});

/** Parsed task list query. */
export type TaskListQuery = v.InferOutput<typeof TaskListQuerySchema>;

/** A stored task as returned by the API; `id`, `pool_id` and `input_values` are required. */
export const TaskSchema = v.looseObject({
  id: IdSchema,
  pool_id: IdSchema,
  input_values: ValuesSchema,
  known_solutions: orAbsent(v.array(v.looseObject({ output_values: ValuesSchema }))),
  baseline_solutions: orAbsent(v.array(v.looseObject({ output_values: ValuesSchema }))),
  overlap: orAbsent(v.number()),
  infinite_overlap: orAbsent(v.boolean()),
  remaining_overlap: orAbsent(v.number()),
  origin_task_id: orAbsent(IdSchema),
  created: orAbsent(TimestampSchema),
});

/** Parsed task. */
export type Task = v.InferOutput<typeof TaskSchema>;

/**
 * Answer of a batch `POST /tasks`: created tasks keyed by the input index as
 * a string (`"0"`, `"1"`, …), plus the rejected items' problems when
 * `skip_invalid_items=true`.
 */
export const TaskBatchCreateResultSchema = v.looseObject({
  items: v.record(v.pipe(v.string(), v.regex(/^\d+$/)), TaskSchema),
  validation_errors: orAbsent(v.record(v.string(), v.unknown())),
});

/** Parsed batch task creation result. */
export type TaskBatchCreateResult = v.InferOutput<typeof TaskBatchCreateResultSchema>;
