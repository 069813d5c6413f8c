/**
 * GLAD (Whitehill et al., 2009): worker ability α_w, task log inverse
 * difficulty β_t, P(correct) = σ(α_w · e^{β_t}); a wrong answer is uniform
 * over the other K − 1 labels. MAP-EM with N(1, 1) priors on α and β and a
 * fixed class prior (uniform unless given), as Crowd-Kit's `GLAD`.
 *
 * The M-step works on the CSR arrays: a few rounds of per-parameter Newton
 * steps (all α, then all β, each from one pass over the answers in task order),
 * with the curvature bounded away from zero and the step capped, instead of a
 * generic conjugate-gradient run over a melted answers × labels table. Each
 * round is O(answers) with one σ per answer. The stop rule is on the MAP objective (observed-data
 * log-likelihood + log prior densities) per answer, computed in log space.
 *
 * By default the answers of workers whose answers do not depend on the truth
 * are left out first (`spammers: 'screen'`, see `spammer-screen.ts`): with
 * K > 2 labels GLAD cannot give such a worker zero weight (at α = 0 an answer
 * still counts log(K − 1) for its label, and a constant answerer fits no α),
 * so EM would explain their agreement with each other by moving the
 * posteriors toward their favourite label.
 */
import { AggregationError, describeValue } from '../errors.js';
import { assertFinite, softmaxInPlace } from '../numeric.js';
import type { AggregationResult, CommonOptions, ResponseMatrix } from '../types.js';
import { checkChoice, checkInteger, checkNumber, clampGolden, decideFromPosteriors, goldenToClamp, prepare } from './family-kit.js';
import { screenSpammers } from './spammer-screen.js';

/** Options of {@link glad}; defaults follow Crowd-Kit. */
export interface GladOptions extends CommonOptions {
  /** Most EM rounds. Default 100. */
  readonly nIter?: number;
  /** Stop when the MAP objective per answer gains less than this. Default 1e-5. */
  readonly tol?: number;
  /** Newton rounds (α then β) per M-step. Default 2. */
  readonly mStepIter?: number;
  /** Prior mean of every α (prior N(mean, 1)); also the start value. Default 1. */
  readonly alphaPriorMean?: number;
  /** Prior mean of every β (prior N(mean, 1)); also the start value. Default 1. */
  readonly betaPriorMean?: number;
  /** Class prior (length nLabels, positive); default uniform. */
  readonly labelPriors?: readonly number[];
  /** `'clamp'`: tasks with a golden label in `matrix.golden` keep a one-hot posterior in every round; `'ignore'` (default). */
  readonly golden?: 'ignore' | 'clamp';
  /** `'screen'` (default): leave out the answers of workers whose answers ignore the truth (`screenSpammers`); `'keep'`: fit every answer (Crowd-Kit). */
  readonly spammers?: 'screen' | 'keep';
}

/** {@link GladOptions} with defaults filled in. */
export interface ResolvedGladOptions {
  readonly ties: 'first' | 'random';
  readonly seed: number;
  readonly nIter: number;
  readonly tol: number;
  readonly mStepIter: number;
  readonly alphaPriorMean: number;
  readonly betaPriorMean: number;
  readonly labelPriors: readonly number[];
  readonly golden: 'ignore' | 'clamp';
  readonly spammers: 'screen' | 'keep';
}

/** Fitted parameters of {@link glad}. */
export interface GladWorkers {
  /** Ability per worker (negative: systematically wrong). */
  readonly alphas: Float64Array;
  /** Log inverse difficulty per task (indexed by task): larger is easier. */
  readonly betas: Float64Array;
  /** Per worker: 1 when the screen left the worker's answers out (their α stays at the prior mean). All 0 with `spammers: 'keep'`. */
  readonly spammer: Uint8Array;
  /** Per worker: the screen's posterior probability that the answers ignore the truth (0 with `spammers: 'keep'`). */
  readonly spamProbability: Float64Array;
}

const MAX_STEP = 2;

/**
 * GLAD aggregation. `lossHistory` is the MAP objective per answer after
 * each round.
 */
