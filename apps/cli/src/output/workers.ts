import { writeFileSync } from 'node:fs';
import type { AggregationResult, ResponseMatrix } from '@crowdagg/local-aggregator';
import { CliError } from '../cli/errors.js';
import { delimitedLine } from './formats.js';

type NumberArray = ArrayLike<number>;

function isNumberArray(value: unknown): value is NumberArray {
  return ArrayBuffer.isView(value) || (Array.isArray(value) && value.every((v) => typeof v === 'number'));
}

/** One worker parameter, sliced out of the method's per-worker arrays. */
interface WorkerParameter {
  readonly name: string;
  /** Values per worker: 1 (a scalar), L (a vector over labels) or L×L (a matrix). */
  readonly width: number;
  readonly values: NumberArray;
}

/**
 * Splits a method's `workers` object into per-worker parameters (arrays of
 * length nWorkers × k with k = 1, L or L², names with "prior" excepted) and
 * global ones: per-task arrays (length nTasks, e.g. GLAD's difficulties) keyed
 * by task id, anything else as it is.
 */
function splitParameters(matrix: ResponseMatrix, workers: unknown): { perWorker: WorkerParameter[]; global: Record<string, unknown> } {
  const perWorker: WorkerParameter[] = [];
  const global: Record<string, unknown> = {};
  if (typeof workers !== 'object' || workers === null) return { perWorker, global };
  const { nWorkers, nTasks, nLabels } = matrix;
  const widths = [1, nLabels, nLabels * nLabels];
  for (const [name, value] of Object.entries(workers)) {
    if (!isNumberArray(value)) {
      global[name] = value;
      continue;
    }
    const width = nWorkers > 0 ? value.length / nWorkers : 0;
    if (!/prior/i.test(name) && widths.includes(width)) {
      perWorker.push({ name, width, values: value });
    } else if (value.length === nTasks && nTasks > 0) {
      global[name] = Object.fromEntries(matrix.taskIds.map((task, t) => [task, value[t]]));
    } else {
      global[name] = Array.from(value);
    }
  }
  return { perWorker, global };
}

function sliceOf(parameter: WorkerParameter, w: number, nLabels: number): unknown {
  const { width, values } = parameter;
  if (width === 1) return values[w];
  const flat = Array.from({ length: width }, (_, i) => values[w * width + i]!);
  if (width === nLabels * nLabels) return Array.from({ length: nLabels }, (_, r) => flat.slice(r * nLabels, (r + 1) * nLabels));
  return flat;
}

/** Column names of a parameter in the TSV form. */
function columnsOf(parameter: WorkerParameter, labels: readonly string[]): string[] {
  const { name, width } = parameter;
  if (width === 1) return [name];
  const n = labels.length;
  if (width === n * n) return labels.flatMap((row) => labels.map((col) => `${name}[${row}][${col}]`));
  if (width === n) return labels.map((label) => `${name}[${label}]`);
  return Array.from({ length: width }, (_, i) => `${name}[${i}]`);
}

/**
 * Writes worker parameters to `path`: JSON (`.json`: method, labels, global
 * parameters, one object per worker with scalars, vectors and label × label
 * matrices nested in the method's own layout) or TSV (anything else: one row
 * per worker, matrices flattened to `name[row][col]` columns).
 */
export function writeWorkers(path: string, matrix: ResponseMatrix, result: AggregationResult): void {
  const { perWorker, global } = splitParameters(matrix, result.workers);
  const labels = matrix.labelValues;
  let text: string;
  if (path.toLowerCase().endsWith('.json')) {
    const workers = matrix.workerIds.map((id, w) => {
      const entry: Record<string, unknown> = { worker: id };
      for (const parameter of perWorker) entry[parameter.name] = sliceOf(parameter, w, labels.length);
      return entry;
    });
    text = `${JSON.stringify({ method: result.method, labels, ...global, workers }, null, 2)}\n`;
  } else {
    const lines = [delimitedLine(['worker', ...perWorker.flatMap((p) => columnsOf(p, labels))], 'tsv')];
    matrix.workerIds.forEach((id, w) => {
      const cells = [id];
      for (const p of perWorker) for (let i = 0; i < p.width; i += 1) cells.push(String(p.values[w * p.width + i]));
      lines.push(delimitedLine(cells, 'tsv'));
    });
    text = lines.join('');
  }
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError(`${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
