import { AliasTable } from './alias.js';
import { Prng } from './prng.js';

/** Worker behaviours of the synthetic crowd, in the order used by `kindShares`. */
export const WORKER_KINDS = ['good', 'weak', 'spammer', 'biased'] as const;

/** One worker behaviour. */
export type WorkerKind = (typeof WORKER_KINDS)[number];

/** Everything that defines a synthetic case; the same spec always yields the same answers. */
export interface SyntheticSpec {
  /** Name printed in the tables. */
  readonly name: string;
  readonly nTasks: number;
  /** Distinct workers per task (overlap). */
  readonly answersPerTask: number;
  readonly nWorkers: number;
  readonly nClasses: number;
  readonly seed: number;
  /** Share of workers of each kind, in `WORKER_KINDS` order; sums to 1. */
  readonly kindShares: readonly [good: number, weak: number, spammer: number, biased: number];
  /** Pareto tail index of worker activity: smaller means a heavier tail. */
  readonly activityShape: number;
  /** Cap on one worker's share of all answers (keeps "distinct workers per task" cheap to draw). */
  readonly maxWorkerShare: number;
}

/**
 * A generated case in flat typed arrays (no per-row objects). Answers are
 * task-major: task t owns answers t·overlap … t·overlap + overlap − 1.
 */
export interface SyntheticCase extends SyntheticTruth {
  readonly spec: SyntheticSpec;
  readonly answerTask: Int32Array;
  readonly answerWorker: Int32Array;
  readonly answerLabel: Int32Array;
}

const SHARED_MIX = {
  answersPerTask: 5,
  nClasses: 5,
  kindShares: [0.7, 0.15, 0.1, 0.05],
  activityShape: 1.5,
  maxWorkerShare: 0.02,
} as const;

/** The 500k-answer case: 100,000 tasks × 5 answers, 2,000 workers, 5 classes. */
export const SYNTH_500K: SyntheticSpec = {
  ...SHARED_MIX,
  name: 'synth_100k',
  nTasks: 100_000,
  nWorkers: 2_000,
  seed: 20_261_201,
};

/** The 10M-answer case: 2,000,000 tasks × 5 answers, 40,000 workers, same mix. */
export const SYNTH_10M: SyntheticSpec = {
  ...SHARED_MIX,
  name: 'synth_2m',
  nTasks: 2_000_000,
  nWorkers: 40_000,
  seed: 20_261_202,
};

/** Receives each generated answer, in task-major order (task ids ascend from 0). */
export type AnswerSink = (task: number, worker: number, label: number) => void;

/** The parts of a case that are not answers. */
export interface SyntheticTruth {
  /** True class of each task (every task is golden). */
  readonly truth: Int32Array;
  /** Index into `WORKER_KINDS` per worker. */
  readonly workerKind: Uint8Array;
  /** Class prior the true labels were drawn from. */
  readonly classPrior: Float64Array;
  /** Cumulative confusion rows: entry ((w·K + true)·K + observed) = P(answer ≤ observed | true). */
  readonly cumulativeConfusion: Float64Array;
}

/**
 * Generates a case from its spec, deterministically, handing each answer to
 * `sink` as dense integers (no per-answer objects): the way to stream a huge
 * case straight into a matrix builder.
 */
export function streamSynthetic(spec: SyntheticSpec, sink: AnswerSink): SyntheticTruth {
  validateSpec(spec);
  const rng = new Prng(spec.seed);
  const K = spec.nClasses;
  const classPrior = decayingPrior(K);
  const workerKind = assignKinds(spec, rng);
  const cumulative = confusionTables(workerKind, K, rng);
  const activity = new AliasTable(activityWeights(spec, rng));
  const priorTable = new AliasTable(classPrior);

  const { nTasks, answersPerTask } = spec;
  const truth = new Int32Array(nTasks);
  const chosen = new Int32Array(answersPerTask);
  for (let t = 0; t < nTasks; t++) {
    const trueClass = priorTable.sample(rng);
    truth[t] = trueClass;
    let n = 0;
    while (n < answersPerTask) {
      const w = activity.sample(rng);
      if (isAmong(chosen, n, w)) continue;
      chosen[n++] = w;
      sink(t, w, drawRow(cumulative, (w * K + trueClass) * K, K, rng.float()));
    }
  }
  return { truth, workerKind, classPrior, cumulativeConfusion: cumulative };
}

/** Generates a case into flat typed arrays. */
export function generateSynthetic(spec: SyntheticSpec): SyntheticCase {
  const nAnswers = spec.nTasks * spec.answersPerTask;
  const answerTask = new Int32Array(nAnswers);
  const answerWorker = new Int32Array(nAnswers);
  const answerLabel = new Int32Array(nAnswers);
  let a = 0;
  const rest = streamSynthetic(spec, (task, worker, label) => {
    answerTask[a] = task;
    answerWorker[a] = worker;
    answerLabel[a] = label;
    a++;
  });
  return { spec, ...rest, answerTask, answerWorker, answerLabel };
}

