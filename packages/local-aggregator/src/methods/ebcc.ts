/**
 * EBCC, enhanced Bayesian classifier combination (Li, Rubinstein & Cohn,
 * "Exploiting Worker Correlation for Label Aggregation in Crowdsourcing",
 * ICML 2019). Dawid-Skene assumes that workers err independently given the
 * true label; EBCC lets every true label have M subtypes (latent groups of
 * tasks), and each worker a confusion matrix per (true label, subtype). Tasks
 * of one subtype are the ones that fool the same workers the same way, so
 * errors that several workers share no longer count as independent evidence.
 *
 * Model (K labels, M subtypes):
 *   τ ~ Dirichlet(classConcentration · 1_K)             class prior
 *   π_k ~ Dirichlet(subtypeConcentration / M · 1_M)       subtype weights of label k
 *   v_wkm ~ Dirichlet(β_k), β_kl = diagonalPseudoCount if l = k else offDiagonalPseudoCount
 *   task t: y_t ~ τ, g_t ~ π_{y_t}, each answer of worker w ~ v_{w, y_t, g_t}
 *
 * Fit by mean-field variational Bayes with q(y_t, g_t) joint per task and
 * Dirichlet factors for τ, π and v, as the authors do: start from vote shares
 * split over the subtypes at random (seeded), then alternate the Dirichlet
 * updates (prior + expected counts) and the task update
 * log q(k, m) = E[log τ_k] + E[log π_km] + Σ_answers E[log v_wkm(label)] + const.
 * Each round is one coordinate ascent step, so the evidence lower bound never
 * falls; `lossHistory` reports it per answer. Stops when no class posterior
 * moves by more than `tolerance` (default 1e-3, as the authors' code), or
 * after `maxIterations` (500).
 *
 * Defaults are the authors' (M = 10, 0.1, 1, 4, 1). The random split makes
 * the fixed point depend on the seed; the package README lists the spread.
 * Cost per round: O(answers × K × M) plus O(workers × K² × M) digammas.
 */
