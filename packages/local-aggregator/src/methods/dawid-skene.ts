/**
 * Dawid-Skene (1979) with Crowd-Kit's semantics: majority-vote start, priors =
 * mean posterior, M-step = per (worker, observed, true) posterior sums clipped
 * at 1e-10 and normalised per true-label column over the labels the worker
 * used, E-step in log space with a row max-shift, at most 100 iterations.
 *
 * Two stopping rules:
 * - `'likelihood'` (default): the observed-data log-likelihood
 *   Σ_t log Σ_c π_c Π e_w(y | c), which EM never decreases; stop when its
 *   gain is below `tolerance` × |previous value|. `lossHistory` holds it per
 *   answer, one value per iteration.
 * - `'crowdkit'`: Crowd-Kit's `DawidSkene` quantity, the "ELBO" with the log
 *   prior added once per answer, evaluated after the M-step and divided by
 *   the number of answers; stop when it gains less than `tolerance` (1e-5).
 *   It is not monotone and often stops after 2 iterations; labels then match
 *   Crowd-Kit's (and Toloka's DAWID_SKENE).
 */
import { AggregationError, describeValue } from '../errors.js';
import { assertMatrix, confidenceOf, lookupWorkerRow, type WorkerRows } from '../guards.js';
import { assertFinite, PROBABILITY_FLOOR, safeLog } from '../numeric.js';
import { argmaxWithTies, createRng, resolveSeed, resolveTiePolicy } from '../ties.js';
import type { AggregationResult, CommonOptions, ResponseMatrix, TiePolicy } from '../types.js';

/** Stopping rule of {@link dawidSkene}. */
export type DawidSkeneStopping = 'likelihood' | 'crowdkit';

/** Options of {@link dawidSkene}. */
export interface DawidSkeneOptions extends CommonOptions {
  /** Iteration cap; default 100. */
  readonly maxIterations?: number;
  /** Default `'likelihood'` (see the module comment). */
  readonly stopping?: DawidSkeneStopping;
  /** Default 1e-5: relative gain for `'likelihood'`, absolute per-answer gain for `'crowdkit'`. */
  readonly tolerance?: number;
  /** `'clamp'`: golden tasks (matrix.golden) keep a one-hot posterior on every iteration; `'ignore'` (default). */
  readonly golden?: 'clamp' | 'ignore';
  /**
   * Known confusion matrices, worker id → K×K array indexed
   * `[observed * K + true]` in the matrix's label order (counts or
   * probabilities). Workers not in the matrix are ignored.
   */
  readonly initialErrors?: WorkerRows;
  /** `'assign'` (default): use them as the workers' starting matrices; `'addition'`: add them to the first M-step's counts. */
  readonly initialErrorStrategy?: 'assign' | 'addition';
}

/** {@link DawidSkeneOptions} with defaults filled in. */
export interface ResolvedDawidSkeneOptions {
  readonly ties: TiePolicy;
  readonly seed: number;
  readonly maxIterations: number;
  readonly stopping: DawidSkeneStopping;
  readonly tolerance: number;
  readonly golden: 'clamp' | 'ignore';
  readonly initialErrorStrategy?: 'assign' | 'addition';
}

/** Worker parameters of {@link dawidSkene}. */
export interface DawidSkeneWorkers {
  /**
   * Confusion matrices, flat nWorkers × K × K: entry `[(w * K + observed) * K + true]`
   * = P(worker w answers `observed` | true label). Each true-label column sums
   * to 1 over the labels the worker used; labels a worker never used are 0.
   */
  readonly confusion: Float64Array;
  /** Class priors (length K). */
  readonly priors: Float64Array;
}

/** Result of {@link dawidSkene}. */
export type DawidSkeneResult = AggregationResult<DawidSkeneWorkers, ResolvedDawidSkeneOptions>;

