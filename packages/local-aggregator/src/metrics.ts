/**
 * Quality measures: accuracy against golden labels, per-task uncertainty and
 * Krippendorff's alpha (nominal).
 */
import { AggregationError } from './errors.js';
import { assertMatrix, lookupWorker, type WorkerTable } from './guards.js';
import type { AggregationResult, ResponseMatrix } from './types.js';

/** Per-class figures of {@link accuracy}. */
export interface ClassReport {
  readonly label: string;
  /** Correct predictions of this label / predictions of it among golden tasks (0 when never predicted). */
  readonly precision: number;
  /** Correct predictions of this label / golden tasks with this label (0 without support). */
  readonly recall: number;
  /** Golden tasks with this label. */
  readonly support: number;
}

/** Output of {@link accuracy}. */
export interface AccuracyReport {
  readonly accuracy: number;
  readonly correct: number;
  readonly total: number;
  readonly perClass: ClassReport[];
}

function goldenColumn(matrix: ResponseMatrix, golden?: ReadonlyMap<string, string> | Readonly<Record<string, string>>): Int32Array {
  if (golden === undefined) {
    if (matrix.golden === undefined) {
      throw new AggregationError('INVALID_INPUT', 'accuracy needs golden labels: pass a map or build the matrix with { golden }');
    }
    return matrix.golden;
  }
  const labelIndex = new Map(matrix.labelValues.map((value, k) => [value, k]));
  const column = new Int32Array(matrix.nTasks).fill(-1);
  const lookup = (task: string): string | undefined => {
    if (golden instanceof Map) return (golden as ReadonlyMap<string, string>).get(task);
    return Object.prototype.hasOwnProperty.call(golden, task) ? (golden as Record<string, string>)[task] : undefined;
  };
  matrix.taskIds.forEach((task, t) => {
    const label = lookup(task);
    if (label === undefined) return;
    // A golden label outside the options can never be predicted: it counts as a miss.
    column[t] = labelIndex.get(label) ?? matrix.nLabels;
  });
  return column;
}

/**
 * Accuracy of `result` on the golden tasks (from `golden`, else
 * `matrix.golden`), with per-class precision and recall. Throws
 * `INVALID_INPUT` when no task has a golden label.
 */
export function accuracy(
  matrix: ResponseMatrix,
  result: AggregationResult,
  golden?: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): AccuracyReport {
  const column = goldenColumn(matrix, golden);
  if (result.labels.length !== matrix.nTasks) {
    throw new AggregationError('LENGTH_MISMATCH', `the result has ${result.labels.length} labels, the matrix ${matrix.nTasks} tasks`);
  }
  const K = matrix.nLabels;
  const predicted = new Float64Array(K);
  const supported = new Float64Array(K);
  const hits = new Float64Array(K);
  let correct = 0;
  let total = 0;
  for (let t = 0; t < matrix.nTasks; t++) {
    const g = column[t] as number;
    if (g < 0) continue;
    const p = result.labels[t] as number;
    total++;
    predicted[p] = (predicted[p] as number) + 1;
    if (g < K) supported[g] = (supported[g] as number) + 1;
    if (p === g) {
      correct++;
      hits[p] = (hits[p] as number) + 1;
    }
  }
  if (total === 0) throw new AggregationError('INVALID_INPUT', 'no task of the matrix has a golden label');
  const perClass = matrix.labelValues.map((label, k) => ({
    label,
    precision: (predicted[k] as number) > 0 ? (hits[k] as number) / (predicted[k] as number) : 0,
    recall: (supported[k] as number) > 0 ? (hits[k] as number) / (supported[k] as number) : 0,
    support: supported[k] as number,
  }));
  return { accuracy: correct / total, correct, total, perClass };
}