import { assertFinite, digamma, logGamma } from '../numeric.js';
import { createRng } from '../ties.js';
import type { AggregationResult, CommonOptions, ResponseMatrix } from '../types.js';
import {
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

/** Options of {@link ebcc}; defaults are the authors'. */
export interface EbccOptions extends CommonOptions {
  /** Subtypes per true label (M). Default 10; 1 gives Bayesian Dawid-Skene (IBCC). */
  readonly subtypes?: number;
  /** Total Dirichlet mass on the subtype weights of one label (spread as /M each). Default 0.1. */
  readonly subtypeConcentration?: number;
  /** Dirichlet pseudo-count per label on the class prior. Default 1. */
  readonly classConcentration?: number;
  /** Prior pseudo-count for answering the true label, per (worker, label, subtype). Default 4. */
  readonly diagonalPseudoCount?: number;
  /** Prior pseudo-count for each other label, per (worker, label, subtype). Default 1. */
  readonly offDiagonalPseudoCount?: number;
  /** Most rounds. Default 500. */
  readonly maxIterations?: number;
  /** Stop when no class posterior changes by more than this in a round. Default 1e-3. */
  readonly tolerance?: number;
  /** `'clamp'`: tasks with a golden label in `matrix.golden` stay in that label (any subtype) in every round; `'ignore'` (default). */
  readonly golden?: GoldenPolicy;
}

/** {@link EbccOptions} with defaults filled in. */
export interface ResolvedEbccOptions extends ResolvedCommonOptions {
  readonly subtypes: number;
  readonly subtypeConcentration: number;
  readonly classConcentration: number;
  readonly diagonalPseudoCount: number;
  readonly offDiagonalPseudoCount: number;
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly golden: GoldenPolicy;
}

/** Fitted parameters of {@link ebcc} (posterior means of the Dirichlet factors). */
export interface EbccWorkers {
  /**
   * Each worker's confusion matrix with the subtypes averaged out, flat
   * nWorkers × K × K as Dawid-Skene's: entry `[(w * K + observed) * K + true]`
   * = Σ_m E[π_true,m] · E[v_w,true,m(observed)]; every true-label column sums to 1.
   */
  readonly confusion: Float64Array;
  /** Class prior E[τ] (length K). */
  readonly priors: Float64Array;
  /** Subtype weights E[π], flat K × M `[true * M + subtype]`; each row sums to 1. */
  readonly subtypeWeights: Float64Array;
}

/** Result of {@link ebcc}. */
export type EbccResult = AggregationResult<EbccWorkers, ResolvedEbccOptions>;

function resolveOptions(matrix: ResponseMatrix, options: EbccOptions | undefined): ResolvedEbccOptions {
  const common = prepare(matrix, 'ebcc', options);
  return {
    ...common,
    subtypes: checkInteger('subtypes', options?.subtypes ?? 10, 1, 1000),
    subtypeConcentration: checkNumber('subtypeConcentration', options?.subtypeConcentration ?? 0.1, Number.MIN_VALUE, 1e6),
    classConcentration: checkNumber('classConcentration', options?.classConcentration ?? 1, Number.MIN_VALUE, 1e6),
    diagonalPseudoCount: checkNumber('diagonalPseudoCount', options?.diagonalPseudoCount ?? 4, Number.MIN_VALUE, 1e6),
    offDiagonalPseudoCount: checkNumber('offDiagonalPseudoCount', options?.offDiagonalPseudoCount ?? 1, Number.MIN_VALUE, 1e6),
    maxIterations: checkInteger('maxIterations', options?.maxIterations ?? 500, 1),
    tolerance: checkNumber('tolerance', options?.tolerance ?? 1e-3, 0, 1),
    golden: goldenToClamp(matrix, options?.golden).policy,
  };
}

/**
 * A task's (label, subtype) cell whose log weight is this far below the
 * task's largest gets weight 0 (e^−60 ≈ 1e-26 of the largest): it changes
 * no sum measurably, and the counts then skip it.
 */
const NEGLIGIBLE_LOG_RATIO = -60;

/** A Dirichlet prior: its pseudo-counts and the constant part of a KL divergence from it. */
interface DirichletPrior {
  readonly pseudoCounts: Float64Array;
  /** Σ ln Γ(b_i) − ln Γ(Σ b_i). */
  readonly logNormaliser: number;
}

function dirichletPrior(pseudoCounts: Float64Array): DirichletPrior {
  let total = 0;
  let logNormaliser = 0;
  for (const b of pseudoCounts) {
    total += b;
    logNormaliser += logGamma(b);
  }
  return { pseudoCounts, logNormaliser: logNormaliser - logGamma(total) };
}

/**
 * Writes E[log p_i] of a Dirichlet with parameters `params[offset + i·stride]`
 * (i < n) into `out` at the same places and returns its KL divergence from `prior`.
 */
function dirichletExpectations(params: Float64Array, offset: number, stride: number, prior: DirichletPrior, out: Float64Array): number {
  const n = prior.pseudoCounts.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += params[offset + i * stride] as number;
  const psiTotal = digamma(total);
  let kl = logGamma(total) + prior.logNormaliser;
  for (let i = 0; i < n; i++) {
    const a = params[offset + i * stride] as number;
    const expectedLog = digamma(a) - psiTotal;
    out[offset + i * stride] = expectedLog;
    kl += (a - (prior.pseudoCounts[i] as number)) * expectedLog - logGamma(a);
  }
  return kl;
}

/** The variational state: task factors q(y, g) and the Dirichlet parameters built from them. */
class EbccModel {
  private readonly K: number;
  private readonly M: number;
  private readonly KM: number;
  /** q(y_t = k, g_t = m), flat nTasks × K × M. */
  readonly joint: Float64Array;
  /** q(y_t = k), flat nTasks × K: the class posteriors. */
  readonly posteriors: Float64Array;
  /** Dirichlet parameters of v, flat nWorkers × K(observed) × K × M: `[((w * K + observed) * K + true) * M + subtype]`. */
  private readonly workerParams: Float64Array;
  private readonly subtypeParams: Float64Array;
  private readonly classParams: Float64Array;
  private readonly logWorker: Float64Array;
  private readonly logSubtype: Float64Array;
  private readonly logClass: Float64Array;
  private readonly row: Float64Array;
  private readonly classPrior: DirichletPrior;
  private readonly subtypePrior: DirichletPrior;
  /** Prior of a worker's answers given true label k (any subtype), per k. */
  private readonly answerPriors: readonly DirichletPrior[];

  constructor(
    private readonly matrix: ResponseMatrix,
    private readonly options: ResolvedEbccOptions,
    private readonly clampTo: Int32Array | undefined,
  ) {
    const { nTasks, nWorkers, nLabels } = matrix;
    this.K = nLabels;
    this.M = options.subtypes;
    this.KM = this.K * this.M;
    this.joint = new Float64Array(nTasks * this.KM);
    this.posteriors = new Float64Array(nTasks * this.K);
    this.workerParams = new Float64Array(nWorkers * this.K * this.KM);
    this.subtypeParams = new Float64Array(this.KM);
    this.classParams = new Float64Array(this.K);
    this.logWorker = new Float64Array(this.workerParams.length);
    this.logSubtype = new Float64Array(this.KM);
    this.logClass = new Float64Array(this.K);
    this.row = new Float64Array(this.KM);
    const K = this.K;
    this.classPrior = dirichletPrior(new Float64Array(K).fill(options.classConcentration));
    this.subtypePrior = dirichletPrior(new Float64Array(this.M).fill(options.subtypeConcentration / this.M));
    this.answerPriors = Array.from({ length: K }, (_, k) =>
      dirichletPrior(Float64Array.from({ length: K }, (_, observed) => (observed === k ? options.diagonalPseudoCount : options.offDiagonalPseudoCount))),
    );
  }

  /** Vote shares (golden tasks clamped) split over the subtypes by seeded Dirichlet(1) draws. */
  start(): void {
    const { K, M, KM } = this;
    const shares = voteShareMatrix(this.matrix);
    const rng = createRng(this.options.seed);
    for (let t = 0; t < this.matrix.nTasks; t++) {
      clampGolden(shares, t, K, this.clampTo);
      for (let k = 0; k < K; k++) {
        const base = t * KM + k * M;
        let sum = 0;
        for (let m = 0; m < M; m++) {
          const draw = -Math.log(Math.max(rng(), Number.MIN_VALUE));
          this.joint[base + m] = draw;
          sum += draw;
        }
        const share = shares[t * K + k] as number;
        for (let m = 0; m < M; m++) this.joint[base + m] = ((this.joint[base + m] as number) / sum) * share;
        this.posteriors[t * K + k] = share;
      }
    }
    this.accumulate();
  }

  /** Dirichlet parameters = prior pseudo-counts + expected counts of the current task factors. */
  private accumulate(): void {
    const { K, M, KM, matrix, options } = this;
    const { nTasks, nWorkers, taskOffsets, answerWorker, answerLabel } = matrix;
    this.classParams.fill(options.classConcentration);
    this.subtypeParams.fill(options.subtypeConcentration / M);
    for (let w = 0; w < nWorkers; w++) {
      for (let observed = 0; observed < K; observed++) {
        const base = (w * K + observed) * KM;
        for (let k = 0; k < K; k++) {
          const prior = k === observed ? options.diagonalPseudoCount : options.offDiagonalPseudoCount;
          this.workerParams.fill(prior, base + k * M, base + (k + 1) * M);
        }
      }
    }
    const { classParams, subtypeParams, workerParams, joint, posteriors } = this;
    const active = new Int32Array(KM);
    for (let t = 0; t < nTasks; t++) {
      const task = t * KM;
      for (let k = 0; k < K; k++) classParams[k] = (classParams[k] as number) + (posteriors[t * K + k] as number);
      for (let j = 0; j < KM; j++) subtypeParams[j] = (subtypeParams[j] as number) + (joint[task + j] as number);
      // Only the task's non-zero (label, subtype) cells: most subtypes carry no weight.
      let nActive = 0;
      for (let j = 0; j < KM; j++) if ((joint[task + j] as number) > 0) active[nActive++] = j;
      for (let a = taskOffsets[t] as number; a < (taskOffsets[t + 1] as number); a++) {
        const base = ((answerWorker[a] as number) * K + (answerLabel[a] as number)) * KM;
        for (let i = 0; i < nActive; i++) {
          const j = active[i] as number;
          workerParams[base + j] = (workerParams[base + j] as number) + (joint[task + j] as number);
        }
      }
    }
  }

  /** E[log] of every Dirichlet factor; returns the sum of their KL divergences from the priors. */
  private expectations(): number {
    const { K, M, KM } = this;
    let kl = dirichletExpectations(this.classParams, 0, 1, this.classPrior, this.logClass);
    for (let k = 0; k < K; k++) kl += dirichletExpectations(this.subtypeParams, k * M, 1, this.subtypePrior, this.logSubtype);
    for (let w = 0; w < this.matrix.nWorkers; w++) {
      for (let k = 0; k < K; k++) {
        const prior = this.answerPriors[k] as DirichletPrior;
        // Over the observed label, for fixed (worker, true label k, subtype m): stride KM.
        for (let m = 0; m < M; m++) kl += dirichletExpectations(this.workerParams, w * K * KM + k * M + m, KM, prior, this.logWorker);
      }
    }
    return kl;
  }

  /**
   * One round: Dirichlet expectations from the current counts, then new task
   * factors, then the counts of those. Returns the evidence lower bound and
   * the largest change of a class posterior.
   */
  round(): { elbo: number; change: number } {
    const { K, M, KM, matrix, row, logClass, logSubtype, logWorker, joint, posteriors, clampTo } = this;
    const { nTasks, taskOffsets, answerWorker, answerLabel } = matrix;
    const kl = this.expectations();
    let evidence = 0;
    let change = 0;
    for (let t = 0; t < nTasks; t++) {
      for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) row[k * M + m] = (logClass[k] as number) + (logSubtype[k * M + m] as number);
      for (let a = taskOffsets[t] as number; a < (taskOffsets[t + 1] as number); a++) {
        const base = ((answerWorker[a] as number) * K + (answerLabel[a] as number)) * KM;
        for (let j = 0; j < KM; j++) row[j] = (row[j] as number) + (logWorker[base + j] as number);
      }
      // The cells [from, to) may carry weight: a clamped golden task keeps only its label's subtypes.
      const fixed = clampTo === undefined ? -1 : (clampTo[t] as number);
      const from = fixed >= 0 ? fixed * M : 0;
      const to = fixed >= 0 ? from + M : KM;
      let max = -Infinity;
      for (let j = from; j < to; j++) if ((row[j] as number) > max) max = row[j] as number;
      let sum = 0;
      for (let j = 0; j < KM; j++) {
        const gap = (row[j] as number) - max;
        const e = j < from || j >= to || gap < NEGLIGIBLE_LOG_RATIO ? 0 : Math.exp(gap);
        row[j] = e;
        sum += e;
      }
      evidence += max + Math.log(sum);
      for (let k = 0; k < K; k++) {
        let classMass = 0;
        for (let m = 0; m < M; m++) {
          const q = (row[k * M + m] as number) / sum;
          joint[t * KM + k * M + m] = q;
          classMass += q;
        }
        change = Math.max(change, Math.abs(classMass - (posteriors[t * K + k] as number)));
        posteriors[t * K + k] = classMass;
      }
    }
    this.accumulate();
    return { elbo: evidence - kl, change };
  }

  /** Posterior means of the factors, the subtypes averaged out of each worker's matrix. */
  describe(): EbccWorkers {
    const { K, M, KM } = this;
    const priors = new Float64Array(K);
    let classTotal = 0;
    for (let k = 0; k < K; k++) classTotal += this.classParams[k] as number;
    for (let k = 0; k < K; k++) priors[k] = (this.classParams[k] as number) / classTotal;
    const subtypeWeights = new Float64Array(KM);
    for (let k = 0; k < K; k++) {
      let total = 0;
      for (let m = 0; m < M; m++) total += this.subtypeParams[k * M + m] as number;
      for (let m = 0; m < M; m++) subtypeWeights[k * M + m] = (this.subtypeParams[k * M + m] as number) / total;
    }
    const nWorkers = this.matrix.nWorkers;
    const confusion = new Float64Array(nWorkers * K * K);
    for (let w = 0; w < nWorkers; w++) {
      for (let k = 0; k < K; k++) {
        for (let m = 0; m < M; m++) {
          let total = 0;
          for (let observed = 0; observed < K; observed++) total += this.workerParams[(w * K + observed) * KM + k * M + m] as number;
          const weight = subtypeWeights[k * M + m] as number;
          for (let observed = 0; observed < K; observed++) {
            const cell = (w * K + observed) * K + k;
            confusion[cell] = (confusion[cell] as number) + (weight * (this.workerParams[(w * K + observed) * KM + k * M + m] as number)) / total;
          }
        }
      }
    }
    return { confusion, priors, subtypeWeights };
  }
}