function resolveOptions(options: DawidSkeneOptions): ResolvedDawidSkeneOptions {
  const stopping = options.stopping ?? 'likelihood';
  if (stopping !== 'likelihood' && stopping !== 'crowdkit') {
    throw new AggregationError('INVALID_OPTION', `stopping must be 'likelihood' or 'crowdkit', got ${describeValue(stopping)}`);
  }
  const maxIterations = options.maxIterations ?? 100;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new AggregationError('INVALID_OPTION', `maxIterations must be a positive integer, got ${describeValue(maxIterations)}`);
  }
  const tolerance = options.tolerance ?? 1e-5;
  if (typeof tolerance !== 'number' || Number.isNaN(tolerance)) {
    throw new AggregationError('INVALID_OPTION', `tolerance must be a number, got ${describeValue(tolerance)}`);
  }
  const golden = options.golden ?? 'ignore';
  if (golden !== 'clamp' && golden !== 'ignore') {
    throw new AggregationError('INVALID_OPTION', `golden must be 'clamp' or 'ignore', got ${describeValue(golden)}`);
  }
  const strategy = options.initialErrorStrategy;
  if (strategy !== undefined && strategy !== 'assign' && strategy !== 'addition') {
    throw new AggregationError('INVALID_OPTION', `initialErrorStrategy must be 'assign' or 'addition', got ${describeValue(strategy)}`);
  }
  return {
    ties: resolveTiePolicy(options.ties),
    seed: resolveSeed(options.seed),
    maxIterations,
    stopping,
    tolerance,
    golden,
    ...(options.initialErrors !== undefined ? { initialErrorStrategy: strategy ?? 'assign' } : {}),
  };
}

/** Vote shares per task (Crowd-Kit's majority-vote start). */
function voteSharePosteriors(matrix: ResponseMatrix): Float64Array {
  const { nTasks, nLabels } = matrix;
  const posteriors = new Float64Array(nTasks * nLabels);
  for (let t = 0; t < nTasks; t++) {
    const start = matrix.taskOffsets[t] as number;
    const end = matrix.taskOffsets[t + 1] as number;
    const share = 1 / (end - start);
    for (let a = start; a < end; a++) {
      const cell = t * nLabels + (matrix.answerLabel[a] as number);
      posteriors[cell] = (posteriors[cell] as number) + share;
    }
  }
  return posteriors;
}

/** Replaces golden tasks' posteriors with one-hot rows. */
function clampGolden(matrix: ResponseMatrix, posteriors: Float64Array): void {
  const golden = matrix.golden;
  if (golden === undefined) return;
  const K = matrix.nLabels;
  for (let t = 0; t < matrix.nTasks; t++) {
    const g = golden[t] as number;
    if (g < 0) continue;
    posteriors.fill(0, t * K, (t + 1) * K);
    posteriors[t * K + g] = 1;
  }
}

/** Mean posterior per label. */
function meanPosterior(posteriors: Float64Array, nTasks: number, nLabels: number): Float64Array {
  const priors = new Float64Array(nLabels);
  for (let t = 0; t < nTasks; t++) {
    for (let c = 0; c < nLabels; c++) priors[c] = (priors[c] as number) + (posteriors[t * nLabels + c] as number);
  }
  for (let c = 0; c < nLabels; c++) priors[c] = (priors[c] as number) / nTasks;
  return priors;
}

/** 1 where worker w used label k (flat nWorkers × K). */
function labelsUsed(matrix: ResponseMatrix): Uint8Array {
  const used = new Uint8Array(matrix.nWorkers * matrix.nLabels);
  for (let a = 0; a < matrix.nAnswers; a++) {
    used[(matrix.answerWorker[a] as number) * matrix.nLabels + (matrix.answerLabel[a] as number)] = 1;
  }
  return used;
}

/** Σ of posteriors per (worker, observed, true) into `counts` (zeroed first). */
export function accumulateCounts(matrix: ResponseMatrix, rowOffsets: Int32Array, posteriors: Float64Array, counts: Float64Array): void {
  const K = matrix.nLabels;
  const nTasks = matrix.nTasks;
  const taskOffsets = matrix.taskOffsets;
  counts.fill(0);
  for (let t = 0; t < nTasks; t++) {
    const row = t * K;
    const end = taskOffsets[t + 1] as number;
    for (let a = taskOffsets[t] as number; a < end; a++) {
      const base = rowOffsets[a] as number;
      for (let c = 0; c < K; c++) counts[base + c] = (counts[base + c] as number) + (posteriors[row + c] as number);
    }
  }
}

/**
 * Crowd-Kit's M-step normalisation in place: entries of used labels clipped
 * at 1e-10, each true-label column normalised over the worker's used labels;
 * unused labels set to 0.
 */
function normaliseConfusion(confusion: Float64Array, used: Uint8Array, nWorkers: number, K: number): void {
  for (let w = 0; w < nWorkers; w++) {
    const block = w * K * K;
    for (let c = 0; c < K; c++) {
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const cell = block + k * K + c;
        if (used[w * K + k] === 1) {
          const v = Math.max(confusion[cell] as number, PROBABILITY_FLOOR);
          confusion[cell] = v;
          sum += v;
        } else {
          confusion[cell] = 0;
        }
      }
      if (sum > 0) for (let k = 0; k < K; k++) confusion[block + k * K + c] = (confusion[block + k * K + c] as number) / sum;
    }
  }
}

