/**
 * Hierarchical Dawid-Skene: every worker has a full confusion matrix, as in
 * Dawid-Skene, but each column (one true label) is drawn around the
 * population's column instead of being estimated from that worker's answers
 * alone (Paun et al. 2018, "Comparing Bayesian Models of Annotation", the
 * hierarchical DS; here fitted by MAP-EM rather than sampled).
 *
 * Model, for worker w and true label c (column e_wc over the observed labels):
 *   e_wc | P ~ prior ∝ exp(−s · KL(P_c ‖ e_wc)), t ~ π, y_wt | t = c ~ e_wc.
 * The log prior is s Σ_k P_ck log e_wkc − s Σ_k P_ck log P_ck: the log
 * density of a Dirichlet(s·P_c + 1) up to its normaliser, which is replaced
 * by its Stirling approximation −s·H(P_c). That choice keeps both M-steps in
 * closed form, so EM climbs the MAP objective exactly:
 * - worker step (P fixed): e_wkc = (n_wkc + s·P_ck) / (n_wc + s), with n the
 *   expected counts of the E-step: s pseudo-answers shaped like the
 *   population's column;
 * - population step (workers fixed): P_ck ∝ exp(mean_w log e_wkc), the
 *   normalised geometric mean of the workers' columns (each worker is one draw
 *   from the population, whatever the number of answers).
 * The strength s is a fixed number of pseudo-answers per true label,
 * `strengthPerLabel` × K, by default K (the number of labels): the same total
 * mass as add-one smoothing of a K-row column, spread in the shape of the
 * population's column instead of uniformly.
 *
 * The class prior is learned with one pseudo-count per class (Dirichlet(2),
 * MAP (counts + 1) / (tasks + K)) or kept uniform (`classPrior`).
 *
 * `lossHistory` holds the MAP objective per answer after each E-step:
 * observed-data log-likelihood + log priors (π and the workers' columns); EM
 * never lowers it. Stops when it gains less than `tolerance` × |previous|.
 */
import { assertFinite, PROBABILITY_FLOOR, safeLog } from '../numeric.js';
import type { AggregationResult, CommonOptions, ResponseMatrix } from '../types.js';
import { accumulateCounts, confusionRowOffsets, dawidSkeneEStep } from './dawid-skene.js';
import {
  checkChoice,
  checkInteger,
  checkNumber,
  clampGolden,
  decideFromPosteriors,
  goldenToClamp,
  prepare,
  voteShareMatrix,
  type GoldenPolicy,
  type ResolvedCommonOptions,
} from './family-kit.js';

/** Options of {@link hierarchicalDawidSkene}. */
export interface HierarchicalDawidSkeneOptions extends CommonOptions {
  /** Iteration cap; default 100. */
  readonly maxIterations?: number;
  /** Stop when the MAP objective gains less than this × |previous value|; default 1e-5. */
  readonly tolerance?: number;
  /**
   * Prior strength in pseudo-answers per cell: each (worker, true label)
   * column gets s = strengthPerLabel × K pseudo-answers shaped like the
   * population's column. Default 1 (the mass of add-one smoothing).
   */
  readonly strengthPerLabel?: number;
  /** `'learned'` (default): Dirichlet(2) MAP re-estimate each round; `'uniform'`: 1/K throughout. */
  readonly classPrior?: 'learned' | 'uniform';
  /** `'clamp'`: golden tasks (matrix.golden) keep a one-hot posterior in every round; `'ignore'` (default). */
  readonly golden?: GoldenPolicy;
}

/** {@link HierarchicalDawidSkeneOptions} with defaults filled in. */
export interface ResolvedHierarchicalDawidSkeneOptions extends ResolvedCommonOptions {
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly strengthPerLabel: number;
  readonly classPrior: 'learned' | 'uniform';
  readonly golden: GoldenPolicy;
}

/** Worker and population parameters of {@link hierarchicalDawidSkene}. */
export interface HierarchicalDawidSkeneWorkers {
  /**
   * Confusion matrices, flat nWorkers × K × K: entry `[(w * K + observed) * K + true]`
   * = P(worker w answers `observed` | true label); every true-label column
   * sums to 1 and every entry is positive (the population's shape fills the
   * labels a worker never used).
   */
  readonly confusion: Float64Array;
  /** The population's confusion matrix, flat K × K `[observed * K + true]`; columns sum to 1. */
  readonly population: Float64Array;
  /** Pseudo-answers per (worker, true label) column of the prior: `strengthPerLabel` × K. */
  readonly strength: number;
  /** Class prior (length K). */
  readonly priors: Float64Array;
}

