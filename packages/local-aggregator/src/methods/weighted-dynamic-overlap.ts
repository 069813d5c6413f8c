/**
 * Toloka's WEIGHTED_DYNAMIC_OVERLAP ("aggregation by skill"): the answer with
 * the largest sum of q = skill / 100 wins; its confidence is the posterior
 * under a one-coin model with a uniform prior over all Y = nLabels options,
 * where a worker answers correctly with probability q and spreads 1 − q
 * evenly over the other Y − 1 options.
 */
import { AggregationError, describeValue } from '../errors.js';
import { assertMatrix, confidenceOf, resolveWorkerValues, type MissingSkillPolicy, type WorkerTable } from '../guards.js';
import { assertFinite, softmaxInPlace } from '../numeric.js';
import { argmaxWithTies, createRng, resolveSeed, resolveTiePolicy, TIE_RELATIVE_TOLERANCE } from '../ties.js';
import type { AggregationResult, CommonOptions, ResponseMatrix, TiePolicy } from '../types.js';

/** Default clamp: q is kept inside [1e-4, 1 − 1e-4]. */
export const DEFAULT_Q_EPSILON = 1e-4;

/** An extra pseudo-answer (Toloka's `baseline_solutions`): `weight` is used as q directly. */
export interface BaselineAnswer {
  readonly task: string;
  readonly label: string;
  /** Toloka's `confidence_weight`, in [0, 1]; default 1. */
  readonly weight?: number;
}

/** Options of {@link weightedDynamicOverlap}. */
export interface WeightedDynamicOverlapOptions extends CommonOptions {
  /** Worker → skill in [0, 100] (probability of a correct answer, in percent). */
  readonly skills: WorkerTable;
  /**
   * A worker missing from `skills`: `'error'` (default) throws
   * `MISSING_SKILL`; `'skip'` ignores their answers; `'default'` uses `defaultSkill`.
   */
  readonly missingSkill?: MissingSkillPolicy;
  /** Skill (0–100) of missing workers under `'default'`. */
  readonly defaultSkill?: number;
  /** q is clamped into [epsilon, 1 − epsilon] for the confidence; default 1e-4; must be in (0, 0.5). */
  readonly epsilon?: number;
  /** Extra weighted pseudo-answers per task (tasks not in the matrix are ignored). */
  readonly baseline?: readonly BaselineAnswer[];
}

/** {@link WeightedDynamicOverlapOptions} with defaults filled in. */
export interface ResolvedWeightedDynamicOverlapOptions {
  readonly ties: TiePolicy;
  readonly seed: number;
  readonly missingSkill: MissingSkillPolicy;
  readonly defaultSkill?: number;
  readonly epsilon: number;
  readonly baselineAnswers: number;
}

/** Worker parameters of {@link weightedDynamicOverlap}. */
export interface WeightedDynamicOverlapWorkers {
  /** q = skill / 100 per worker index (0 for skipped workers). */
  readonly q: Float64Array;
  /** 1 where the worker's answers were ignored (missing skill under `'skip'`). */
  readonly skipped: Uint8Array;
}

/** Result of {@link weightedDynamicOverlap}. */
export type WeightedDynamicOverlapResult = AggregationResult<
  WeightedDynamicOverlapWorkers,
  ResolvedWeightedDynamicOverlapOptions
>;

/**
 * Accumulates one task's evidence: `votes` (Σ q per label) and `logScores`
 * (log-likelihood per label up to a per-task constant).
 */
export class OneCoinTally {
  readonly votes: Float64Array;
  readonly logScores: Float64Array;
  private readonly contenders: Float64Array;
  private readonly nLabels: number;
  private readonly epsilon: number;

  constructor(nLabels: number, epsilon: number) {
    this.nLabels = nLabels;
    this.epsilon = epsilon;
    this.votes = new Float64Array(nLabels);
    this.logScores = new Float64Array(nLabels);
    this.contenders = new Float64Array(nLabels);
  }

  /** Forgets all answers. */
  reset(): void {
    this.votes.fill(0);
    this.logScores.fill(0);
  }

  /** Adds an answer `label` given with accuracy `q` (unclamped, in [0, 1]). */
  add(label: number, q: number): void {
    this.addWithLogRatio(label, q, this.logRatio(q));
  }

  /**
   * The evidence one answer of accuracy `q` adds to its label: every option
   * gets log((1 − q)/(Y − 1)) except the answered one, which gets log q, so
   * only the difference is added (q clamped to [ε, 1 − ε]; 0 when Y = 1).
   */
  logRatio(q: number): number {
    if (this.nLabels < 2) return 0;
    const clamped = Math.min(Math.max(q, this.epsilon), 1 - this.epsilon);
    return Math.log(clamped) - Math.log((1 - clamped) / (this.nLabels - 1));
  }

  /** {@link add} with `logRatio(q)` computed once per worker by the caller instead of once per answer. */
  addWithLogRatio(label: number, q: number, logRatio: number): void {
    this.votes[label] = (this.votes[label] as number) + q;
    this.logScores[label] = (this.logScores[label] as number) + logRatio;
  }