/**
 * Writes (`'assign'`) or adds (`'addition'`) the given matrices into the first
 * M-step's counts, and marks every label of those workers as used for that
 * step's normalisation (the given matrix has a row for every label).
 */
function applyInitialErrors(
  matrix: ResponseMatrix,
  counts: Float64Array,
  used: Uint8Array,
  initial: WorkerRows,
  strategy: 'assign' | 'addition',
): void {
  const K = matrix.nLabels;
  for (let w = 0; w < matrix.nWorkers; w++) {
    const worker = matrix.workerIds[w] as string;
    const given = lookupWorkerRow(initial, worker);
    if (given === undefined) continue;
    if (given.length !== K * K) {
      throw new AggregationError('LENGTH_MISMATCH', `initialErrors of worker ${worker} has ${given.length} entries, expected ${K * K}`, {
        worker,
        expected: K * K,
        actual: given.length,
      });
    }
    for (let i = 0; i < K * K; i++) {
      const v = given[i] as number;
      if (!Number.isFinite(v) || v < 0) {
        throw new AggregationError('INVALID_OPTION', `initialErrors of worker ${worker}: entry ${i} must be a finite number ≥ 0`, {
          worker,
          index: i,
        });
      }
      const cell = w * K * K + i;
      counts[cell] = strategy === 'assign' ? v : (counts[cell] as number) + v;
    }
    used.fill(1, w * K, (w + 1) * K);
  }
}

/** log of the confusion entries (floored) into `out`. */
function logConfusion(confusion: Float64Array, out: Float64Array): void {
  for (let i = 0; i < confusion.length; i++) out[i] = safeLog(confusion[i] as number);
}

/** Per answer, the offset `(worker * K + observed) * K` of its confusion row. */
export function confusionRowOffsets(matrix: ResponseMatrix): Int32Array {
  const K = matrix.nLabels;
  const offsets = new Int32Array(matrix.nAnswers);
  const workers = matrix.answerWorker;
  const labels = matrix.answerLabel;
  for (let a = 0; a < offsets.length; a++) offsets[a] = ((workers[a] as number) * K + (labels[a] as number)) * K;
  return offsets;
}

/** posteriors[t, c] = log prior(c) + Σ over the task's answers of log confusion(answer, c). */
function logJoint(
  matrix: ResponseMatrix,
  rowOffsets: Int32Array,
  logPriors: Float64Array,
  logErrors: Float64Array,
  out: Float64Array,
): void {
  const K = matrix.nLabels;
  const nTasks = matrix.nTasks;
  const taskOffsets = matrix.taskOffsets;
  for (let t = 0; t < nTasks; t++) {
    const row = t * K;
    const start = taskOffsets[t] as number;
    const end = taskOffsets[t + 1] as number;
    // One running sum per label keeps the accumulator in a register.
    for (let c = 0; c < K; c++) {
      let sum = logPriors[c] as number;
      for (let a = start; a < end; a++) sum += logErrors[(rowOffsets[a] as number) + c] as number;
      out[row + c] = sum;
    }
  }
}

/**
 * Turns log-joint rows into posteriors in place (max-shift, exp, normalise)
 * and returns Σ_t log Σ_c exp(row); a golden-clamped task becomes one-hot and
 * contributes its complete-data term instead.
 */
function normaliseRows(out: Float64Array, nTasks: number, K: number, clampTo?: Int32Array): number {
  let logLikelihood = 0;
  for (let t = 0; t < nTasks; t++) {
    const row = t * K;
    const g = clampTo === undefined ? -1 : (clampTo[t] as number);
    if (g >= 0) {
      logLikelihood += out[row + g] as number;
      for (let c = 0; c < K; c++) out[row + c] = c === g ? 1 : 0;
      continue;
    }
    let max = -Infinity;
    for (let c = 0; c < K; c++) if ((out[row + c] as number) > max) max = out[row + c] as number;
    let sum = 0;
    for (let c = 0; c < K; c++) {
      const e = Math.exp((out[row + c] as number) - max);
      out[row + c] = e;
      sum += e;
    }
    const inverse = 1 / sum;
    for (let c = 0; c < K; c++) out[row + c] = (out[row + c] as number) * inverse;
    logLikelihood += max + Math.log(sum);
  }
  return logLikelihood;
}

/**
 * E-step: posteriors ∝ prior × Π confusion, computed in log space with a
 * row max-shift. Returns the observed-data log-likelihood (a golden-clamped
 * task contributes its complete-data term).
 */
