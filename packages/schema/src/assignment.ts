import * as v from 'valibot';
import { FIELD_ERROR_CODES, codedMessage, type FieldErrorCode } from './field-codes.js';
import { IdSchema, TimestampSchema, ValuesSchema, orAbsent, optionalUnknowns } from './primitives.js';

/** Assignment statuses; only `ACCEPTED` assignments are aggregated. */
export const ASSIGNMENT_STATUSES = ['ACTIVE', 'SUBMITTED', 'ACCEPTED', 'REJECTED', 'SKIPPED', 'EXPIRED'] as const;

/** One of {@link ASSIGNMENT_STATUSES}. */
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** Statuses of assignments whose worker has answered, so `solutions` must be present. */
export const ANSWERED_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['SUBMITTED', 'ACCEPTED', 'REJECTED'];

const TIMESTAMP_KEYS = ['created', 'submitted', 'accepted', 'rejected', 'skipped', 'expired'] as const;

/** The lifecycle timestamps, each optional, validated by `optional` (strict or tolerant of `null`). */
function timestampEntries<TEntry extends v.GenericSchema>(optional: (schema: typeof TimestampSchema) => TEntry) {
  return Object.fromEntries(TIMESTAMP_KEYS.map((key) => [key, optional(TimestampSchema)])) as Record<
    (typeof TIMESTAMP_KEYS)[number],
    TEntry
  >;
}

/**
 * Keys of a task as Toloka embeds it in an assignment; accepted (and not
 * interpreted) so that an assignment exported from Toloka imports unchanged.
 */
const embeddedTaskExtras = optionalUnknowns([
  'pool_id', 'overlap', 'infinite_overlap', 'remaining_overlap', 'reserved_for', 'unavailable_for',
  'traits_all_of', 'traits_any_of', 'traits_none_of_any', 'known_solutions', 'baseline_solutions',
  'message_on_unknown_solution', 'origin_task_id', 'created',
]);

/** Keys of a Toloka assignment view that an import accepts without interpreting. */
const assignmentViewExtras = optionalUnknowns(['owner', 'bonus_ids', 'first_declined_solution_attempt']);

const assignmentObject = v.strictObject({
  id: IdSchema,
  pool_id: IdSchema,
  user_id: IdSchema,
  task_suite_id: v.optional(IdSchema),
  status: v.picklist(ASSIGNMENT_STATUSES),
  tasks: v.pipe(
    v.array(v.strictObject({ id: IdSchema, input_values: v.optional(ValuesSchema), ...embeddedTaskExtras })),
    v.minLength(1),
  ),
  solutions: v.optional(
    v.array(
      v.strictObject({
        output_values: ValuesSchema,
        id: v.optional(IdSchema),
        task_id: v.optional(IdSchema),
        assignment_id: v.optional(IdSchema),
      }),
    ),
  ),
  mixed: v.optional(v.boolean()),
  automerged: v.optional(v.boolean()),
  reward: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  public_comment: v.optional(v.string()),
  ...assignmentViewExtras,
  ...timestampEntries((schema) => v.optional(schema)),
});

type AssignmentShape = v.InferOutput<typeof assignmentObject>;
type CountsShape = Pick<AssignmentShape, 'status' | 'tasks' | 'solutions'>;

/**
 * Reports on `solutions` when the answer count does not fit `tasks` and
 * `status`. It runs as soon as those three keys are valid, even if others
 * are not, so every problem is reported in one answer.
 */
function solutionsCheck(requirement: (shape: CountsShape) => boolean, code: FieldErrorCode, text: string) {
  return v.forward<AssignmentShape, v.PartialCheckIssue<CountsShape>, ['solutions']>(
    v.partialCheck<AssignmentShape, [['status'], ['tasks'], ['solutions']], CountsShape, string>(
      [['status'], ['tasks'], ['solutions']],
      requirement,
      codedMessage(code, text),
    ),
    ['solutions'],
  );
}

/**
 * Body of `POST /assignments` (a crowdagg-server extension that imports
 * answers collected elsewhere). `solutions[k]` answers `tasks[k]`, so both
 * lists have the same length; `solutions` is required once the assignment
 * is SUBMITTED, ACCEPTED or REJECTED. An assignment as Toloka returns it
 * (`GET /assignments/{id}`) is accepted as is; other unknown keys are not.
 */
export const AssignmentImportSchema = v.pipe(
  assignmentObject,
  solutionsCheck(
    (a) => a.solutions !== undefined || !ANSWERED_ASSIGNMENT_STATUSES.includes(a.status),
    FIELD_ERROR_CODES.VALUE_REQUIRED,
    'solutions are required for a SUBMITTED, ACCEPTED or REJECTED assignment',
  ),
  solutionsCheck(
    (a) => a.solutions === undefined || a.solutions.length >= a.tasks.length,
    FIELD_ERROR_CODES.ARRAY_SIZE_LESS_THAN_MIN,
    'solutions must have one entry per task, in the order of tasks',
  ),
  solutionsCheck(
    (a) => a.solutions === undefined || a.solutions.length <= a.tasks.length,
    FIELD_ERROR_CODES.ARRAY_SIZE_GREATER_THAN_MAX,
    'solutions must have one entry per task, in the order of tasks',
  ),
);

/** Parsed assignment import body. */
export type AssignmentImport = v.InferOutput<typeof AssignmentImportSchema>;

/** A stored assignment as returned by the API. */
export const AssignmentSchema = v.looseObject({
  id: IdSchema,
  pool_id: IdSchema,
  user_id: IdSchema,
  task_suite_id: orAbsent(IdSchema),
  status: v.string(),
  tasks: v.array(v.looseObject({ id: IdSchema, input_values: orAbsent(ValuesSchema) })),
  solutions: orAbsent(v.array(v.looseObject({ output_values: ValuesSchema }))),
  ...timestampEntries(orAbsent),
});

/** Parsed assignment. */
export type Assignment = v.InferOutput<typeof AssignmentSchema>;
