/**
 * A screen for workers whose answers do not depend on the truth (constant or
 * random answerers), with no golden labels.
 *
 * 1. Per worker, chance-corrected agreement with the co-workers on the same
 *    tasks (Cohen's κ): κ_w = (p_o − p_e) / (1 − p_e), p_o the share of
 *    (own answer, co-worker's answer) pairs that agree, p_e = Σ_k f_w(k) g_w(k)
 *    from the worker's own label shares f_w and the co-workers' label shares
 *    g_w on the worker's tasks. A worker whose answers ignore the truth has
 *    κ = 0 in expectation whatever their label habits; its standard error is
 *    √(p_e (1 − p_e) / pairs) / (1 − p_e) (pairs counted as independent).
 * 2. Two-group empirical-Bayes model over the workers (Efron's local false
 *    discovery rate): κ̂_w ~ N(0, se_w²) with probability π₀ (answers ignore
 *    the truth) or N(μ, τ² + se_w²), with π₀, μ, τ² fitted by EM over the
 *    workers.
 * 3. A worker whose posterior probability of the first group is above 1/2
 *    is a spammer; a task that would lose every answer keeps them all.
 *
 * One pass over the answers (O(answers × K)) plus the small fit over workers.
 */
import type { ResponseMatrix } from '../types.js';

/** Result of {@link screenSpammers}. */
export interface SpammerScreen {
  /** Per worker: chance-corrected agreement κ with co-workers (0 when untestable). */
  readonly agreement: Float64Array;
  /** Per worker: standard error of κ (0 when untestable). */
  readonly standardError: Float64Array;
  /** Per worker: posterior probability that the answers ignore the truth (0 when untestable or nothing was screened). */
  readonly spamProbability: Float64Array;
  /** Per worker: 1 when screened out. */
  readonly spammer: Uint8Array;
  /** Per answer (matrix order): 1 when the answer is kept. */
  readonly keptAnswers: Uint8Array;
  /** Number of answers screened out. */
  readonly droppedAnswers: number;
  /** The fitted two-group model: share of spammers π₀, mean μ and variance τ² of the others' κ. */
  readonly population: { readonly spamShare: number; readonly mean: number; readonly variance: number };
}

const VARIANCE_FLOOR = 1e-6;
const MAX_ROUNDS = 500;

/** Screens out workers whose answers do not depend on the truth (see the module comment). */
export function screenSpammers(matrix: ResponseMatrix): SpammerScreen {
  const { agreement, standardError } = chanceCorrectedAgreement(matrix);
  const testable: number[] = [];
  for (let w = 0; w < matrix.nWorkers; w++) if ((standardError[w] as number) > 0) testable.push(w);
  const spamProbability = new Float64Array(matrix.nWorkers);
  const population = fitTwoGroups(agreement, standardError, testable, spamProbability);
  const spammer = Uint8Array.from(spamProbability, (p) => (p > 0.5 ? 1 : 0));
  const { keptAnswers, droppedAnswers } = keepAnswers(matrix, spammer);
  return { agreement, standardError, spamProbability, spammer, keptAnswers, droppedAnswers, population };
}

function chanceCorrectedAgreement(matrix: ResponseMatrix): { agreement: Float64Array; standardError: Float64Array } {
  const { nTasks, nLabels, nWorkers, taskOffsets, answerWorker, answerLabel } = matrix;
  const answered = new Float64Array(nWorkers);
  const ownShares = new Float64Array(nWorkers * nLabels);
  const pairs = new Float64Array(nWorkers);
  const agreements = new Float64Array(nWorkers);
  const otherShares = new Float64Array(nWorkers * nLabels);
  const taskCounts = new Float64Array(nLabels);
  for (let t = 0; t < nTasks; t++) {
    const start = taskOffsets[t] as number;
    const end = taskOffsets[t + 1] as number;
    taskCounts.fill(0);
    for (let a = start; a < end; a++) {
      const label = answerLabel[a] as number;
      taskCounts[label] = (taskCounts[label] as number) + 1;
    }
    for (let a = start; a < end; a++) {
      const w = answerWorker[a] as number;
      const label = answerLabel[a] as number;
      answered[w] = (answered[w] as number) + 1;
      ownShares[w * nLabels + label] = (ownShares[w * nLabels + label] as number) + 1;
      pairs[w] = (pairs[w] as number) + (end - start - 1);
      agreements[w] = (agreements[w] as number) + (taskCounts[label] as number) - 1;
      for (let k = 0; k < nLabels; k++) otherShares[w * nLabels + k] = (otherShares[w * nLabels + k] as number) + (taskCounts[k] as number);
      otherShares[w * nLabels + label] = (otherShares[w * nLabels + label] as number) - 1;
    }
  }
  const agreement = new Float64Array(nWorkers);
  const standardError = new Float64Array(nWorkers);
  for (let w = 0; w < nWorkers; w++) {
    const n = pairs[w] as number;
    if (n === 0) continue;
    let expected = 0;
    for (let k = 0; k < nLabels; k++) {
      expected += ((ownShares[w * nLabels + k] as number) / (answered[w] as number)) * ((otherShares[w * nLabels + k] as number) / n);
    }
    if (!(expected > 0 && expected < 1)) continue;
    agreement[w] = ((agreements[w] as number) / n - expected) / (1 - expected);
    standardError[w] = Math.sqrt((expected * (1 - expected)) / n) / (1 - expected);
  }
  return { agreement, standardError };
}