function validateSpec(spec: SyntheticSpec): void {
  const problems: string[] = [];
  if (!(spec.nClasses >= 2)) problems.push('nClasses must be ≥ 2');
  if (!(spec.answersPerTask >= 1)) problems.push('answersPerTask must be ≥ 1');
  if (spec.answersPerTask * spec.maxWorkerShare > 0.5) problems.push('answersPerTask × maxWorkerShare must be ≤ 0.5');
  if (spec.answersPerTask > spec.nWorkers) problems.push('answersPerTask must not exceed nWorkers');
  if (Math.abs(spec.kindShares.reduce((s, x) => s + x, 0) - 1) > 1e-9) problems.push('kindShares must sum to 1');
  if (!(spec.activityShape > 1)) problems.push('activityShape must be > 1');
  if (problems.length > 0) throw new RangeError(`synthetic spec ${spec.name}: ${problems.join('; ')}`);
}

/** Class k has weight 0.8^k: mildly unbalanced classes. */
function decayingPrior(K: number): Float64Array {
  const prior = new Float64Array(K);
  let total = 0;
  for (let k = 0; k < K; k++) total += prior[k] = 0.8 ** k;
  for (let k = 0; k < K; k++) prior[k] = (prior[k] ?? 0) / total;
  return prior;
}

/** Exact kind counts from the shares (rounded), shuffled so kind is independent of activity. */
function assignKinds(spec: SyntheticSpec, rng: Prng): Uint8Array {
  const kinds = new Uint8Array(spec.nWorkers);
  let filled = 0;
  spec.kindShares.forEach((share, kind) => {
    const count = kind === spec.kindShares.length - 1 ? spec.nWorkers - filled : Math.round(share * spec.nWorkers);
    kinds.fill(kind, filled, filled + count);
    filled += count;
  });
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = kinds[i] ?? 0;
    kinds[i] = kinds[j] ?? 0;
    kinds[j] = tmp;
  }
  return kinds;
}

/**
 * Per-worker confusion matrices, stored as cumulative rows: entry
 * ((w·K + true)·K + observed). Good workers answer right 65–90 % of the time,
 * weak ones 30–50 %, spammers uniformly at random, biased ones pick their
 * favourite class 40–70 % of the time and otherwise answer like good workers.
 * Errors are spread over the other classes with per-worker random weights.
 */
function confusionTables(workerKind: Uint8Array, K: number, rng: Prng): Float64Array {
  const table = new Float64Array(workerKind.length * K * K);
  const row = new Float64Array(K);
  for (let w = 0; w < workerKind.length; w++) {
    const kind = WORKER_KINDS[workerKind[w] ?? 0];
    const favourite = rng.int(K);
    const bias = kind === 'biased' ? rng.uniform(0.4, 0.7) : 0;
    const accuracy = kind === 'weak' ? rng.uniform(0.3, 0.5) : rng.uniform(0.65, 0.9);
    for (let c = 0; c < K; c++) {
      if (kind === 'spammer') {
        row.fill(1 / K);
      } else {
        errorRow(row, c, accuracy, rng);
        if (bias > 0) {
          for (let k = 0; k < K; k++) row[k] = (1 - bias) * (row[k] ?? 0);
          row[favourite] = (row[favourite] ?? 0) + bias;
        }
      }
      let sum = 0;
      const base = (w * K + c) * K;
      for (let k = 0; k < K; k++) table[base + k] = sum += row[k] ?? 0;
      table[base + K - 1] = 1;
    }
  }
  return table;
}

function errorRow(row: Float64Array, correct: number, accuracy: number, rng: Prng): void {
  let spread = 0;
  for (let k = 0; k < row.length; k++) {
    row[k] = k === correct ? 0 : rng.uniform(0.5, 1.5);
    spread += row[k] ?? 0;
  }
  for (let k = 0; k < row.length; k++) row[k] = k === correct ? accuracy : ((1 - accuracy) * (row[k] ?? 0)) / spread;
}

/** Pareto(shape) activity weights, capped at `maxWorkerShare` of the total. */
function activityWeights(spec: SyntheticSpec, rng: Prng): Float64Array {
  const weights = new Float64Array(spec.nWorkers);
  let total = 0;
  for (let w = 0; w < weights.length; w++) total += weights[w] = (1 - rng.float()) ** (-1 / spec.activityShape);
  const cap = spec.maxWorkerShare * total;
  for (let w = 0; w < weights.length; w++) weights[w] = Math.min(weights[w] ?? 0, cap);
  return weights;
}

function isAmong(values: Int32Array, count: number, value: number): boolean {
  for (let i = 0; i < count; i++) if (values[i] === value) return true;
  return false;
}

function drawRow(cumulative: Float64Array, base: number, K: number, u: number): number {
  for (let k = 0; k < K - 1; k++) if (u < (cumulative[base + k] ?? 1)) return k;
  return K - 1;
}
