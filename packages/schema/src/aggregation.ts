import * as v from 'valibot';
import { FIELD_ERROR_CODES, codedMessage } from './field-codes.js';
import { FieldRefListSchema, IdSchema, ValuesSchema, queryInteger, rangeFilters } from './primitives.js';

/** The two server-side aggregation algorithms. */
export const AGGREGATION_TYPES = {
  WEIGHTED_DYNAMIC_OVERLAP: 'WEIGHTED_DYNAMIC_OVERLAP',
  DAWID_SKENE: 'DAWID_SKENE',
} as const;

/** One of {@link AGGREGATION_TYPES}. */
export type AggregationType = (typeof AGGREGATION_TYPES)[keyof typeof AGGREGATION_TYPES];

const wdoFields = v.pipe(
  FieldRefListSchema,
  v.minLength(1, codedMessage(FIELD_ERROR_CODES.ARRAY_SIZE_LESS_THAN_MIN, 'At least one field is required')),
);

const dsFields = v.pipe(
  FieldRefListSchema,
  v.maxLength(1, codedMessage(FIELD_ERROR_CODES.ARRAY_SIZE_GREATER_THAN_MAX, 'DAWID_SKENE aggregates at most one field')),
);

const wdoEntries = {
  type: v.literal(AGGREGATION_TYPES.WEIGHTED_DYNAMIC_OVERLAP),
  pool_id: IdSchema,
  answer_weight_skill_id: IdSchema,
  fields: wdoFields,
};

const dsEntries = {
  type: v.literal(AGGREGATION_TYPES.DAWID_SKENE),
  pool_id: IdSchema,
  /** Accepted for symmetry with the WDO form and ignored, as Toloka does. */
  answer_weight_skill_id: v.optional(IdSchema),
  fields: dsFields,
};

/**
 * Body of `POST /aggregated-solutions/aggregate-by-task`, discriminated by
 * `type`. `task_id` is required in both forms.
 */
export const AggregateByTaskRequestSchema = v.variant('type', [
  v.strictObject({ ...wdoEntries, task_id: IdSchema }),
  v.strictObject({ ...dsEntries, task_id: IdSchema }),
]);

/** Parsed aggregate-by-task request. */
export type AggregateByTaskRequest = v.InferOutput<typeof AggregateByTaskRequestSchema>;

/**
 * Body of `POST /aggregated-solutions/aggregate-by-pool`, discriminated by
 * `type`. A `task_id` key is tolerated (Toloka's own by-pool examples carry
 * one, copied from the by-task examples) and has no effect.
 */
export const AggregateByPoolRequestSchema = v.variant('type', [
  v.strictObject({ ...wdoEntries, task_id: v.optional(IdSchema) }),
  v.strictObject({ ...dsEntries, task_id: v.optional(IdSchema) }),
]);

/** Parsed aggregate-by-pool request. */
export type AggregateByPoolRequest = v.InferOutput<typeof AggregateByPoolRequestSchema>;

/** How far outside [0, 1] a confidence may stray by floating-point rounding before it is an error. */
export const CONFIDENCE_TOLERANCE = 1e-9;

/** A probability in [0, 1]; rounding noise within {@link CONFIDENCE_TOLERANCE} is clamped into range. */
const confidenceSchema = v.pipe(
  v.number(),
  v.minValue(-CONFIDENCE_TOLERANCE),
  v.maxValue(1 + CONFIDENCE_TOLERANCE),
  v.transform((confidence) => Math.min(1, Math.max(0, confidence))),
  v.number(),
  v.minValue(0),
  v.maxValue(1),
);

/**
 * One aggregated answer: `confidence` is the probability (in [0, 1]) that
 * `output_values` is right. Unknown keys are kept.
 */
export const AggregatedSolutionSchema = v.looseObject({
  pool_id: IdSchema,
  task_id: IdSchema,
  confidence: confidenceSchema,
  output_values: ValuesSchema,
});

/** Parsed aggregated solution. */
export type AggregatedSolution = v.InferOutput<typeof AggregatedSolutionSchema>;

/** A search page `{items, has_more}` of any item schema. */
export function pageSchema<TItem extends v.GenericSchema>(item: TItem) {
  return v.looseObject({ items: v.array(item), has_more: v.boolean() });
}

/** A page of aggregated solutions (`GET /aggregated-solutions/{operationId}`). */
export const AggregatedSolutionPageSchema = pageSchema(AggregatedSolutionSchema);

/** Parsed page of aggregated solutions. */
export type AggregatedSolutionPage = v.InferOutput<typeof AggregatedSolutionPageSchema>;

/** Largest `limit` accepted for aggregated solutions (toloka-kit documents 100 000). */
export const AGGREGATED_SOLUTION_LIMIT_MAX = 100_000;

/**
 * Query string of `GET /aggregated-solutions/{operationId}`. `limit` has no
 * default here: Toloka applies 50 when it is absent, and so should a server.
 */
export const AggregatedSolutionListQuerySchema = v.strictObject({
  sort: v.optional(v.picklist(['task_id', '-task_id'])),
  limit: v.optional(queryInteger(1, AGGREGATED_SOLUTION_LIMIT_MAX)),
  ...rangeFilters('task_id', v.string()),
});

/** Parsed aggregated-solutions list query. */
export type AggregatedSolutionListQuery = v.InferOutput<typeof AggregatedSolutionListQuerySchema>;
