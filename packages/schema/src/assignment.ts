import * as v from 'valibot';
import { FIELD_ERROR_CODES, codedMessage, type FieldErrorCode } from './field-codes.js';
import { IdSchema, TimestampSchema, ValuesSchema } from './primitives.js';

/** Assignment statuses; only `ACCEPTED` assignments are aggregated. */
export const ASSIGNMENT_STATUSES = ['ACTIVE', 'SUBMITTED', 'ACCEPTED', 'REJECTED', 'SKIPPED', 'EXPIRED'] as const;

/** One of {@link ASSIGNMENT_STATUSES}. */
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** Statuses of assignments whose worker has answered, so `solutions` must be present. */
export const ANSWERED_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['SUBMITTED', 'ACCEPTED', 'REJECTED'];

const timestamps = {
  created: v.optional(TimestampSchema),
  submitted: v.optional(TimestampSchema),
  accepted: v.optional(TimestampSchema),
  rejected: v.optional(TimestampSchema),
  skipped: v.optional(TimestampSchema),
  expired: v.optional(TimestampSchema),
};

const assignmentObject = v.strictObject({
  id: IdSchema,
  pool_id: IdSchema,
  user_id: IdSchema,
  task_suite_id: v.optional(IdSchema),
  status: v.picklist(ASSIGNMENT_STATUSES),
  tasks: v.pipe(
    v.array(v.strictObject({ id: IdSchema, input_values: v.optional(ValuesSchema) })),
    v.minLength(1),
  ),
  solutions: v.optional(v.array(v.strictObject({ output_values: ValuesSchema }))),
  mixed: v.optional(v.boolean()),
  automerged: v.optional(v.boolean()),
  reward: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  public_comment: v.optional(v.string()),
  ...timestamps,
});

type AssignmentShape = v.InferOutput<typeof assignmentObject>;

/** Reports on `solutions` when the answer count does not match `tasks`. */
function solutionsCheck(requirement: (shape: AssignmentShape) => boolean, code: FieldErrorCode, text: string) {
  return v.forward<AssignmentShape, v.CheckIssue<AssignmentShape>, ['solutions']>(
    v.check<AssignmentShape, string>(requirement, codedMessage(code, text)),
    ['solutions'],
  );
}

/**
 * Body of `POST /assignments` (a crowdagg-server extension that imports
 * answers collected elsewhere). `solutions[k]` answers `tasks[k]`, so both
 * lists have the same length; `solutions` is required once the assignment
 * is SUBMITTED, ACCEPTED or REJECTED.
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
  task_suite_id: v.optional(IdSchema),
  status: v.string(),
  tasks: v.array(v.looseObject({ id: IdSchema, input_values: v.optional(ValuesSchema) })),
  solutions: v.optional(v.array(v.looseObject({ output_values: ValuesSchema }))),
  ...timestamps,
});

/** Parsed assignment. */
export type Assignment = v.InferOutput<typeof AssignmentSchema>;
