/**
 * Small building blocks shared by the skill- and EM-based methods in this
 * folder (Wawa, Zero-Based Skill, One-coin DS, GLAD, MACE, KOS, M-MSR):
 * option checks, seeded normals, skill-weighted voting, and turning per-task
 * scores into labels, posteriors and confidences with the shared tie policy.
 */
import { AggregationError, describeValue } from '../errors.js';
import { assertMatrix, chooseLabels, confidenceOf } from '../guards.js';
import { softmaxInPlace } from '../numeric.js';
import { createRng, resolveSeed, resolveTiePolicy, type Rng } from '../ties.js';
import type { CommonOptions, ResponseMatrix, TiePolicy } from '../types.js';

/** Common options with defaults filled in. */
export interface ResolvedCommonOptions {
  readonly ties: TiePolicy;
  readonly seed: number;
}

/** Checks the matrix (non-empty, consistent, ≥ 2 labels) and resolves `ties` and `seed`. */
export function prepare(matrix: ResponseMatrix, method: string, options: CommonOptions | undefined): ResolvedCommonOptions {
  assertMatrix(matrix, method, 2);
  return { ties: resolveTiePolicy(options?.ties), seed: resolveSeed(options?.seed) };
}

/** Checks that an option is an integer within [min, max]. */
export function checkInteger(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new AggregationError('INVALID_OPTION', `${name} must be an integer in [${min}, ${max}], got ${describeValue(value)}`, {
      option: name,
    });
  }
  return value;
}

/** Checks that an option is a finite number within [min, max]. */
export function checkNumber(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max || !Number.isFinite(value)) {
    throw new AggregationError('INVALID_OPTION', `${name} must be a finite number in [${min}, ${max}], got ${describeValue(value)}`, {
      option: name,
    });
  }
  return value;
}

/** Checks that an option is one of the listed strings. */
export function checkChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new AggregationError('INVALID_OPTION', `${name} must be one of ${choices.join(', ')}, got ${describeValue(value)}`, {
      option: name,
    });
  }
  return value as T;
}

/** Seeded standard normal generator (Box–Muller over the shared mulberry32). */
export function seededNormal(rng: Rng): () => number {
  return () => {
    const u = Math.max(rng(), Number.MIN_VALUE);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
  };
}

/** A generator for tie breaking, independent of any generator a method uses for initialisation. */
export function tieRng(seed: number): Rng {
  return createRng((seed ^ 0x5bd1e995) >>> 0);
}

/** Labels, posteriors and confidences of a finished fit. */
export interface Decision {
  readonly labels: Int32Array;
  readonly posteriors: Float64Array;
  readonly confidence: Float64Array;
}

/**
 * Turns per-task log scores (row-major nTasks × nLabels, unnormalised) into a
 * decision: label by the tie policy on the log scores, then softmax per row
 * (max-shifted). `logScores` is overwritten with the posteriors.
 */
export function decideFromLogScores(matrix: ResponseMatrix, logScores: Float64Array, common: ResolvedCommonOptions): Decision {
  const { nTasks, nLabels } = matrix;
  const labels = chooseLabels(logScores, nTasks, nLabels, common.ties, tieRng(common.seed));
  for (let t = 0; t < nTasks; t++) softmaxInPlace(logScores, t * nLabels, nLabels);
  return { labels, posteriors: logScores, confidence: confidenceOf(logScores, labels, nLabels) };
}

/**
 * Labels and confidences from posteriors that already sum to 1 per row
 * (label by the tie policy on the posteriors). Keeps `posteriors` as is.
 */
export function decideFromPosteriors(matrix: ResponseMatrix, posteriors: Float64Array, common: ResolvedCommonOptions): Decision {
  const { nTasks, nLabels } = matrix;
  const labels = chooseLabels(posteriors, nTasks, nLabels, common.ties, tieRng(common.seed));
  return { labels, posteriors, confidence: confidenceOf(posteriors, labels, nLabels) };
}

/**
 * Turns per-task scores (row-major nTasks × nLabels, e.g. sums of skills)
 * into a decision: label by the tie policy on the scores, posteriors = the
 * positive parts of the scores over their row sum (uniform where that sum is
 * 0). `scores` is overwritten with the posteriors.
 */
export function decideFromScores(matrix: ResponseMatrix, scores: Float64Array, common: ResolvedCommonOptions): Decision {
  const { nTasks, nLabels } = matrix;
  const labels = chooseLabels(scores, nTasks, nLabels, common.ties, tieRng(common.seed));
  for (let t = 0; t < nTasks; t++) {
    const row = t * nLabels;
    let sum = 0;
    for (let c = 0; c < nLabels; c++) sum += Math.max(scores[row + c] as number, 0);
    for (let c = 0; c < nLabels; c++) scores[row + c] = sum > 0 ? Math.max(scores[row + c] as number, 0) / sum : 1 / nLabels;
  }
  return { labels, posteriors: scores, confidence: confidenceOf(scores, labels, nLabels) };
}

