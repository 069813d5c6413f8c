/**
 * Using stored worker parameters on new answers without refitting:
 * {@link predictWithWorkers} (one Dawid-Skene E-step, or aggregation by
 * skill) and the dynamic-overlap advisor {@link adviseOverlap}.
 */
import { AggregationError, describeValue } from './errors.js';
import { assertMatrix, confidenceOf, lookupWorkerRow, type MissingSkillPolicy, type WorkerRows, type WorkerTable } from './guards.js';
import { dawidSkeneEStep, type DawidSkeneResult } from './methods/dawid-skene.js';
import {
  DEFAULT_Q_EPSILON,
  OneCoinTally,
  weightedDynamicOverlap,
  type WeightedDynamicOverlapResult,
} from './methods/weighted-dynamic-overlap.js';
import { assertFinite, safeLog } from './numeric.js';
import { argmaxWithTies, createRng, resolveSeed, resolveTiePolicy } from './ties.js';
import type { AggregationResult, CommonOptions, ResponseMatrix, TiePolicy } from './types.js';

/** Fitted Dawid-Skene parameters keyed by external ids (JSON-friendly). */
export interface DawidSkeneParams {
  /** Label order of `priors` and of every confusion matrix. */
  readonly labels: readonly string[];
  /** Class priors, one per label. */
  readonly priors: ArrayLike<number>;
  /** Worker id → K×K confusion, `[observed * K + true]`. */
  readonly confusion: WorkerRows;
}

/** Stored parameters of a {@link dawidSkene} fit, keyed by worker id, for {@link predictWithWorkers}. */
export function dawidSkeneParams(matrix: ResponseMatrix, result: DawidSkeneResult): DawidSkeneParams {
  const K = matrix.nLabels;
  const confusion: Record<string, number[]> = {};
  matrix.workerIds.forEach((worker, w) => {
    confusion[worker] = Array.from(result.workers.confusion.subarray(w * K * K, (w + 1) * K * K));
  });
  return { labels: [...matrix.labelValues], priors: Array.from(result.workers.priors), confusion };
}

/** What {@link predictWithWorkers} does with a worker the parameters do not know. */
export type UnknownWorkerPolicy =
  /** Use the mean confusion matrix of the known workers (default). */
  | 'mean'
  /** Ignore the worker's answers. */
  | 'skip'
  /** Throw `UNKNOWN_WORKER`. */
  | 'error';

/** Parameters for {@link predictWithWorkers}. */
export type StoredWorkerParams =
  | ({ readonly type: 'dawid-skene'; readonly unknownWorkers?: UnknownWorkerPolicy } & DawidSkeneParams)
  | {
      readonly type: 'skills';
      /** Worker → skill 0..100, as {@link weightedDynamicOverlap}. */
      readonly skills: WorkerTable;
      readonly missingSkill?: MissingSkillPolicy;
      readonly defaultSkill?: number;
      readonly epsilon?: number;
    };

/** Worker parameters reported by a Dawid-Skene prediction. */
export interface PredictedWorkers {
  /** 1 where the worker's confusion came from the stored parameters, 0 for a fallback or skipped worker. */
  readonly known: Uint8Array;
}

/** Maps each matrix label to its index in `labels`; the two sets must be equal. */
function alignLabels(matrix: ResponseMatrix, labels: readonly string[]): Int32Array {
  if (labels.length !== matrix.nLabels) {
    throw new AggregationError(
      'LENGTH_MISMATCH',
      `the parameters have ${labels.length} labels, the matrix ${matrix.nLabels}; build the matrix with { labels: params.labels }`,
      { expected: labels.length, actual: matrix.nLabels },
    );
  }
  const index = new Map(labels.map((label, k) => [label, k]));
  const map = new Int32Array(matrix.nLabels);
  matrix.labelValues.forEach((label, k) => {
    const at = index.get(label);
    if (at === undefined) {
      throw new AggregationError('UNKNOWN_LABEL', `label ${JSON.stringify(label)} is not in the stored parameters`, { label });
    }
    map[k] = at;
  });
  return map;
}

