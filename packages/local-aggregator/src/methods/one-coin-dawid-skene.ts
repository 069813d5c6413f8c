/**
 * One-coin Dawid-Skene: each worker has one accuracy s_w; a wrong answer is
 * uniform over the other K − 1 labels. EM from majority-vote shares.
 *
 * Crowd-Kit's version learns the class prior freely and it collapses onto one
 * class on some data (duck: 0.97 / 0.03, accuracy far below majority vote).
 * Here the class prior is uniform by default (`classPrior: 'uniform'`); with
 * `'learned'` it is re-estimated each round with a symmetric Dirichlet
 * pseudo-count (`priorPseudoCount`, default 1 per class) so it cannot reach 0.
 * Each skill is the posterior mean under a Beta(6, 2) prior (`skillPrior`:
 * eight pseudo-answers at accuracy 0.75), so a worker with few answers is not
 * trusted or distrusted absolutely, and it is never below chance (1/K): a
 * worker who disagrees with the crowd is treated as noise, not as an oracle
 * to be inverted.
 * The stopping rule is on the observed-data log-likelihood per answer, which
 * EM never decreases (Crowd-Kit stops on a non-monotone bound).
 */
import { AggregationError, describeValue } from '../errors.js';
import { assertFinite, PROBABILITY_FLOOR, softmaxInPlace } from '../numeric.js';
import type { AggregationResult, CommonOptions, ResponseMatrix } from '../types.js';
import {
  checkChoice,
  checkInteger,
  checkNumber,
  clampGolden,
  decideFromPosteriors,
  expectedAgreement,
  goldenToClamp,
  prepare,
  voteShareMatrix,
} from './family-kit.js';

/** Options of {@link oneCoinDawidSkene}. */
export interface OneCoinDawidSkeneOptions extends CommonOptions {
  /** Most EM rounds. Default 100. */
  readonly nIter?: number;
  /** Stop when the log-likelihood per answer gains less than this. Default 1e-5. */
  readonly tol?: number;
  /** `'uniform'` (default) keeps the class prior at 1/K; `'learned'` re-estimates it with Dirichlet smoothing. */
  readonly classPrior?: 'uniform' | 'learned';
  /** Dirichlet pseudo-count per class for `classPrior: 'learned'`. Default 1. */
  readonly priorPseudoCount?: number;
  /** Beta pseudo-counts [right, wrong] added to each worker's expected answers. Default [6, 2]. */
  readonly skillPrior?: readonly [number, number];
  /** `'clamp'`: tasks with a golden label in `matrix.golden` keep a one-hot posterior in every round; `'ignore'` (default). */
  readonly golden?: 'ignore' | 'clamp';
}

/** Worker and class parameters of {@link oneCoinDawidSkene}. */
export interface OneCoinDawidSkeneWorkers {
  /** Per worker: probability of answering the true label, in [1/K, 1 − 1e-10]. */
  readonly skills: Float64Array;
  /** Class prior (length nLabels). */
  readonly priors: Float64Array;
}

/**
 * One-coin Dawid-Skene aggregation. `lossHistory` is the observed-data
 * log-likelihood per answer after each round (non-decreasing).
 */
