import * as v from 'valibot';
import { FiniteNumberSchema, IdSchema, LocalizedTextSchema, TimestampSchema, orAbsent } from './primitives.js';

/** Body of `POST /skills`: only `name` is required. */
export const SkillCreateSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1)),
  private_comment: v.optional(v.string()),
  hidden: v.optional(v.boolean()),
  skill_ttl_hours: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  training: v.optional(v.boolean()),
  deprecated: v.optional(v.boolean()),
  public_name: v.optional(LocalizedTextSchema),
  public_requester_description: v.optional(LocalizedTextSchema),
});

/** Parsed skill creation body. */
export type SkillCreate = v.InferOutput<typeof SkillCreateSchema>;

/** A stored skill as returned by the API; only `id` is required. */
export const SkillSchema = v.looseObject({
  id: IdSchema,
  name: orAbsent(v.string()),
  private_comment: orAbsent(v.string()),
  hidden: orAbsent(v.boolean()),
  skill_ttl_hours: orAbsent(v.number()),
  training: orAbsent(v.boolean()),
  deprecated: orAbsent(v.boolean()),
  public_name: orAbsent(LocalizedTextSchema),
  public_requester_description: orAbsent(LocalizedTextSchema),
  created: orAbsent(TimestampSchema),
});

/** Parsed skill. */
export type Skill = v.InferOutput<typeof SkillSchema>;

const skillValue = v.pipe(FiniteNumberSchema, v.minValue(0), v.maxValue(100));

/**
 * Body of `PUT /user-skills` (POST is an alias): sets a worker's skill.
 * `value` is an integer or a decimal number from 0 to 100; `reason` is a
 * free-text note.
 */
export const UserSkillSetSchema = v.strictObject({
  skill_id: IdSchema,
  user_id: IdSchema,
  value: skillValue,
  reason: v.optional(v.string()),
});

/** Parsed user-skill assignment. */
export type UserSkillSet = v.InferOutput<typeof UserSkillSetSchema>;

/**
 * A worker's skill as returned by the API: `value` is the rounded integer,
 * `exact_value` the number as set.
 */
export const UserSkillSchema = v.looseObject({
  id: IdSchema,
  skill_id: IdSchema,
  user_id: IdSchema,
  value: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)),
  exact_value: orAbsent(skillValue),
  created: orAbsent(TimestampSchema),
  modified: orAbsent(TimestampSchema),
});

/** Parsed user skill. */
export type UserSkill = v.InferOutput<typeof UserSkillSchema>;