/** Entropy (nats) of `row[offset … offset+n-1]`, 0·log 0 = 0. */
function entropy(row: ArrayLike<number>, offset: number, n: number): number {
  let h = 0;
  for (let k = 0; k < n; k++) {
    const p = row[offset + k] as number;
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}

/**
 * Per-task uncertainty of a result: the entropy of its posterior row divided
 * by log(nLabels), in [0, 1] (0 = certain, 1 = uniform; 0 when nLabels = 1).
 */
export function uncertainty(result: AggregationResult): Float64Array {
  const nTasks = result.labels.length;
  const K = nTasks > 0 ? result.posteriors.length / nTasks : 0;
  const out = new Float64Array(nTasks);
  if (K < 2) return out;
  const scale = Math.log(K);
  for (let t = 0; t < nTasks; t++) out[t] = Math.min(1, Math.max(0, entropy(result.posteriors, t * K, K) / scale));
  return out;
}

/**
 * Crowd-Kit's `uncertainty` per task: each answer spreads probability s_w on
 * its label and (1 − s_w)/(K − 1) on each other one; the per-answer
 * distributions are summed (not multiplied), normalised, and the entropy in
 * nats is returned. Skills are accuracies in [0, 1]; without a table every
 * worker has skill 1 (the entropy of the vote shares). Workers missing from
 * the table count with skill 1.
 */
export function crowdkitUncertainty(matrix: ResponseMatrix, skills?: WorkerTable): Float64Array {
  assertMatrix(matrix, 'crowdkitUncertainty');
  const K = matrix.nLabels;
  const mass = new Float64Array(K);
  const out = new Float64Array(matrix.nTasks);
  const skillOf = new Float64Array(matrix.nWorkers).fill(1);
  if (skills !== undefined) {
    matrix.workerIds.forEach((worker, w) => {
      const s = lookupWorker(skills, worker);
      if (s === undefined) return;
      if (!Number.isFinite(s) || s < 0 || s > 1) {
        throw new AggregationError('INVALID_OPTION', `skill of worker ${worker} must be in [0, 1], got ${s}`, { worker });
      }
      skillOf[w] = s;
    });
  }
  for (let t = 0; t < matrix.nTasks; t++) {
    mass.fill(0);
    let total = 0;
    for (let a = matrix.taskOffsets[t] as number; a < (matrix.taskOffsets[t + 1] as number); a++) {
      const s = skillOf[matrix.answerWorker[a] as number] as number;
      const other = K > 1 ? (1 - s) / (K - 1) : 0;
      for (let k = 0; k < K; k++) mass[k] = (mass[k] as number) + other;
      const label = matrix.answerLabel[a] as number;
      mass[label] = (mass[label] as number) + s - other;
      total += K > 1 ? 1 : s;
    }
    for (let k = 0; k < K; k++) mass[k] = (mass[k] as number) / total;
    out[t] = entropy(mass, 0, K);
  }
  return out;
}

/**
 * Krippendorff's alpha for nominal data (binary distance) over the matrix's
 * tasks: 1 − D_o / D_e, using only tasks with at least two answers. Returns 1
 * when there is no disagreement at all (including D_e = 0); throws
 * `INVALID_INPUT` when no task has two answers.
 */
export function krippendorffAlpha(matrix: ResponseMatrix): number {
  assertMatrix(matrix, 'krippendorffAlpha');
  const K = matrix.nLabels;
  const classTotals = new Float64Array(K);
  const counts = new Float64Array(K);
  let pairable = 0;
  let observed = 0;
  for (let t = 0; t < matrix.nTasks; t++) {
    const start = matrix.taskOffsets[t] as number;
    const m = (matrix.taskOffsets[t + 1] as number) - start;
    if (m < 2) continue;
    counts.fill(0);
    for (let a = start; a < start + m; a++) {
      const label = matrix.answerLabel[a] as number;
      counts[label] = (counts[label] as number) + 1;
    }
    let same = 0;
    for (let k = 0; k < K; k++) {
      const c = counts[k] as number;
      same += c * c;
      classTotals[k] = (classTotals[k] as number) + c;
    }
    // Ordered pairs of different values within the unit, weighted 1/(m − 1).
    observed += (m * m - same) / (m - 1);
    pairable += m;
  }
  if (pairable === 0) throw new AggregationError('INVALID_INPUT', "Krippendorff's alpha needs a task with at least two answers");
  let sameTotal = 0;
  for (let k = 0; k < K; k++) sameTotal += (classTotals[k] as number) ** 2;
  const disagreementObserved = observed / pairable;
  const disagreementExpected = (pairable * pairable - sameTotal) / (pairable * (pairable - 1));
  if (disagreementObserved === 0 || disagreementExpected === 0) return 1;
  return 1 - disagreementObserved / disagreementExpected;
}