export function oneCoinDawidSkene(
  matrix: ResponseMatrix,
  options?: OneCoinDawidSkeneOptions,
): AggregationResult<OneCoinDawidSkeneWorkers, Required<OneCoinDawidSkeneOptions>> {
  const common = prepare(matrix, 'one-coin-dawid-skene', options);
  const nIter = checkInteger('nIter', options?.nIter ?? 100, 1);
  const tol = checkNumber('tol', options?.tol ?? 1e-5, 0, Infinity);
  const classPrior = checkChoice('classPrior', options?.classPrior ?? 'uniform', ['uniform', 'learned'] as const);
  const priorPseudoCount = checkNumber('priorPseudoCount', options?.priorPseudoCount ?? 1, 0, Infinity);
  const skillPrior = checkPair('skillPrior', options?.skillPrior ?? ([6, 2] as const));
  const [priorRight, priorWrong] = skillPrior;
  checkNumber('skillPrior[0]', priorRight, 0, Infinity);
  checkNumber('skillPrior[1]', priorWrong, 0, Infinity);
  const { workerOffsets } = matrix;
  const chance = 1 / matrix.nLabels;
  const { nTasks, nLabels, nAnswers, taskOffsets, answerWorker, answerLabel } = matrix;

  const { policy: golden, golden: clampTo } = goldenToClamp(matrix, options?.golden);
  const posteriors = voteShareMatrix(matrix);
  for (let t = 0; t < nTasks; t++) clampGolden(posteriors, t, nLabels, clampTo);
  const priors = new Float64Array(nLabels).fill(1 / nLabels);
  let skills: Float64Array = new Float64Array(matrix.nWorkers);
  const logRight = new Float64Array(matrix.nWorkers);
  const logWrong = new Float64Array(matrix.nWorkers);
  const lossHistory: number[] = [];
  let converged = false;
  let iterations = 0;
  for (let round = 0; round < nIter; round++) {
    iterations = round + 1;
    skills = expectedAgreement(matrix, posteriors);
    for (let w = 0; w < skills.length; w++) {
      const answered = (workerOffsets[w + 1] as number) - (workerOffsets[w] as number);
      const smoothed = ((skills[w] as number) * answered + priorRight) / (answered + priorRight + priorWrong);
      const s = Math.min(Math.max(smoothed, chance), 1 - PROBABILITY_FLOOR);
      skills[w] = s;
      logRight[w] = Math.log(s);
      logWrong[w] = Math.log((1 - s) / (nLabels - 1));
    }
    if (classPrior === 'learned') updatePriors(priors, posteriors, nTasks, priorPseudoCount);
    let logLikelihood = 0;
    for (let t = 0; t < nTasks; t++) {
      const row = t * nLabels;
      let base = 0;
      for (let c = 0; c < nLabels; c++) posteriors[row + c] = Math.log(priors[c] as number);
      for (let a = taskOffsets[t] as number; a < (taskOffsets[t + 1] as number); a++) {
        const w = answerWorker[a] as number;
        const wrong = logWrong[w] as number;
        base += wrong;
        const cell = row + (answerLabel[a] as number);
        posteriors[cell] = (posteriors[cell] as number) + (logRight[w] as number) - wrong;
      }
      logLikelihood += base + softmaxInPlace(posteriors, row, nLabels);
      clampGolden(posteriors, t, nLabels, clampTo);
    }
    const perAnswer = logLikelihood / nAnswers;
    const previous = lossHistory[lossHistory.length - 1];
    lossHistory.push(perAnswer);
    if (previous !== undefined && perAnswer - previous < tol) {
      converged = true;
      break;
    }
  }
  const decision = decideFromPosteriors(matrix, posteriors, common);
  assertFinite(decision.posteriors, 'posteriors');
  assertFinite(skills, 'skills');
  return {
    method: 'one-coin-dawid-skene',
    ...decision,
    workers: { skills, priors },
    iterations,
    converged,
    lossHistory,
    options: { ...common, nIter, tol, classPrior, priorPseudoCount, skillPrior, golden },
  };
}

function checkPair(name: string, value: unknown): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new AggregationError('INVALID_OPTION', `${name} must be a pair [right, wrong] of pseudo-counts, got ${describeValue(value)}`, {
      option: name,
    });
  }
  return value as unknown as readonly [number, number];
}

function updatePriors(priors: Float64Array, posteriors: Float64Array, nTasks: number, pseudoCount: number): void {
  const nLabels = priors.length;
  const totals = new Float64Array(nLabels);
  for (let t = 0; t < nTasks; t++) {
    for (let c = 0; c < nLabels; c++) totals[c] = (totals[c] as number) + (posteriors[t * nLabels + c] as number);
  }
  const denominator = nTasks + pseudoCount * nLabels;
  for (let c = 0; c < nLabels; c++) {
    priors[c] = Math.max(((totals[c] as number) + pseudoCount) / denominator, PROBABILITY_FLOOR);
  }
}
