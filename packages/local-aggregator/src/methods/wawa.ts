/**
 * Wawa ("worker agreement with aggregate"): majority vote, then each worker's
 * skill = share of their answers that agree with it, then a skill-weighted
 * vote. Two passes, no iteration; as Crowd-Kit's `Wawa`.
 */
import { workerAgreement } from '../guards.js';
import { assertFinite } from '../numeric.js';
import type { AggregationResult, CommonOptions, ResponseMatrix } from '../types.js';
import { prepare, weightedVote, type ResolvedCommonOptions } from './family-kit.js';

/** Options of {@link wawa}: only the common ones. */
export type WawaOptions = CommonOptions;

/** Worker parameters of {@link wawa}. */
export interface WawaWorkers {
  /** Per worker: share of their answers equal to the majority-vote label (0 … 1). */
  readonly skills: Float64Array;
}

/**
 * Wawa aggregation. Posteriors are the normalised skill sums; a task where
 * every answering worker has skill 0 falls back to its plain vote counts.
 */
export function wawa(matrix: ResponseMatrix, options?: WawaOptions): AggregationResult<WawaWorkers, ResolvedCommonOptions> {
  const common = prepare(matrix, 'wawa', options);
  const majority = weightedVote(matrix, new Float64Array(matrix.nWorkers).fill(1), common);
  const skills = workerAgreement(matrix, majority.labels);
  const decision = weightedVote(matrix, skills, common);
  assertFinite(decision.posteriors, 'posteriors');
  return {
    method: 'wawa',
    ...decision,
    workers: { skills },
    iterations: 1,
    converged: true,
    lossHistory: [],
    options: common,
  };
}
