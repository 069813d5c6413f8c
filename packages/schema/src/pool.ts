import * as v from 'valibot';
import { FieldRefListSchema, FiniteNumberSchema, IdSchema, JsonObjectSchema, TimestampSchema, orAbsent } from './primitives.js';

/** Pool statuses. */
export const POOL_STATUSES = ['OPEN', 'CLOSED', 'ARCHIVED', 'LOCKED'] as const;

/** One of {@link POOL_STATUSES}. */
export type PoolStatus = (typeof POOL_STATUSES)[number];

const nonNegativeInt = v.pipe(v.number(), v.integer(), v.minValue(0));
const looseRecord = JsonObjectSchema;

/** Overlaps applied to new tasks and task suites when they are created with `allow_defaults=true`. */
export const PoolDefaultsSchema = v.strictObject({
  default_overlap_for_new_task_suites: v.optional(nonNegativeInt),
  default_overlap_for_new_tasks: v.optional(nonNegativeInt),
});

/**
 * Dynamic overlap ("incremental relabeling"): a task gets more answers until
 * the weighted-vote confidence reaches `min_confidence` or `max_overlap`.
 */
export const DynamicOverlapConfigSchema = v.strictObject({
  type: v.picklist(['BASIC']),
  max_overlap: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(30_000)),
  min_confidence: v.pipe(FiniteNumberSchema, v.minValue(0), v.maxValue(1)),
  answer_weight_skill_id: IdSchema,
  fields: v.pipe(FieldRefListSchema, v.minLength(1)),
});

/**
 * Smart mixing: how many real, control (golden) and training tasks make a
 * task suite. Its presence marks a pool whose tasks are mixed automatically.
 * Further mixing options Toloka defines are kept as sent.
 */
export const MixerConfigSchema = v.looseObject({
  real_tasks_count: nonNegativeInt,
  golden_tasks_count: nonNegativeInt,
  training_tasks_count: nonNegativeInt,
});

/**
 * Body of `POST /pools`: accepts everything toloka-kit sends. Options that
 * do not affect aggregation (`filter`, `quality_control`, pricing, …) are
 * accepted as objects and stored as sent.
 */
export const PoolCreateSchema = v.strictObject({
  project_id: IdSchema,
  private_name: v.pipe(v.string(), v.minLength(1)),
  status: v.optional(v.picklist(POOL_STATUSES)),
  type: v.optional(v.picklist(['REGULAR', 'TRAINING'])),
  may_contain_adult_content: v.optional(v.boolean()),
  reward_per_assignment: v.optional(v.pipe(FiniteNumberSchema, v.minValue(0))),
  assignment_max_duration_seconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  defaults: v.optional(PoolDefaultsSchema),
  will_expire: v.optional(TimestampSchema),
  private_comment: v.optional(v.string()),
  public_description: v.optional(v.string()),
  public_instructions: v.optional(v.string()),
  auto_close_after_complete_delay_seconds: v.optional(v.pipe(nonNegativeInt, v.maxValue(259_200))),
  auto_accept_solutions: v.optional(v.boolean()),
  auto_accept_period_day: v.optional(nonNegativeInt),
  assignments_issuing_config: v.optional(looseRecord),
  priority: v.optional(v.pipe(v.number(), v.integer(), v.minValue(-100), v.maxValue(100))),
  filter: v.optional(looseRecord),
  quality_control: v.optional(looseRecord),
  speed_quality_balance: v.optional(looseRecord),
  dynamic_pricing_config: v.optional(looseRecord),
  dynamic_overlap_config: v.optional(DynamicOverlapConfigSchema),
  mixer_config: v.optional(MixerConfigSchema),
  training_config: v.optional(looseRecord),
  metadata: v.optional(v.record(v.string(), v.array(v.string()))),
  owner: v.optional(looseRecord),
});

/** Parsed pool creation body. */
export type PoolCreate = v.InferOutput<typeof PoolCreateSchema>;

/** A stored pool as returned by the API; `id` and `project_id` are required. */
export const PoolSchema = v.looseObject({
  id: IdSchema,
  project_id: IdSchema,
  private_name: orAbsent(v.string()),
  status: orAbsent(v.string()),
  type: orAbsent(v.string()),
  auto_accept_solutions: orAbsent(v.boolean()),
  defaults: orAbsent(v.looseObject({ default_overlap_for_new_tasks: orAbsent(v.number()) })),
  dynamic_overlap_config: orAbsent(v.looseObject({ answer_weight_skill_id: orAbsent(IdSchema) })),
  mixer_config: orAbsent(looseRecord),
  will_expire: orAbsent(TimestampSchema),
  created: orAbsent(TimestampSchema),
});

/** Parsed pool. */
export type Pool = v.InferOutput<typeof PoolSchema>;