export function dawidSkeneEStep(
  matrix: ResponseMatrix,
  logPriors: Float64Array,
  logErrors: Float64Array,
  posteriors: Float64Array,
  clampTo?: Int32Array,
  rowOffsets: Int32Array = confusionRowOffsets(matrix),
): number {
  logJoint(matrix, rowOffsets, logPriors, logErrors, posteriors);
  return normaliseRows(posteriors, matrix.nTasks, matrix.nLabels, clampTo);
}

/** Crowd-Kit's `_evidence_lower_bound` (log prior counted once per answer), not yet divided by nAnswers. */
function crowdkitElbo(
  matrix: ResponseMatrix,
  rowOffsets: Int32Array,
  posteriors: Float64Array,
  logPriors: Float64Array,
  logErrors: Float64Array,
): number {
  const K = matrix.nLabels;
  const answerTask = matrix.answerTask;
  let joint = 0;
  for (let a = 0; a < rowOffsets.length; a++) {
    const base = rowOffsets[a] as number;
    const row = (answerTask[a] as number) * K;
    for (let c = 0; c < K; c++) {
      const p = posteriors[row + c] as number;
      if (p > 0) joint += p * ((logErrors[base + c] as number) + (logPriors[c] as number));
    }
  }
  // Crowd-Kit clips the posteriors at 1e-10 before its entropy term.
  let entropy = 0;
  for (let i = 0; i < posteriors.length; i++) {
    const p = Math.max(posteriors[i] as number, PROBABILITY_FLOOR);
    entropy -= p * Math.log(p);
  }
  return joint + entropy;
}

function logOf(values: Float64Array): Float64Array {
  return values.map((v) => safeLog(v));
}

/** Dawid-Skene EM (see the module comment). Needs at least two label options. */
export function dawidSkene(matrix: ResponseMatrix, options: DawidSkeneOptions = {}): DawidSkeneResult {
  assertMatrix(matrix, 'dawid-skene', 2);
  const resolved = resolveOptions(options);
  const { nTasks, nWorkers, nLabels: K, nAnswers } = matrix;
  const clampTo = resolved.golden === 'clamp' ? matrix.golden : undefined;
  const used = labelsUsed(matrix);

  const posteriors = voteSharePosteriors(matrix);
  if (clampTo !== undefined) clampGolden(matrix, posteriors);
  let priors = meanPosterior(posteriors, nTasks, K);
  const rowOffsets = confusionRowOffsets(matrix);
  const confusion = new Float64Array(nWorkers * K * K);
  accumulateCounts(matrix, rowOffsets, posteriors, confusion);
  if (options.initialErrors === undefined) {
    normaliseConfusion(confusion, used, nWorkers, K);
  } else {
    const usedAtStart = used.slice();
    applyInitialErrors(matrix, confusion, usedAtStart, options.initialErrors, resolved.initialErrorStrategy ?? 'assign');
    normaliseConfusion(confusion, usedAtStart, nWorkers, K);
  }
  const logErrors = new Float64Array(confusion.length);
  logConfusion(confusion, logErrors);

  const lossHistory: number[] = [];
  let converged = false;
  let previous = -Infinity;
  let iterations = 0;
  while (iterations < resolved.maxIterations) {
    iterations++;
    const logLikelihood = dawidSkeneEStep(matrix, logOf(priors), logErrors, posteriors, clampTo, rowOffsets);
    priors = meanPosterior(posteriors, nTasks, K);
    accumulateCounts(matrix, rowOffsets, posteriors, confusion);
    normaliseConfusion(confusion, used, nWorkers, K);
    logConfusion(confusion, logErrors);
    let loss: number;
    let done: boolean;
    if (resolved.stopping === 'crowdkit') {
      loss = crowdkitElbo(matrix, rowOffsets, posteriors, logOf(priors), logErrors) / nAnswers;
      done = loss - previous < resolved.tolerance;
    } else {
      loss = logLikelihood / nAnswers;
      done = loss - previous < resolved.tolerance * Math.abs(previous);
    }
    lossHistory.push(loss);
    previous = loss;
    if (done) {
      converged = true;
      break;
    }
  }
  const rng = createRng(resolved.seed);
  const labels = new Int32Array(nTasks);
  for (let t = 0; t < nTasks; t++) labels[t] = argmaxWithTies(posteriors, t * K, K, resolved.ties, rng);
  const result: DawidSkeneResult = {
    method: 'dawid-skene',
    labels,
    posteriors,
    confidence: confidenceOf(posteriors, labels, K),
    workers: { confusion, priors },
    iterations,
    converged,
    lossHistory,
    options: resolved,
  };
  assertFinite(posteriors, 'posteriors');
  assertFinite(confusion, 'confusion');
  assertFinite(priors, 'priors');
  assertFinite(lossHistory, 'lossHistory');
  return result;
}