export function glad(matrix: ResponseMatrix, options?: GladOptions): AggregationResult<GladWorkers, ResolvedGladOptions> {
  const common = prepare(matrix, 'glad', options);
  const nIter = checkInteger('nIter', options?.nIter ?? 100, 1);
  const tol = checkNumber('tol', options?.tol ?? 1e-5, 0, Infinity);
  const mStepIter = checkInteger('mStepIter', options?.mStepIter ?? 2, 1, 1000);
  const alphaPriorMean = checkNumber('alphaPriorMean', options?.alphaPriorMean ?? 1, -1e6, 1e6);
  const betaPriorMean = checkNumber('betaPriorMean', options?.betaPriorMean ?? 1, -50, 50);
  const labelPriors = resolveLabelPriors(matrix.nLabels, options?.labelPriors);
  const { policy: golden, golden: clampTo } = goldenToClamp(matrix, options?.golden);
  const spammers = checkChoice('spammers', options?.spammers ?? 'screen', ['screen', 'keep'] as const);
  const resolved: ResolvedGladOptions = { ...common, nIter, tol, mStepIter, alphaPriorMean, betaPriorMean, labelPriors, golden, spammers };

  const screen = spammers === 'screen' ? screenSpammers(matrix) : undefined;
  const model = new GladModel(matrix, labelPriors, alphaPriorMean, betaPriorMean, clampTo, screen?.keptAnswers);
  const nUsed = matrix.nAnswers - (screen?.droppedAnswers ?? 0);
  const lossHistory: number[] = [model.expectation() / nUsed];
  let converged = false;
  let iterations = 0;
  while (iterations < nIter) {
    iterations++;
    model.maximisation(mStepIter);
    const objective = model.expectation() / nUsed;
    const previous = lossHistory[lossHistory.length - 1] as number;
    lossHistory.push(objective);
    if (objective - previous < tol) {
      converged = true;
      break;
    }
  }
  const decision = decideFromPosteriors(matrix, model.posteriorsCopy(), common);
  assertFinite(decision.posteriors, 'posteriors');
  assertFinite(model.alphas, 'alphas');
  assertFinite(model.betas, 'betas');
  return {
    method: 'glad',
    ...decision,
    workers: {
      alphas: model.alphas,
      betas: model.betas,
      spammer: screen?.spammer ?? new Uint8Array(matrix.nWorkers),
      spamProbability: screen?.spamProbability ?? new Float64Array(matrix.nWorkers),
    },
    iterations,
    converged,
    lossHistory,
    options: resolved,
  };
}

function resolveLabelPriors(nLabels: number, given: readonly number[] | undefined): readonly number[] {
  if (given === undefined) return new Array<number>(nLabels).fill(1 / nLabels);
  if (!Array.isArray(given)) {
    throw new AggregationError('INVALID_OPTION', `labelPriors must be an array of ${nLabels} positive numbers, got ${describeValue(given)}`, {
      option: 'labelPriors',
    });
  }
  if (given.length !== nLabels) {
    throw new AggregationError('LENGTH_MISMATCH', `labelPriors has ${given.length} entries, the matrix has ${nLabels} labels`, {
      option: 'labelPriors',
    });
  }
  let sum = 0;
  for (const p of given) {
    checkNumber('labelPriors[]', p, Number.MIN_VALUE, Infinity);
    sum += p;
  }
  return given.map((p) => p / sum);
}

/** log σ(x) without overflow. */
function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

/** σ(x) without overflow. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** GLAD's state and its E- and M-steps over the CSR arrays. */
class GladModel {
  readonly alphas: Float64Array;
  readonly betas: Float64Array;
  /** Posterior (after the last E-step) of the label each answer gave. */
  private readonly answerPosterior: Float64Array;
  private readonly posteriors: Float64Array;
  private readonly logPriors: Float64Array;
  private readonly logOthers: number;

  constructor(
    private readonly matrix: ResponseMatrix,
    labelPriors: readonly number[],
    private readonly alphaMean: number,
    private readonly betaMean: number,
    private readonly clampTo: Int32Array | undefined,
    /** Per answer, 0 to leave it out (screened spammers); undefined keeps all. */
    private readonly kept: Uint8Array | undefined,
  ) {
    this.alphas = new Float64Array(matrix.nWorkers).fill(alphaMean);
    this.betas = new Float64Array(matrix.nTasks).fill(betaMean);
    this.answerPosterior = new Float64Array(matrix.nAnswers);
    this.posteriors = new Float64Array(matrix.nTasks * matrix.nLabels);
    this.logPriors = Float64Array.from(labelPriors, (p) => Math.log(p));
    this.logOthers = Math.log(matrix.nLabels - 1);
  }