/** log N(x; 0, v) up to the shared constant −½ log 2π. */
function logNormal(x: number, variance: number): number {
  return -0.5 * ((x * x) / variance + Math.log(variance));
}

/**
 * EM for the two-group model over the testable workers; writes each one's
 * posterior probability of the κ = 0 group into `spamProbability`. With
 * fewer than two testable workers, or when the second group's mean is not
 * above 0 (no evidence of informative workers), nobody is screened.
 */
function fitTwoGroups(
  agreement: Float64Array,
  standardError: Float64Array,
  testable: readonly number[],
  spamProbability: Float64Array,
): SpammerScreen['population'] {
  if (testable.length < 2) return { spamShare: 0, mean: 0, variance: 0 };
  let sum = 0;
  let sumSquares = 0;
  for (const w of testable) {
    sum += agreement[w] as number;
    sumSquares += (agreement[w] as number) ** 2;
  }
  let spamShare = 0.5;
  let mean = sum / testable.length;
  let variance = Math.max(VARIANCE_FLOOR, sumSquares / testable.length - mean * mean);
  const informative = new Float64Array(agreement.length);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let share = 0;
    let weightedSum = 0;
    let weights = 0;
    for (const w of testable) {
      const k = agreement[w] as number;
      const v = (standardError[w] as number) ** 2;
      const logSpam = Math.log(spamShare) + logNormal(k, v);
      const logInformative = Math.log(1 - spamShare) + logNormal(k - mean, variance + v);
      const r = 1 / (1 + Math.exp(logSpam - logInformative));
      informative[w] = r;
      share += r;
      weightedSum += (r * k) / (variance + v);
      weights += r / (variance + v);
    }
    if (share <= 0) break;
    const nextShare = Math.min(Math.max(1 - share / testable.length, 1e-12), 1 - 1e-12);
    const nextMean = weightedSum / weights;
    let spread = 0;
    for (const w of testable) spread += (informative[w] as number) * (((agreement[w] as number) - nextMean) ** 2 - (standardError[w] as number) ** 2);
    const nextVariance = Math.max(VARIANCE_FLOOR, spread / share);
    const settled = Math.abs(nextShare - spamShare) < 1e-9 && Math.abs(nextMean - mean) < 1e-9 && Math.abs(nextVariance - variance) < 1e-12;
    spamShare = nextShare;
    mean = nextMean;
    variance = nextVariance;
    if (settled) break;
  }
  if (!(mean > 0)) return { spamShare: 0, mean, variance };
  for (const w of testable) spamProbability[w] = 1 - (informative[w] as number);
  return { spamShare, mean, variance };
}

function keepAnswers(matrix: ResponseMatrix, spammer: Uint8Array): { keptAnswers: Uint8Array; droppedAnswers: number } {
  const { nTasks, taskOffsets, answerWorker } = matrix;
  const keptAnswers = new Uint8Array(matrix.nAnswers);
  let droppedAnswers = 0;
  for (let t = 0; t < nTasks; t++) {
    const start = taskOffsets[t] as number;
    const end = taskOffsets[t + 1] as number;
    let kept = 0;
    for (let a = start; a < end; a++) {
      const keep = spammer[answerWorker[a] as number] === 1 ? 0 : 1;
      keptAnswers[a] = keep;
      kept += keep;
    }
    if (kept === 0) keptAnswers.fill(1, start, end);
    else droppedAnswers += end - start - kept;
  }
  return { keptAnswers, droppedAnswers };
}