/**
 * Sum of worker weights per (task, label), one pass over the answers; with
 * `weights` omitted every answer counts 1.
 */
export function voteScores(matrix: ResponseMatrix, weights?: Float64Array): Float64Array {
  const { nTasks, nLabels, nAnswers, answerTask, answerWorker, answerLabel } = matrix;
  const scores = new Float64Array(nTasks * nLabels);
  for (let a = 0; a < nAnswers; a++) {
    const weight = weights === undefined ? 1 : (weights[answerWorker[a] as number] as number);
    const cell = (answerTask[a] as number) * nLabels + (answerLabel[a] as number);
    scores[cell] = (scores[cell] as number) + weight;
  }
  return scores;
}

/** Plain vote shares per task (each row sums to 1): the usual EM starting point. */
export function voteShareMatrix(matrix: ResponseMatrix): Float64Array {
  const { nTasks, nLabels, taskOffsets } = matrix;
  const shares = voteScores(matrix);
  for (let t = 0; t < nTasks; t++) {
    const size = (taskOffsets[t + 1] as number) - (taskOffsets[t] as number);
    for (let c = 0; c < nLabels; c++) shares[t * nLabels + c] = (shares[t * nLabels + c] as number) / size;
  }
  return shares;
}

/**
 * Skill-weighted vote. Where no answering worker of a task has a positive
 * weight, the task falls back to its plain vote counts, so a task is never
 * decided by the tie policy alone while its answers disagree.
 */
export function weightedVote(matrix: ResponseMatrix, weights: Float64Array, common: ResolvedCommonOptions): Decision {
  const { nTasks, nLabels } = matrix;
  const scores = voteScores(matrix, weights);
  let plain: Float64Array | undefined;
  for (let t = 0; t < nTasks; t++) {
    const row = t * nLabels;
    let positive = false;
    for (let c = 0; c < nLabels; c++) if ((scores[row + c] as number) > 0) positive = true;
    if (positive) continue;
    plain ??= voteScores(matrix);
    for (let c = 0; c < nLabels; c++) scores[row + c] = plain[row + c] as number;
  }
  return decideFromScores(matrix, scores, common);
}

/**
 * Per worker, the mean of `valueOf(answer)` over their answers (0 for a
 * worker without answers). Walks the answers in storage (task) order, so
 * whatever `valueOf` reads per task is read sequentially; each worker's sum
 * still adds their answers in the order of `workerAnswers` (increasing
 * answer index), so the result is the same as a walk worker by worker.
 */
export function meanPerWorker(matrix: ResponseMatrix, valueOf: (answer: number) => number): Float64Array {
  const { nWorkers, nAnswers, workerOffsets, answerWorker } = matrix;
  const means = new Float64Array(nWorkers);
  for (let a = 0; a < nAnswers; a++) {
    const w = answerWorker[a] as number;
    means[w] = (means[w] as number) + valueOf(a);
  }
  for (let w = 0; w < nWorkers; w++) {
    const count = (workerOffsets[w + 1] as number) - (workerOffsets[w] as number);
    means[w] = count > 0 ? (means[w] as number) / count : 0;
  }
  return means;
}

/** Per worker, the mean posterior of the labels they gave (the one-coin accuracy estimate). */
export function expectedAgreement(matrix: ResponseMatrix, posteriors: Float64Array): Float64Array {
  const { nLabels, answerTask, answerLabel } = matrix;
  return meanPerWorker(matrix, (a) => posteriors[(answerTask[a] as number) * nLabels + (answerLabel[a] as number)] as number);
}

/** How a method treats the matrix's golden labels. */
export type GoldenPolicy = 'ignore' | 'clamp';

/**
 * Resolves the `golden` option: with `'clamp'` returns the matrix's golden
 * label per task (−1 where unknown; all −1 when the matrix has none), with
 * `'ignore'` (default) undefined.
 */
export function goldenToClamp(matrix: ResponseMatrix, option: unknown): { policy: GoldenPolicy; golden?: Int32Array } {
  const policy = checkChoice('golden', option ?? 'ignore', ['ignore', 'clamp'] as const);
  if (policy === 'ignore') return { policy };
  return { policy, golden: matrix.golden ?? new Int32Array(matrix.nTasks).fill(-1) };
}

/** Makes row t one-hot on its golden label when it has one (no-op without `golden`). */
export function clampGolden(posteriors: Float64Array, t: number, nLabels: number, golden: Int32Array | undefined): void {
  if (golden === undefined) return;
  const g = golden[t] as number;
  if (g < 0) return;
  const row = t * nLabels;
  for (let c = 0; c < nLabels; c++) posteriors[row + c] = c === g ? 1 : 0;
}