/** Result of {@link hierarchicalDawidSkene}. */
export type HierarchicalDawidSkeneResult = AggregationResult<HierarchicalDawidSkeneWorkers, ResolvedHierarchicalDawidSkeneOptions>;

/** Per (worker, true label) the sum over observed labels of the expected counts (flat nWorkers × K). */
function columnTotals(counts: Float64Array, nWorkers: number, K: number): Float64Array {
  const totals = new Float64Array(nWorkers * K);
  for (let w = 0; w < nWorkers; w++) {
    for (let k = 0; k < K; k++) {
      const row = (w * K + k) * K;
      for (let c = 0; c < K; c++) totals[w * K + c] = (totals[w * K + c] as number) + (counts[row + c] as number);
    }
  }
  return totals;
}

/** Worker step: e_wkc = (n_wkc + s·P_kc) / (n_wc + s), and its logs. */
function workerStep(
  counts: Float64Array,
  totals: Float64Array,
  population: Float64Array,
  strength: number,
  nWorkers: number,
  K: number,
  confusion: Float64Array,
  logConfusion: Float64Array,
): void {
  for (let w = 0; w < nWorkers; w++) {
    for (let k = 0; k < K; k++) {
      const row = (w * K + k) * K;
      for (let c = 0; c < K; c++) {
        const denominator = (totals[w * K + c] as number) + strength;
        const prior = strength * (population[k * K + c] as number);
        // A worker with no expected answers in a column and strength 0 gets the population's column.
        const value = denominator > 0 ? ((counts[row + c] as number) + prior) / denominator : (population[k * K + c] as number);
        const floored = Math.max(value, PROBABILITY_FLOOR);
        confusion[row + c] = floored;
        logConfusion[row + c] = Math.log(floored);
      }
    }
  }
}

/** Population step: P_kc ∝ exp(mean over workers of log e_wkc), normalised per true label c. */
function populationStep(logConfusion: Float64Array, nWorkers: number, K: number, population: Float64Array): void {
  const meanLog = new Float64Array(K * K);
  for (let w = 0; w < nWorkers; w++) {
    const block = w * K * K;
    for (let i = 0; i < K * K; i++) meanLog[i] = (meanLog[i] as number) + (logConfusion[block + i] as number);
  }
  for (let c = 0; c < K; c++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, (meanLog[k * K + c] as number) / nWorkers);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const v = Math.exp((meanLog[k * K + c] as number) / nWorkers - max);
      population[k * K + c] = v;
      sum += v;
    }
    for (let k = 0; k < K; k++) population[k * K + c] = Math.max((population[k * K + c] as number) / sum, PROBABILITY_FLOOR);
  }
}

/** Pooled expected counts of all workers, add-one smoothed, as the starting population matrix. */
function pooledPopulation(counts: Float64Array, nWorkers: number, K: number): Float64Array {
  const pooled = new Float64Array(K * K).fill(1);
  for (let w = 0; w < nWorkers; w++) {
    const block = w * K * K;
    for (let i = 0; i < K * K; i++) pooled[i] = (pooled[i] as number) + (counts[block + i] as number);
  }
  for (let c = 0; c < K; c++) {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += pooled[k * K + c] as number;
    for (let k = 0; k < K; k++) pooled[k * K + c] = (pooled[k * K + c] as number) / sum;
  }
  return pooled;
}

/** log prior of the workers' columns: s Σ_{w,c,k} P_kc (log e_wkc − log P_kc) = −s Σ KL(P_c ‖ e_wc). */
function workerLogPrior(logConfusion: Float64Array, population: Float64Array, strength: number, nWorkers: number, K: number): number {
  if (strength === 0) return 0;
  const logPopulation = population.map((p) => Math.log(p));
  let sum = 0;
  for (let w = 0; w < nWorkers; w++) {
    const block = w * K * K;
    for (let i = 0; i < K * K; i++) sum += (population[i] as number) * ((logConfusion[block + i] as number) - (logPopulation[i] as number));
  }
  return strength * sum;
}