  /**
   * Writes the posterior over all options into `out[offset …]` and returns
   * the winner: largest Σ q; among equal sums the higher posterior; then `ties`.
   */
  resolve(out: Float64Array, offset: number, ties: TiePolicy, rng: () => number): number {
    const n = this.nLabels;
    for (let k = 0; k < n; k++) out[offset + k] = this.logScores[k] as number;
    softmaxInPlace(out, offset, n);
    let bestVote = -Infinity;
    for (let k = 0; k < n; k++) bestVote = Math.max(bestVote, this.votes[k] as number);
    const tolerance = TIE_RELATIVE_TOLERANCE * Math.max(Math.abs(bestVote), 1);
    const contenders = this.contenders;
    for (let k = 0; k < n; k++) {
      contenders[k] = bestVote - (this.votes[k] as number) <= tolerance ? (out[offset + k] as number) : -Infinity;
    }
    return argmaxWithTies(contenders, 0, n, ties, rng);
  }
}

function resolveEpsilon(epsilon: unknown): number {
  if (epsilon === undefined) return DEFAULT_Q_EPSILON;
  if (typeof epsilon !== 'number' || !(epsilon > 0 && epsilon < 0.5)) {
    throw new AggregationError('INVALID_OPTION', `epsilon must be a number in (0, 0.5), got ${describeValue(epsilon)}`, {
      option: 'epsilon',
    });
  }
  return epsilon;
}

function baselineByTask(
  matrix: ResponseMatrix,
  baseline: readonly BaselineAnswer[],
): Map<number, { label: number; q: number }[]> {
  const byTask = new Map<number, { label: number; q: number }[]>();
  // Without baseline answers, skip the task-id index (a Map over every task costs more than the aggregation).
  if (baseline.length === 0) return byTask;
  const taskIndex = new Map(matrix.taskIds.map((id, t) => [id, t]));
  const labelIndex = new Map(matrix.labelValues.map((value, k) => [value, k]));
  baseline.forEach((answer, i) => {
    const t = taskIndex.get(answer.task);
    if (t === undefined) return;
    const label = labelIndex.get(answer.label);
    if (label === undefined) {
      throw new AggregationError('UNKNOWN_LABEL', `baseline[${i}]: label ${JSON.stringify(answer.label)} is not a label option`, {
        index: i,
        label: answer.label,
      });
    }
    const q = answer.weight ?? 1;
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) {
      throw new AggregationError('INVALID_OPTION', `baseline[${i}].weight must be in [0, 1], got ${describeValue(q)}`, { index: i });
    }
    const list = byTask.get(t) ?? [];
    list.push({ label, q });
    byTask.set(t, list);
  });
  return byTask;
}

/**
 * Aggregation by skill (see the module comment). A task whose answers were
 * all skipped gets the uniform posterior and a label by the tie policy.
 * With Y = 1 the only option has confidence 1.
 */
export function weightedDynamicOverlap(
  matrix: ResponseMatrix,
  options: WeightedDynamicOverlapOptions,
): WeightedDynamicOverlapResult {
  assertMatrix(matrix, 'weighted-dynamic-overlap');
  if (typeof options !== 'object' || options === null || typeof options.skills !== 'object' || options.skills === null) {
    throw new AggregationError('INVALID_OPTION', 'weighted-dynamic-overlap needs `skills` (worker → 0..100)', { option: 'skills' });
  }
  const ties = resolveTiePolicy(options.ties);
  const seed = resolveSeed(options.seed);
  const epsilon = resolveEpsilon(options.epsilon);
  const missingSkill = options.missingSkill ?? 'error';
  if (!['error', 'skip', 'default'].includes(missingSkill)) {
    throw new AggregationError('INVALID_OPTION', `missingSkill must be 'error', 'skip' or 'default', got ${describeValue(missingSkill)}`);
  }
  const { values, known } = resolveWorkerValues(matrix, options.skills, {
    method: 'weighted-dynamic-overlap',
    missing: missingSkill,
    defaultValue: options.defaultSkill,
    min: 0,
    max: 100,
  });
  const q = values.map((skill) => skill / 100);
  const baseline = baselineByTask(matrix, options.baseline ?? []);
  const { nTasks, nLabels } = matrix;
  const posteriors = new Float64Array(nTasks * nLabels);
  const labels = new Int32Array(nTasks);
  const tally = new OneCoinTally(nLabels, epsilon);
  const logRatios = q.map((value) => tally.logRatio(value));
  const rng = createRng(seed);
  for (let t = 0; t < nTasks; t++) {
    tally.reset();
    for (let a = matrix.taskOffsets[t] as number; a < (matrix.taskOffsets[t + 1] as number); a++) {
      const w = matrix.answerWorker[a] as number;
      if (known[w] === 1) tally.addWithLogRatio(matrix.answerLabel[a] as number, q[w] as number, logRatios[w] as number);
    }
    const extras = baseline.get(t);
    if (extras !== undefined) for (const extra of extras) tally.add(extra.label, extra.q);
    labels[t] = tally.resolve(posteriors, t * nLabels, ties, rng);
  }
  const skipped = known.map((k) => 1 - k);
  const result: WeightedDynamicOverlapResult = {
    method: 'weighted-dynamic-overlap',
    labels,
    posteriors,
    confidence: confidenceOf(posteriors, labels, nLabels),
    workers: { q: q.map((value, w) => (known[w] === 1 ? value : 0)), skipped },
    iterations: 1,
    converged: true,
    lossHistory: [],
    options: {
      ties,
      seed,
      missingSkill,
      ...(options.defaultSkill !== undefined ? { defaultSkill: options.defaultSkill } : {}),
      epsilon,
      baselineAnswers: options.baseline?.length ?? 0,
    },
  };
  assertFinite(result.posteriors, 'posteriors');
  return result;
}
