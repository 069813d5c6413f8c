/**
 * Zero-Based Skill: skill-weighted majority vote whose worker skills move by
 * a decaying learning rate toward each worker's agreement with the current
 * vote. Crowd-Kit's `ZeroBasedSkill` semantics: it always runs `nIter` rounds.
 */
import { workerAgreement } from '../guards.js';
import { assertFinite } from '../numeric.js';
import type { AggregationResult, CommonOptions, ResponseMatrix } from '../types.js';
import { checkInteger, checkNumber, prepare, weightedVote } from './family-kit.js';

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
  const lossHistory: number[] = [];
  let learningRate = lrInit;
  let previous: Int32Array | undefined;
  let stable = false;
  for (let round = 1; round <= nIter; round++) {
    if (round % lrStepsToReduce === 0) learningRate *= lrReduceFactor;
    const { labels } = weightedVote(matrix, skills, common);
    stable = previous !== undefined && sameLabels(previous, labels);
    previous = labels;
    const agreement = workerAgreement(matrix, labels);
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
    converged: stable && previous !== undefined && sameLabels(previous, decision.labels),
    lossHistory,
    options: { ...common, nIter, lrInit, lrStepsToReduce, lrReduceFactor, eps },
  };
}

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
