/**
 * Input checks shared by the methods, and the small steps every method ends
 * with (label choice, confidence).
 */
import { AggregationError, describeValue } from './errors.js';
import { argmaxWithTies, type Rng } from './ties.js';
import type { ResponseMatrix, TiePolicy } from './types.js';

/**
 * Checks that `matrix` is non-empty, internally consistent and has at least
 * `minLabels` label options; throws `EMPTY_MATRIX`, `LENGTH_MISMATCH` or
 * `SINGLE_CLASS`.
 */
export function assertMatrix(matrix: ResponseMatrix, method: string, minLabels = 1): void {
  if (matrix.nAnswers === 0 || matrix.nTasks === 0) {
    throw new AggregationError('EMPTY_MATRIX', `${method}: the matrix has no answers`, { method });
  }
  const n = matrix.nAnswers;
  const mismatched =
    matrix.answerTask.length !== n ||
    matrix.answerWorker.length !== n ||
    matrix.answerLabel.length !== n ||
    matrix.workerAnswers.length !== n ||
    matrix.taskOffsets.length !== matrix.nTasks + 1 ||
    matrix.workerOffsets.length !== matrix.nWorkers + 1 ||
    matrix.taskOffsets[matrix.nTasks] !== n ||
    matrix.taskIds.length !== matrix.nTasks ||
    matrix.workerIds.length !== matrix.nWorkers ||
    matrix.labelValues.length !== matrix.nLabels ||
    (matrix.golden !== undefined && matrix.golden.length !== matrix.nTasks);
  if (mismatched) {
    throw new AggregationError('LENGTH_MISMATCH', `${method}: the matrix's arrays have inconsistent lengths`, { method });
  }
  if (matrix.nLabels < minLabels) {
    throw new AggregationError(
      'SINGLE_CLASS',
      `${method} needs at least ${minLabels} label options, the matrix has ${matrix.nLabels}`,
      { method, nLabels: matrix.nLabels },
    );
  }
}

/** Worker → number, as a Map or a plain object. */
export type WorkerTable = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

/** Looks a worker up in a {@link WorkerTable}. */
export function lookupWorker(table: WorkerTable, worker: string): number | undefined {
  if (table instanceof Map) return (table as ReadonlyMap<string, number>).get(worker);
  return Object.prototype.hasOwnProperty.call(table, worker) ? (table as Record<string, number>)[worker] : undefined;
}

/** What to do with a worker missing from a skills table. */
export type MissingSkillPolicy = 'error' | 'skip' | 'default';

/**
 * Per-worker values from a table, in dense worker order. `known[w]` is 0 for
 * a worker skipped under the `'skip'` policy. Values must be finite and
 * inside [min, max]; extra workers in the table are ignored.
 */
export function resolveWorkerValues(
  matrix: ResponseMatrix,
  table: WorkerTable,
  options: {
    readonly method: string;
    readonly missing: MissingSkillPolicy;
    readonly defaultValue?: number | undefined;
    readonly min?: number;
    readonly max?: number;
  },
): { values: Float64Array; known: Uint8Array } {
  const { method, missing, defaultValue, min = -Infinity, max = Infinity } = options;
  const check = (value: number, worker: string): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new AggregationError('INVALID_OPTION', `${method}: skill of worker ${worker} must be a finite number in [${min}, ${max}], got ${describeValue(value)}`, {
        method,
        worker,
        value,
      });
    }
    return value;
  };
  if (missing === 'default' && defaultValue === undefined) {
    throw new AggregationError('INVALID_OPTION', `${method}: the 'default' missing-skill policy needs a default skill`, { method });
  }
  const values = new Float64Array(matrix.nWorkers);
  const known = new Uint8Array(matrix.nWorkers);
  for (let w = 0; w < matrix.nWorkers; w++) {
    const worker = matrix.workerIds[w] as string;
    const value = lookupWorker(table, worker);
    if (value !== undefined) {
      values[w] = check(value, worker);
      known[w] = 1;
    } else if (missing === 'default') {
      values[w] = check(defaultValue as number, worker);
      known[w] = 1;
    } else if (missing === 'error') {
      throw new AggregationError('MISSING_SKILL', `${method}: worker ${worker} has no skill`, { method, worker });
    }
  }
  return { values, known };
}

/** Label per task: the best of each row of `scores` (nTasks × nLabels), ties by policy. */
export function chooseLabels(
  scores: Float64Array,
  nTasks: number,
  nLabels: number,
  ties: TiePolicy,
  rng: Rng,
): Int32Array {
  const labels = new Int32Array(nTasks);
  for (let t = 0; t < nTasks; t++) labels[t] = argmaxWithTies(scores, t * nLabels, nLabels, ties, rng);
  return labels;
}

/** Posterior of the chosen label per task. */
export function confidenceOf(posteriors: Float64Array, labels: Int32Array, nLabels: number): Float64Array {
  const confidence = new Float64Array(labels.length);
  for (let t = 0; t < labels.length; t++) confidence[t] = posteriors[t * nLabels + (labels[t] as number)] as number;
  return confidence;
}

/** Share of each worker's answers that equal the task's chosen label. */
export function workerAgreement(matrix: ResponseMatrix, labels: Int32Array): Float64Array {
  const { nTasks, nWorkers, taskOffsets, answerWorker, answerLabel, workerOffsets } = matrix;
  const agreement = new Float64Array(nWorkers);
  for (let t = 0; t < nTasks; t++) {
    const chosen = labels[t] as number;
    const end = taskOffsets[t + 1] as number;
    for (let a = taskOffsets[t] as number; a < end; a++) {
      if (answerLabel[a] === chosen) {
        const w = answerWorker[a] as number;
        agreement[w] = (agreement[w] as number) + 1;
      }
    }
  }
  for (let w = 0; w < nWorkers; w++) {
    const answers = (workerOffsets[w + 1] as number) - (workerOffsets[w] as number);
    agreement[w] = answers > 0 ? (agreement[w] as number) / answers : 0;
  }
  return agreement;
}

/** Worker → numeric array (e.g. a flattened confusion matrix), as a Map or a plain object. */
export type WorkerRows = ReadonlyMap<string, ArrayLike<number>> | Readonly<Record<string, ArrayLike<number>>>;

/** Looks a worker up in a {@link WorkerRows} table. */
export function lookupWorkerRow(table: WorkerRows, worker: string): ArrayLike<number> | undefined {
  if (table instanceof Map) return (table as ReadonlyMap<string, ArrayLike<number>>).get(worker);
  return Object.prototype.hasOwnProperty.call(table, worker)
    ? (table as Record<string, ArrayLike<number>>)[worker]
    : undefined;
}