function predictDawidSkene(
  matrix: ResponseMatrix,
  params: Extract<StoredWorkerParams, { type: 'dawid-skene' }>,
  ties: TiePolicy,
  seed: number,
): AggregationResult<PredictedWorkers, Record<string, unknown>> {
  assertMatrix(matrix, 'predictWithWorkers', 2);
  const K = matrix.nLabels;
  const map = alignLabels(matrix, params.labels);
  if (params.priors.length !== K) {
    throw new AggregationError('LENGTH_MISMATCH', `priors has ${params.priors.length} entries, expected ${K}`);
  }
  const policy = params.unknownWorkers ?? 'mean';
  const logPriors = new Float64Array(K);
  for (let c = 0; c < K; c++) logPriors[c] = safeLog(params.priors[map[c] as number] as number);
  // Confusions re-indexed to the matrix's label order.
  const confusion = new Float64Array(matrix.nWorkers * K * K);
  const known = new Uint8Array(matrix.nWorkers);
  const mean = new Float64Array(K * K);
  let nKnown = 0;
  for (let w = 0; w < matrix.nWorkers; w++) {
    const given = lookupWorkerRow(params.confusion, matrix.workerIds[w] as string);
    if (given === undefined) continue;
    if (given.length !== K * K) {
      throw new AggregationError('LENGTH_MISMATCH', `confusion of worker ${matrix.workerIds[w]} has ${given.length} entries, expected ${K * K}`);
    }
    for (let k = 0; k < K; k++) {
      for (let c = 0; c < K; c++) {
        const v = given[(map[k] as number) * K + (map[c] as number)] as number;
        if (!Number.isFinite(v) || v < 0) {
          throw new AggregationError('INVALID_OPTION', `confusion of worker ${matrix.workerIds[w]} has an invalid entry ${describeValue(v)}`);
        }
        confusion[(w * K + k) * K + c] = v;
        mean[k * K + c] = (mean[k * K + c] as number) + v;
      }
    }
    known[w] = 1;
    nKnown++;
  }
  const logErrors = new Float64Array(confusion.length);
  // A skipped worker's answers add the same constant to every label: a zero log row has no effect.
  for (let w = 0; w < matrix.nWorkers; w++) {
    const block = w * K * K;
    if (known[w] === 0) {
      if (policy === 'error') {
        throw new AggregationError('UNKNOWN_WORKER', `worker ${matrix.workerIds[w]} has no stored confusion matrix`, {
          worker: matrix.workerIds[w],
        });
      }
      if (policy === 'skip' || nKnown === 0) continue;
      for (let i = 0; i < K * K; i++) logErrors[block + i] = safeLog((mean[i] as number) / nKnown);
    } else {
      for (let i = 0; i < K * K; i++) logErrors[block + i] = safeLog(confusion[block + i] as number);
    }
  }
  const posteriors = new Float64Array(matrix.nTasks * K);
  const logLikelihood = dawidSkeneEStep(matrix, logPriors, logErrors, posteriors);
  const rng = createRng(seed);
  const labels = new Int32Array(matrix.nTasks);
  for (let t = 0; t < matrix.nTasks; t++) labels[t] = argmaxWithTies(posteriors, t * K, K, ties, rng);
  assertFinite(posteriors, 'posteriors');
  return {
    method: 'dawid-skene',
    labels,
    posteriors,
    confidence: confidenceOf(posteriors, labels, K),
    workers: { known },
    iterations: 1,
    converged: true,
    lossHistory: [logLikelihood / matrix.nAnswers],
    options: { ties, seed, unknownWorkers: policy },
  };
}

/**
 * Aggregates `matrix` with stored worker parameters, without refitting:
 * one Dawid-Skene E-step (the matrix's label set must equal `params.labels`;
 * unknown workers per `unknownWorkers`, default the mean confusion of the
 * known workers), or aggregation by skill (`type: 'skills'`).
 */
export function predictWithWorkers(
  matrix: ResponseMatrix,
  params: StoredWorkerParams,
  options: CommonOptions = {},
): AggregationResult<PredictedWorkers, Record<string, unknown>> | WeightedDynamicOverlapResult {
  const ties = resolveTiePolicy(options.ties);
  const seed = resolveSeed(options.seed);
  if (params.type === 'skills') {
    return weightedDynamicOverlap(matrix, {
      skills: params.skills,
      ties,
      seed,
      ...(params.missingSkill !== undefined ? { missingSkill: params.missingSkill } : {}),
      ...(params.defaultSkill !== undefined ? { defaultSkill: params.defaultSkill } : {}),
      ...(params.epsilon !== undefined ? { epsilon: params.epsilon } : {}),
    });
  }
  if (params.type === 'dawid-skene') return predictDawidSkene(matrix, params, ties, seed);
  throw new AggregationError('INVALID_OPTION', `params.type must be 'dawid-skene' or 'skills', got ${describeValue((params as { type: unknown }).type)}`);
}

