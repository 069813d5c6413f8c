import * as v from 'valibot';
import { pageSchema } from './aggregation.js';
import { IdSchema, NormalizedTimestampSchema, TimestampSchema, orAbsent, queryInteger, rangeFilters } from './primitives.js';

/** Operation types Toloka defines; `SOLUTION.AGGREGATE` and `TASK.BATCH_CREATE` are the ones crowdagg uses. */
export const OPERATION_TYPES = {
  ANALYTICS: 'ANALYTICS',
  POOL_ARCHIVE: 'POOL.ARCHIVE',
  POOL_CLONE: 'POOL.CLONE',
  POOL_CLOSE: 'POOL.CLOSE',
  POOL_OPEN: 'POOL.OPEN',
  PROJECT_ARCHIVE: 'PROJECT.ARCHIVE',
  SOLUTION_AGGREGATE: 'SOLUTION.AGGREGATE',
  TASK_SUITE_BATCH_CREATE: 'TASK_SUITE.BATCH_CREATE',
  TASK_BATCH_CREATE: 'TASK.BATCH_CREATE',
  TRAINING_ARCHIVE: 'TRAINING.ARCHIVE',
  TRAINING_CLONE: 'TRAINING.CLONE',
  TRAINING_CLOSE: 'TRAINING.CLOSE',
  TRAINING_OPEN: 'TRAINING.OPEN',
  USER_BONUS_BATCH_CREATE: 'USER_BONUS.BATCH_CREATE',
  KNOWN_SOLUTIONS_GENERATE: 'KNOWN_SOLUTIONS.GENERATE',
} as const;

/** One of {@link OPERATION_TYPES}. */
export type OperationType = (typeof OPERATION_TYPES)[keyof typeof OPERATION_TYPES];

/** Operation statuses; `SUCCESS` and `FAIL` are terminal. */
export const OPERATION_STATUSES = ['PENDING', 'RUNNING', 'SUCCESS', 'FAIL'] as const;

/** One of {@link OPERATION_STATUSES}. */
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

const progressSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100));

const operationEntries = {
  type: v.string(),
  status: v.picklist(OPERATION_STATUSES),
  submitted: TimestampSchema,
  details: v.optional(v.unknown()),
};

/**
 * A long-running job (`GET /operations/{id}`, the 202 answer of
 * aggregate-by-pool and of async task creation). `type` is any string so
 * unknown types still parse; compare it with {@link OPERATION_TYPES}.
 * `parameters.pool_id` is set for `SOLUTION.AGGREGATE`. Unknown keys are kept.
 *
 * Some of Toloka's own examples omit `progress` or `details`: both are
 * accepted when missing, and a missing `progress` reads as 100 for a
 * `SUCCESS` operation and 0 otherwise. A crowdagg server always sends both.
 * `null` in an optional field reads as absent.
 */
export const OperationSchema = v.pipe(
  v.looseObject({
    ...operationEntries,
    id: IdSchema,
    started: orAbsent(TimestampSchema),
    finished: orAbsent(TimestampSchema),
    progress: orAbsent(progressSchema),
    parameters: v.looseObject({ pool_id: v.optional(IdSchema) }),
  }),
  v.transform((operation) => ({
    ...operation,
    progress: operation.progress ?? (operation.status === 'SUCCESS' ? 100 : 0),
  })),
  v.looseObject({
    ...operationEntries,
    id: v.string(),
    started: v.optional(TimestampSchema),
    finished: v.optional(TimestampSchema),
    progress: progressSchema,
    parameters: v.looseObject({ pool_id: v.optional(v.string()) }),
  }),
);

/** Parsed operation. */
export type Operation = v.InferOutput<typeof OperationSchema>;

/** A page of operations (`GET /operations`). */
export const OperationPageSchema = pageSchema(OperationSchema);

/**
 * One entry of `GET /operations/{id}/log`, e.g.
 * `{type: "TASK_CREATE", success: true, input: {…}, output: {task_id}}`.
 * On failure `output` holds per-field `{code, message}` objects.
 */
export const OperationLogItemSchema = v.looseObject({
  type: v.string(),
  success: v.boolean(),
  input: v.unknown(),
  output: v.unknown(),
});

/** Parsed operation log entry. */
export type OperationLogItem = v.InferOutput<typeof OperationLogItemSchema>;

/** Largest `limit` accepted when listing operations (toloka-kit documents 500). */
export const OPERATION_LIMIT_MAX = 500;

const OPERATION_SORT = /^-?(id|submitted|finished)(,-?(id|submitted|finished))*$/;

/** Query string of `GET /operations`. */
export const OperationListQuerySchema = v.strictObject({
  type: v.optional(v.string()),
  status: v.optional(v.picklist(OPERATION_STATUSES)),
  sort: v.optional(v.pipe(v.string(), v.regex(OPERATION_SORT, 'Sort keys are id, submitted, finished, optionally prefixed by -'))),
  limit: v.optional(queryInteger(1, OPERATION_LIMIT_MAX)),
  ...rangeFilters('id', v.string()),
  ...rangeFilters('submitted', NormalizedTimestampSchema),
  ...rangeFilters('finished', NormalizedTimestampSchema),
});

/** Parsed operation list query. */
export type OperationListQuery = v.InferOutput<typeof OperationListQuerySchema>;
