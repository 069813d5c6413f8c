/**
 * Majority vote, optionally weighted by per-worker skills (Crowd-Kit's
 * `MajorityVote`): the label with the largest (weighted) vote wins.
 */
import { AggregationError, describeValue } from '../errors.js';
import {
  assertMatrix,
  chooseLabels,
  confidenceOf,
  resolveWorkerValues,
  workerAgreement,
  type WorkerTable,
} from '../guards.js';
import { assertFinite } from '../numeric.js';
import { createRng, resolveSeed, resolveTiePolicy } from '../ties.js';
import type { AggregationResult, CommonOptions, ResponseMatrix, TiePolicy } from '../types.js';

/** Options of {@link majorityVote}. */
export interface MajorityVoteOptions extends CommonOptions {
  /** Worker → vote weight (any finite number). Without it every vote weighs 1. */
  readonly skills?: WorkerTable;
  /**
   * A worker missing from `skills`: `'error'` (default) throws `MISSING_SKILL`;
   * `'ignore'` drops their answers (a task left without answers throws);
   * `'value'` uses `defaultSkill`.
   */
  readonly onMissingSkill?: 'error' | 'ignore' | 'value';
  /** Weight of workers missing from `skills` under `'value'`. */
  readonly defaultSkill?: number;
}

/** {@link MajorityVoteOptions} with defaults filled in. */
export interface ResolvedMajorityVoteOptions {
  readonly ties: TiePolicy;
  readonly seed: number;
  readonly weighted: boolean;
  readonly onMissingSkill: 'error' | 'ignore' | 'value';
  readonly defaultSkill?: number;
}

/** Worker parameters of {@link majorityVote}. */
export interface MajorityVoteWorkers {
  /** Share of the worker's answers equal to the chosen labels (Crowd-Kit's `skills_`), per worker index. */
  readonly skill: Float64Array;
}

/** Result of {@link majorityVote}. */
export type MajorityVoteResult = AggregationResult<MajorityVoteWorkers, ResolvedMajorityVoteOptions>;

function voteWeights(matrix: ResponseMatrix, options: MajorityVoteOptions, onMissing: 'error' | 'ignore' | 'value'): Float64Array {
  if (options.skills === undefined) return new Float64Array(matrix.nWorkers).fill(1);
  const { values, known } = resolveWorkerValues(matrix, options.skills, {
    method: 'majority-vote',
    missing: onMissing === 'value' ? 'default' : onMissing === 'ignore' ? 'skip' : 'error',
    defaultValue: options.defaultSkill,
  });
  for (let w = 0; w < matrix.nWorkers; w++) if (known[w] === 0) values[w] = Number.NaN;
  return values;
}

/**
 * Tallies (weighted) votes per task. Posteriors are the vote shares: weights
 * below 0 count as 0 in the shares; a task whose positive weight is 0 gets
 * all its mass on the chosen label. Worker skill = agreement with the result.
 */
export function majorityVote(matrix: ResponseMatrix, options: MajorityVoteOptions = {}): MajorityVoteResult {
  assertMatrix(matrix, 'majority-vote');
  const ties = resolveTiePolicy(options.ties);
  const seed = resolveSeed(options.seed);
  const onMissingSkill = options.onMissingSkill ?? 'error';
  if (!['error', 'ignore', 'value'].includes(onMissingSkill)) {
    throw new AggregationError('INVALID_OPTION', `onMissingSkill must be 'error', 'ignore' or 'value', got ${describeValue(onMissingSkill)}`);
  }
  const weights = voteWeights(matrix, options, onMissingSkill);
  const { nTasks, nLabels, taskOffsets, answerWorker, answerLabel } = matrix;
  const scores = new Float64Array(nTasks * nLabels);
  for (let t = 0; t < nTasks; t++) {
    const row = t * nLabels;
    const end = taskOffsets[t + 1] as number;
    let counted = 0;
    for (let a = taskOffsets[t] as number; a < end; a++) {
      const weight = weights[answerWorker[a] as number] as number;
      // NaN marks a worker whose answers are ignored (missing skill).
      if (weight !== weight) continue;
      const cell = row + (answerLabel[a] as number);
      scores[cell] = (scores[cell] as number) + weight;
      counted++;
    }
    if (counted === 0) {
      throw new AggregationError('MISSING_SKILL', `majority-vote: task ${matrix.taskIds[t]} has no answer from a worker with a skill`, {
        task: matrix.taskIds[t],
      });
    }
  }
  const labels = chooseLabels(scores, nTasks, nLabels, ties, createRng(seed));
  // The scores are not needed once the labels are chosen: they become the posteriors.
  const posteriors = normaliseVotesInPlace(scores, labels, nLabels);
  const result: MajorityVoteResult = {
    method: 'majority-vote',
    labels,
    posteriors,
    confidence: confidenceOf(posteriors, labels, nLabels),
    workers: { skill: workerAgreement(matrix, labels) },
    iterations: 1,
    converged: true,
    lossHistory: [],
    options: {
      ties,
      seed,
      weighted: options.skills !== undefined,
      onMissingSkill,
      ...(options.defaultSkill !== undefined ? { defaultSkill: options.defaultSkill } : {}),
    },
  };
  assertFinite(result.posteriors, 'posteriors');
  assertFinite(result.workers.skill, 'skill');
  return result;
}

/**
 * Turns each row of `scores` into its normalised positive parts, in place (a
 * second tasks × labels array would cost as much as the vote itself); a row
 * without positive mass becomes one-hot on its label. Returns `scores`.
 */
function normaliseVotesInPlace(scores: Float64Array, labels: Int32Array, nLabels: number): Float64Array {
  for (let t = 0; t < labels.length; t++) {
    const offset = t * nLabels;
    let total = 0;
    for (let k = 0; k < nLabels; k++) total += Math.max(scores[offset + k] as number, 0);
    if (total > 0) {
      for (let k = 0; k < nLabels; k++) scores[offset + k] = Math.max(scores[offset + k] as number, 0) / total;
    } else {
      for (let k = 0; k < nLabels; k++) scores[offset + k] = 0;
      scores[offset + (labels[t] as number)] = 1;
    }
  }
  return scores;
}