/** Input of {@link adviseOverlap}: one task's answers so far. */
export interface OverlapAdviceInput {
  /** Answers with the worker's skill (0..100). */
  readonly answers: readonly { readonly label: string; readonly skill: number }[];
  /** The option list, or just their number Y. */
  readonly options: readonly string[] | number;
  /** Target confidence in [0, 1] (Toloka's `min_confidence`). */
  readonly minConfidence: number;
  /** Toloka's `max_overlap`; no cap when omitted. */
  readonly maxOverlap?: number;
  /** Overlap already reached; default `answers.length`. */
  readonly currentOverlap?: number;
  /** q clamp as in {@link weightedDynamicOverlap}; default 1e-4. */
  readonly epsilon?: number;
}

/** Why {@link adviseOverlap} decided as it did. */
export type OverlapReason = 'confidence-reached' | 'max-overlap-reached' | 'below-min-confidence' | 'no-answers';

/** Output of {@link adviseOverlap}. */
export interface OverlapAdvice {
  /** Whether one more answer should be collected. */
  readonly needMore: boolean;
  /** Current aggregated label (null without answers). */
  readonly label: string | null;
  /** Its confidence (1/Y without answers). */
  readonly confidence: number;
  readonly reason: OverlapReason;
}

function checkRange(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new AggregationError('INVALID_OPTION', `${name} must be a number in [${min}, ${max}], got ${describeValue(value)}`, {
      option: name,
    });
  }
  return value;
}

/**
 * Toloka's dynamic-overlap rule for one task: aggregate the answers by skill
 * (as {@link weightedDynamicOverlap}) and ask for another answer unless the
 * confidence reached `minConfidence` or the overlap reached `maxOverlap`.
 */
export function adviseOverlap(input: OverlapAdviceInput): OverlapAdvice {
  const minConfidence = checkRange('minConfidence', input.minConfidence, 0, 1);
  const listed = typeof input.options === 'number' ? undefined : input.options;
  const Y = listed === undefined ? checkRange('options', input.options, 1, Number.MAX_SAFE_INTEGER) : listed.length;
  if (!Number.isInteger(Y) || Y < 1) throw new AggregationError('INVALID_OPTION', `options must name at least one option`);
  const overlap = input.currentOverlap ?? input.answers.length;
  checkRange('currentOverlap', overlap, 0, Number.MAX_SAFE_INTEGER);
  if (input.maxOverlap !== undefined) checkRange('maxOverlap', input.maxOverlap, 1, Number.MAX_SAFE_INTEGER);
  const epsilon = input.epsilon ?? DEFAULT_Q_EPSILON;
  const capped = input.maxOverlap !== undefined && overlap >= input.maxOverlap;
  if (input.answers.length === 0) {
    return { needMore: !capped, label: null, confidence: 1 / Y, reason: capped ? 'max-overlap-reached' : 'no-answers' };
  }
  const names: string[] = listed === undefined ? [] : [...listed];
  const index = new Map(names.map((name, k) => [name, k]));
  const tally = new OneCoinTally(Y, epsilon);
  input.answers.forEach((answer, i) => {
    let k = index.get(answer.label);
    if (k === undefined) {
      if (listed !== undefined || names.length >= Y) {
        throw new AggregationError('UNKNOWN_LABEL', `answers[${i}]: label ${JSON.stringify(answer.label)} is not one of the ${Y} options`, {
          index: i,
          label: answer.label,
        });
      }
      k = names.length;
      names.push(answer.label);
      index.set(answer.label, k);
    }
    tally.add(k, checkRange(`answers[${i}].skill`, answer.skill, 0, 100) / 100);
  });
  const posterior = new Float64Array(Y);
  const winner = tally.resolve(posterior, 0, 'first', createRng(0));
  const confidence = posterior[winner] as number;
  const label = names[winner] ?? null;
  if (confidence >= minConfidence) return { needMore: false, label, confidence, reason: 'confidence-reached' };
  if (capped) return { needMore: false, label, confidence, reason: 'max-overlap-reached' };
  return { needMore: true, label, confidence, reason: 'below-min-confidence' };
}