/** Class prior step: (expected class counts + pseudo) / (tasks + K · pseudo); uniform stays uniform. */
function priorStep(posteriors: Float64Array, nTasks: number, K: number, learned: boolean, logPriors: Float64Array): void {
  if (!learned) {
    logPriors.fill(-Math.log(K));
    return;
  }
  const totals = new Float64Array(K);
  for (let t = 0; t < nTasks; t++) for (let c = 0; c < K; c++) totals[c] = (totals[c] as number) + (posteriors[t * K + c] as number);
  for (let c = 0; c < K; c++) logPriors[c] = safeLog(((totals[c] as number) + 1) / (nTasks + K));
}

function resolveOptions(matrix: ResponseMatrix, options: HierarchicalDawidSkeneOptions | undefined): ResolvedHierarchicalDawidSkeneOptions {
  const common = prepare(matrix, 'hierarchical-dawid-skene', options);
  return {
    ...common,
    maxIterations: checkInteger('maxIterations', options?.maxIterations ?? 100, 1),
    tolerance: checkNumber('tolerance', options?.tolerance ?? 1e-5, -Infinity, Infinity),
    strengthPerLabel: checkNumber('strengthPerLabel', options?.strengthPerLabel ?? 1, 0, 1e6),
    classPrior: checkChoice('classPrior', options?.classPrior ?? 'learned', ['learned', 'uniform'] as const),
    golden: goldenToClamp(matrix, options?.golden).policy,
  };
}

/**
 * Hierarchical Dawid-Skene by MAP-EM (see the module comment). Needs at
 * least two label options. O(answers × K) per iteration plus O(workers × K²).
 */
export function hierarchicalDawidSkene(matrix: ResponseMatrix, options?: HierarchicalDawidSkeneOptions): HierarchicalDawidSkeneResult {
  const resolved = resolveOptions(matrix, options);
  const { nTasks, nWorkers, nLabels: K, nAnswers } = matrix;
  const strength = resolved.strengthPerLabel * K;
  const learned = resolved.classPrior === 'learned';
  const clampTo = goldenToClamp(matrix, resolved.golden).golden;

  const posteriors = voteShareMatrix(matrix);
  for (let t = 0; t < nTasks; t++) clampGolden(posteriors, t, K, clampTo);
  const rowOffsets = confusionRowOffsets(matrix);
  const counts = new Float64Array(nWorkers * K * K);
  const confusion = new Float64Array(nWorkers * K * K);
  const logErrors = new Float64Array(nWorkers * K * K);
  const logPriors = new Float64Array(K);

  // The start: expected counts of the vote shares, the population pooled from them.
  accumulateCounts(matrix, rowOffsets, posteriors, counts);
  const population = pooledPopulation(counts, nWorkers, K);
  /** M-step from the counts of the current posteriors. */
  const mStep = (): void => {
    priorStep(posteriors, nTasks, K, learned, logPriors);
    workerStep(counts, columnTotals(counts, nWorkers, K), population, strength, nWorkers, K, confusion, logErrors);
    populationStep(logErrors, nWorkers, K, population);
  };
  mStep();

  // MAP objective per answer at the current parameters, then one M-step; stop on a small relative gain.
  const lossHistory: number[] = [];
  let converged = false;
  while (!converged && lossHistory.length < resolved.maxIterations) {
    let objective = dawidSkeneEStep(matrix, logPriors, logErrors, posteriors, clampTo, rowOffsets);
    objective += workerLogPrior(logErrors, population, strength, nWorkers, K);
    if (learned) for (let c = 0; c < K; c++) objective += logPriors[c] as number;
    const previous = lossHistory.at(-1);
    lossHistory.push(objective / nAnswers);
    accumulateCounts(matrix, rowOffsets, posteriors, counts);
    mStep();
    if (previous !== undefined) converged = objective / nAnswers - previous < resolved.tolerance * Math.abs(previous);
  }
  const iterations = lossHistory.length;
  const priors = logPriors.map((v) => Math.exp(v));
  const decision = decideFromPosteriors(matrix, posteriors, resolved);
  assertFinite(decision.posteriors, 'posteriors');
  assertFinite(confusion, 'confusion');
  assertFinite(population, 'population');
  assertFinite(priors, 'priors');
  assertFinite(lossHistory, 'lossHistory');
  return {
    method: 'hierarchical-dawid-skene',
    ...decision,
    workers: { confusion, population, strength, priors },
    iterations,
    converged,
    lossHistory,
    options: resolved,
  };
}