  /** E-step: posteriors per task; returns the MAP objective (log-likelihood + log prior densities). */
  expectation(): number {
    const { nTasks, nLabels, taskOffsets, answerWorker, answerLabel } = this.matrix;
    const { alphas, betas, posteriors, logPriors, logOthers, answerPosterior, kept } = this;
    let objective = 0;
    for (let t = 0; t < nTasks; t++) {
      const row = t * nLabels;
      const scale = Math.exp(betas[t] as number);
      let base = 0;
      for (let c = 0; c < nLabels; c++) posteriors[row + c] = logPriors[c] as number;
      const end = taskOffsets[t + 1] as number;
      for (let a = taskOffsets[t] as number; a < end; a++) {
        if (kept !== undefined && kept[a] === 0) continue;
        const x = (alphas[answerWorker[a] as number] as number) * scale;
        base += logSigmoid(-x) - logOthers;
        const cell = row + (answerLabel[a] as number);
        posteriors[cell] = (posteriors[cell] as number) + x + logOthers;
      }
      objective += base + softmaxInPlace(posteriors, row, nLabels);
      clampGolden(posteriors, t, nLabels, this.clampTo);
      for (let a = taskOffsets[t] as number; a < end; a++) {
        answerPosterior[a] = posteriors[row + (answerLabel[a] as number)] as number;
      }
    }
    return objective + this.logPriorDensity();
  }

  private logPriorDensity(): number {
    const halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
    let sum = 0;
    for (const alpha of this.alphas) sum -= 0.5 * (alpha - this.alphaMean) ** 2 + halfLog2Pi;
    for (const beta of this.betas) sum -= 0.5 * (beta - this.betaMean) ** 2 + halfLog2Pi;
    return sum;
  }

  /**
   * M-step: `rounds` × (one Newton step for every α, then one for every β) on
   * the expected complete-data log-likelihood plus the log priors. For an
   * answer with x = α·e^β and q = posterior of its label, the gradient in x is
   * q − σ(x) and the curvature −σ(x)(1 − σ(x)); the chain rule gives e^β for
   * α and x for β, the priors add −(θ − mean) and −1. Both half-steps walk the
   * answers in task order (the α sums go to small per-worker arrays), and each
   * step is capped at ±2.
   */
  maximisation(rounds: number): void {
    const { nWorkers, nTasks, taskOffsets, answerWorker } = this.matrix;
    const { alphas, betas, answerPosterior, alphaMean, betaMean, kept } = this;
    const alphaGradient = new Float64Array(nWorkers);
    const alphaCurvature = new Float64Array(nWorkers);
    for (let round = 0; round < rounds; round++) {
      for (let w = 0; w < nWorkers; w++) {
        alphaGradient[w] = -((alphas[w] as number) - alphaMean);
        alphaCurvature[w] = 1;
      }
      for (let t = 0; t < nTasks; t++) {
        const scale = Math.exp(betas[t] as number);
        const end = taskOffsets[t + 1] as number;
        for (let a = taskOffsets[t] as number; a < end; a++) {
          if (kept !== undefined && kept[a] === 0) continue;
          const w = answerWorker[a] as number;
          const s = sigmoid((alphas[w] as number) * scale);
          alphaGradient[w] = (alphaGradient[w] as number) + ((answerPosterior[a] as number) - s) * scale;
          alphaCurvature[w] = (alphaCurvature[w] as number) + s * (1 - s) * scale * scale;
        }
      }
      for (let w = 0; w < nWorkers; w++) {
        alphas[w] = (alphas[w] as number) + clampStep((alphaGradient[w] as number) / (alphaCurvature[w] as number));
      }
      for (let t = 0; t < nTasks; t++) {
        const beta = betas[t] as number;
        const scale = Math.exp(beta);
        let gradient = -(beta - betaMean);
        let curvature = 1;
        const end = taskOffsets[t + 1] as number;
        for (let a = taskOffsets[t] as number; a < end; a++) {
          if (kept !== undefined && kept[a] === 0) continue;
          const x = (alphas[answerWorker[a] as number] as number) * scale;
          const s = sigmoid(x);
          gradient += ((answerPosterior[a] as number) - s) * x;
          curvature += s * (1 - s) * x * x;
        }
        betas[t] = beta + clampStep(gradient / curvature);
      }
    }
  }

  /** Posteriors of the last E-step (a fresh copy). */
  posteriorsCopy(): Float64Array {
    return this.posteriors.slice();
  }
}

function clampStep(step: number): number {
  return step > MAX_STEP ? MAX_STEP : step < -MAX_STEP ? -MAX_STEP : step;
}