/**
 * EBCC aggregation (see the module comment). `lossHistory` is the evidence
 * lower bound per answer after each round (non-decreasing); `iterations` the
 * rounds run. Needs at least two label options.
 */
export function ebcc(matrix: ResponseMatrix, options?: EbccOptions): EbccResult {
  const resolved = resolveOptions(matrix, options);
  const model = new EbccModel(matrix, resolved, goldenToClamp(matrix, resolved.golden).golden);
  model.start();
  const lossHistory: number[] = [];
  let converged = false;
  while (!converged && lossHistory.length < resolved.maxIterations) {
    const { elbo, change } = model.round();
    lossHistory.push(elbo / matrix.nAnswers);
    converged = change <= resolved.tolerance;
  }
  const decision = decideFromPosteriors(matrix, model.posteriors, resolved);
  const workers = model.describe();
  assertFinite(decision.posteriors, 'posteriors');
  assertFinite(workers.confusion, 'confusion');
  assertFinite(workers.priors, 'priors');
  assertFinite(workers.subtypeWeights, 'subtypeWeights');
  assertFinite(lossHistory, 'lossHistory');
  return {
    method: 'ebcc',
    ...decision,
    workers,
    iterations: lossHistory.length,
    converged,
    lossHistory,
    options: resolved,
  };
}
