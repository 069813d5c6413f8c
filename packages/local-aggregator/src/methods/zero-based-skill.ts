/**
 * Zero-Based Skill: skill-weighted majority vote whose worker skills move by
 * a decaying learning rate toward each worker's agreement with the current
 * vote. Crowd-Kit's `ZeroBasedSkill` semantics: it always runs `nIter` rounds.
 */
import { assertFinite } from '../numeric.js';
import { argmaxWithTies } from '../ties.js';
import type { AggregationResult, CommonOptions, ResponseMatrix } from '../types.js';
import { checkInteger, checkNumber, prepare, tieRng, weightedVote, type ResolvedCommonOptions } from './family-kit.js';

/** Options of {@link zeroBasedSkill}; defaults are Crowd-Kit's. */
export interface ZeroBasedSkillOptions extends CommonOptions {
  /** Rounds of vote + skill update; always all run. Default 100. */
  readonly nIter?: number;
  /** Initial learning rate. Default 1. */
  readonly lrInit?: number;
  /** The learning rate is multiplied by `lrReduceFactor` every this many rounds. Default 20. */
  readonly lrStepsToReduce?: number;
  /** Learning-rate decay factor. Default 0.5. */
  readonly lrReduceFactor?: number;
  /** Initial skill is 1 / nLabels + eps. Default 1e-5. */
  readonly eps?: number;
}

/** Worker parameters of {@link zeroBasedSkill}. */
export interface ZeroBasedSkillWorkers {
  /** Final skill per worker (the vote weight). */
  readonly skills: Float64Array;
}

/**
 * Zero-Based Skill aggregation. `lossHistory` holds, per round, the mean
 * squared gap between skills and agreement that the update shrinks;
 * `converged` says whether the labels of the last two rounds were equal.
 */
export function zeroBasedSkill(
  matrix: ResponseMatrix,
  options?: ZeroBasedSkillOptions,
): AggregationResult<ZeroBasedSkillWorkers, Required<ZeroBasedSkillOptions>> {
  const common = prepare(matrix, 'zero-based-skill', options);
  const nIter = checkInteger('nIter', options?.nIter ?? 100, 1);
  const lrInit = checkNumber('lrInit', options?.lrInit ?? 1, 0, 1);
  const lrStepsToReduce = checkInteger('lrStepsToReduce', options?.lrStepsToReduce ?? 20, 1);
  const lrReduceFactor = checkNumber('lrReduceFactor', options?.lrReduceFactor ?? 0.5, 0, 1);
  const eps = checkNumber('eps', options?.eps ?? 1e-5, 0, 1);

  const skills = new Float64Array(matrix.nWorkers).fill(1 / matrix.nLabels + eps);
  const answered = new Float64Array(matrix.nWorkers);
  for (let w = 0; w < matrix.nWorkers; w++) answered[w] = (matrix.workerOffsets[w + 1] as number) - (matrix.workerOffsets[w] as number);
  const agreement = new Float64Array(matrix.nWorkers);
  const lossHistory: number[] = [];
  let learningRate = lrInit;
  let labels = new Int32Array(matrix.nTasks);
  let previous = new Int32Array(matrix.nTasks);
  let stable = false;
  for (let round = 1; round <= nIter; round++) {
    if (round % lrStepsToReduce === 0) learningRate *= lrReduceFactor;
    [previous, labels] = [labels, previous];
    voteRound(matrix, skills, common, labels, answered, agreement);
    stable = round > 1 && sameLabels(previous, labels);
    let squaredGap = 0;
    for (let w = 0; w < skills.length; w++) {
      const gap = (agreement[w] as number) - (skills[w] as number);
      squaredGap += gap * gap;
      skills[w] = (skills[w] as number) + learningRate * gap;
    }
    lossHistory.push(squaredGap / Math.max(skills.length, 1));
  }
  const decision = weightedVote(matrix, skills, common);
  assertFinite(decision.posteriors, 'posteriors');
  assertFinite(skills, 'skills');
  return {
    method: 'zero-based-skill',
    ...decision,
    workers: { skills },
    iterations: nIter,
    converged: stable && sameLabels(labels, decision.labels),
    lossHistory,
    options: { ...common, nIter, lrInit, lrStepsToReduce, lrReduceFactor, eps },
  };
}

/**
 * One round of the skill-weighted vote, labels only, in one pass over the
 * answers in task order: writes each task's label (shared tie policy; a task
 * without positive weight falls back to plain counts, as `weightedVote`) and
 * each worker's share of answers equal to it.
 */
function voteRound(
  matrix: ResponseMatrix,
  skills: Float64Array,
  common: ResolvedCommonOptions,
  labels: Int32Array,
  answered: Float64Array,
  agreement: Float64Array,
): void {
  const { nTasks, nLabels, taskOffsets, answerWorker, answerLabel } = matrix;
  const rng = tieRng(common.seed);
  const row = new Float64Array(nLabels);
  agreement.fill(0);
  for (let t = 0; t < nTasks; t++) {
    const start = taskOffsets[t] as number;
    const end = taskOffsets[t + 1] as number;
    row.fill(0);
    let positive = false;
    for (let a = start; a < end; a++) {
      const weight = skills[answerWorker[a] as number] as number;
      const label = answerLabel[a] as number;
      row[label] = (row[label] as number) + weight;
      if (weight > 0) positive = true;
    }
    if (!positive) {
      row.fill(0);
      for (let a = start; a < end; a++) row[answerLabel[a] as number] = (row[answerLabel[a] as number] as number) + 1;
    }
    const chosen = argmaxWithTies(row, 0, nLabels, common.ties, rng);
    labels[t] = chosen;
    for (let a = start; a < end; a++) {
      if (answerLabel[a] === chosen) agreement[answerWorker[a] as number] = (agreement[answerWorker[a] as number] as number) + 1;
    }
  }
  for (let w = 0; w < agreement.length; w++) {
    const count = answered[w] as number;
    agreement[w] = count > 0 ? (agreement[w] as number) / count : 0;
  }
}

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
