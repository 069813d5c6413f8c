/**
 * Building the {@link ResponseMatrix}: ids interned with Maps, answers kept in
 * growing Int32Array columns (12 bytes per answer, ≤ 18 with the growth
 * slack), then grouped per task and per worker by counting sort (16 bytes per
 * answer in the result; the build peak stays under 40 bytes per answer plus
 * the interned ids).
 */
import { AggregationError, describeValue } from './errors.js';
import { compareLabels, jointLabelKey, jointLabelProduct } from './labels.js';
import type { AggregationResult, ResponseMatrix } from './types.js';

/** What to do with an answer whose label is not in `MatrixOptions.labels`. */
export type UnknownLabelPolicy =
  /** Throw `AggregationError('UNKNOWN_LABEL')` (default). */
  | 'error'
  /** Drop the answer. */
  | 'skip'
  /** Append the label after the listed ones. */
  | 'extend';

/** How labels are ordered when no option list is given (and for extended labels). */
export type LabelOrder =
  /** Natural order: numeric-looking labels numerically first, then the rest by code units (default). */
  | 'sorted'
  /** The order in which labels first appear in the input. */
  | 'first-seen';

/** Options of {@link buildMatrix} and {@link MatrixBuilder}. */
export interface MatrixOptions {
  /** The label options in order (e.g. a field's allowed values). Fixes nLabels = Y and the label order. */
  readonly labels?: readonly string[];
  /** Labels outside `labels`; default `'error'`. Ignored without a list. */
  readonly unknownLabels?: UnknownLabelPolicy;
  /** Order of labels seen in the data when no list is given; default `'sorted'` (Crowd-Kit's order). */
  readonly labelOrder?: LabelOrder;
  /** Golden labels, task → label; fills `matrix.golden` (tasks not in the matrix are ignored). */
  readonly golden?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Minimum nLabels; missing options are named `#unlisted-<i>`. */
  readonly nLabelsAtLeast?: number;
}

const INITIAL_CAPACITY = 1024;

function growInt32(column: Int32Array, capacity: number): Int32Array {
  const grown = new Int32Array(capacity);
  grown.set(column);
  return grown;
}

function validateId(value: unknown, what: 'task' | 'worker', row: number): string {
  if (typeof value !== 'string' || value === '') {
    throw new AggregationError('INVALID_INPUT', `answer #${row}: ${what} must be a non-empty string, got ${JSON.stringify(value)}`, {
      row,
      field: what,
    });
  }
  return value;
}

function validateOptions(options: MatrixOptions): void {
  const { unknownLabels, labelOrder, nLabelsAtLeast, labels } = options;
  if (unknownLabels !== undefined && !['error', 'skip', 'extend'].includes(unknownLabels)) {
    throw new AggregationError('INVALID_OPTION', `unknownLabels must be 'error', 'skip' or 'extend', got ${describeValue(unknownLabels)}`);
  }
  if (labelOrder !== undefined && labelOrder !== 'sorted' && labelOrder !== 'first-seen') {
    throw new AggregationError('INVALID_OPTION', `labelOrder must be 'sorted' or 'first-seen', got ${describeValue(labelOrder)}`);
  }
  if (nLabelsAtLeast !== undefined && (!Number.isInteger(nLabelsAtLeast) || nLabelsAtLeast < 0)) {
    throw new AggregationError('INVALID_OPTION', `nLabelsAtLeast must be a non-negative integer, got ${describeValue(nLabelsAtLeast)}`);
  }
  if (labels !== undefined) {
    const seen = new Set<string>();
    for (const label of labels) {
      if (typeof label !== 'string') {
        throw new AggregationError('INVALID_OPTION', `labels must be strings, got ${describeValue(label)}`, { option: 'labels' });
      }
      if (seen.has(label)) {
        throw new AggregationError('INVALID_OPTION', `labels lists ${JSON.stringify(label)} twice`, { option: 'labels', label });
      }
      seen.add(label);
    }
  }
}

/**
 * Streams answers into a {@link ResponseMatrix} without per-answer objects.
 * Call {@link MatrixBuilder.add} per answer, then {@link MatrixBuilder.build}
 * once (the builder releases its buffers and accepts no more answers).
 * Duplicate (task, worker) answers are kept as extra votes, as in Crowd-Kit.
 */
export class MatrixBuilder {
  private readonly options: MatrixOptions;
  private readonly taskIndex = new Map<string, number>();
  private readonly taskIds: string[] = [];
  private readonly workerIndex = new Map<string, number>();
  private readonly workerIds: string[] = [];
  private readonly labelIndex = new Map<string, number>();
  private readonly labelValues: string[] = [];
  private readonly listed: number;
  private tasks: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private workers: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private labels: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private count = 0;
  private rowsSeen = 0;
  private built = false;

  constructor(options: MatrixOptions = {}) {
    validateOptions(options);
    this.options = options;
    for (const label of options.labels ?? []) this.internLabel(label);
    this.listed = this.labelValues.length;
  }

  /** Number of answers added so far (skipped ones excluded). */
  get size(): number {
    return this.count;
  }

  private internLabel(label: string): number {
    let id = this.labelIndex.get(label);
    if (id === undefined) {
      id = this.labelValues.length;
      this.labelIndex.set(label, id);
      this.labelValues.push(label);
    }
    return id;
  }

  private resolveLabel(label: unknown, row: number): number {
    if (typeof label !== 'string') {
      throw new AggregationError('INVALID_INPUT', `answer #${row}: label must be a string, got ${JSON.stringify(label)}`, {
        row,
        field: 'label',
      });
    }
    const known = this.labelIndex.get(label);
    if (known !== undefined) return known;
    if (this.options.labels === undefined) return this.internLabel(label);
    const policy = this.options.unknownLabels ?? 'error';
    if (policy === 'skip') return -1;
    if (policy === 'extend') return this.internLabel(label);
    throw new AggregationError(
      'UNKNOWN_LABEL',
      `answer #${row}: label ${JSON.stringify(label)} is not one of the ${this.listed} listed options`,
      { row, label },
    );
  }

  /** Adds one answer. Returns false when it was skipped (`unknownLabels: 'skip'`). */
  add(task: string, worker: string, label: string): boolean {
    if (this.built) throw new AggregationError('INVALID_INPUT', 'MatrixBuilder.add called after build()');
    const row = this.rowsSeen++;
    const taskId = validateId(task, 'task', row);
    const workerId = validateId(worker, 'worker', row);
    const labelId = this.resolveLabel(label, row);
    if (labelId < 0) return false;
    let t = this.taskIndex.get(taskId);
    if (t === undefined) {
      t = this.taskIds.length;
      this.taskIndex.set(taskId, t);
      this.taskIds.push(taskId);
    }
    let w = this.workerIndex.get(workerId);
    if (w === undefined) {
      w = this.workerIds.length;
      this.workerIndex.set(workerId, w);
      this.workerIds.push(workerId);
    }
    if (this.count === this.tasks.length) {
      // Grow by 1.5×: the columns stay ≤ 18 bytes per answer, and the build peak under 40.
      const capacity = Math.ceil(this.tasks.length * 1.5);
      this.tasks = growInt32(this.tasks, capacity);
      this.workers = growInt32(this.workers, capacity);
      this.labels = growInt32(this.labels, capacity);
    }
    this.tasks[this.count] = t;
    this.workers[this.count] = w;
    this.labels[this.count] = labelId;
    this.count++;
    return true;
  }

  /** Old label id → final label id, applying the label order to non-listed labels. */
  private labelPermutation(): { order: string[]; remap: Int32Array } {
    const values = this.labelValues;
    const extra = values.slice(this.listed);
    if ((this.options.labelOrder ?? 'sorted') === 'sorted') extra.sort(compareLabels);
    const order = [...values.slice(0, this.listed), ...extra];
    const position = new Map(order.map((label, i) => [label, i]));
    const remap = new Int32Array(values.length);
    values.forEach((label, i) => {
      remap[i] = position.get(label) ?? i;
    });
    return { order, remap };
  }

  private goldenColumn(labelPosition: Map<string, number>): Int32Array | undefined {
    const golden = this.options.golden;
    if (golden === undefined) return undefined;
    const column = new Int32Array(this.taskIds.length).fill(-1);
    const entries = golden instanceof Map ? golden.entries() : Object.entries(golden);
    for (const [task, label] of entries as Iterable<[string, string]>) {
      const t = this.taskIndex.get(task);
      if (t === undefined) continue;
      const l = labelPosition.get(label);
      if (l === undefined) {
        throw new AggregationError('UNKNOWN_LABEL', `golden label ${JSON.stringify(label)} of task ${task} is not a label option`, {
          task,
          label,
        });
      }
      column[t] = l;
    }
    return column;
  }

  /** Groups the answers per task and per worker and returns the matrix. */
  build(): ResponseMatrix {
    if (this.built) throw new AggregationError('INVALID_INPUT', 'MatrixBuilder.build called twice');
    const { order, remap } = this.labelPermutation();
    const labelPosition = new Map(order.map((label, i) => [label, i]));
    // Golden labels outside the known labels join the label list (a class nobody chose is still a class).
    const golden = this.options.golden;
    if (golden !== undefined && (this.options.labels === undefined || this.options.unknownLabels === 'extend')) {
      const values = golden instanceof Map ? [...golden.values()] : Object.values(golden);
      for (const label of values as string[]) {
        if (!labelPosition.has(label)) {
          labelPosition.set(label, order.length);
          order.push(label);
        }
      }
    }
    const minimum = this.options.nLabelsAtLeast ?? 0;
    while (order.length < minimum) order.push(`#unlisted-${order.length}`);
    const goldenColumn = this.goldenColumn(labelPosition);

    const n = this.count;
    const nTasks = this.taskIds.length;
    const nWorkers = this.workerIds.length;
    const taskOffsets = new Int32Array(nTasks + 1);
    for (let a = 0; a < n; a++) {
      const slot = (this.tasks[a] as number) + 1;
      taskOffsets[slot] = (taskOffsets[slot] as number) + 1;
    }
    for (let t = 0; t < nTasks; t++) taskOffsets[t + 1] = (taskOffsets[t + 1] as number) + (taskOffsets[t] as number);
    const cursor = taskOffsets.slice(0, nTasks);
    const answerTask = new Int32Array(n);
    const answerWorker = new Int32Array(n);
    const answerLabel = new Int32Array(n);
    for (let a = 0; a < n; a++) {
      const t = this.tasks[a] as number;
      const position = cursor[t] as number;
      cursor[t] = position + 1;
      answerTask[position] = t;
      answerWorker[position] = this.workers[a] as number;
      answerLabel[position] = remap[this.labels[a] as number] as number;
    }
    this.tasks = new Int32Array(0);
    this.workers = new Int32Array(0);
    this.labels = new Int32Array(0);
    this.built = true;

    const { workerOffsets, workerAnswers } = groupByWorker(answerWorker, nWorkers);
    return {
      nTasks,
      nWorkers,
      nLabels: order.length,
      nAnswers: n,
      taskIds: this.taskIds,
      workerIds: this.workerIds,
      labelValues: order,
      taskOffsets,
      answerTask,
      answerWorker,
      answerLabel,
      workerOffsets,
      workerAnswers,
      ...(goldenColumn ? { golden: goldenColumn } : {}),
    };
  }
}

/** Worker CSR over task-major answers: answer indices grouped by worker, ascending. */
export function groupByWorker(
  answerWorker: Int32Array,
  nWorkers: number,
): { workerOffsets: Int32Array; workerAnswers: Int32Array } {
  const n = answerWorker.length;
  const workerOffsets = new Int32Array(nWorkers + 1);
  for (let a = 0; a < n; a++) {
    const slot = (answerWorker[a] as number) + 1;
    workerOffsets[slot] = (workerOffsets[slot] as number) + 1;
  }
  for (let w = 0; w < nWorkers; w++) workerOffsets[w + 1] = (workerOffsets[w + 1] as number) + (workerOffsets[w] as number);
  const cursor = workerOffsets.slice(0, nWorkers);
  const workerAnswers = new Int32Array(n);
  for (let a = 0; a < n; a++) {
    const w = answerWorker[a] as number;
    const position = cursor[w] as number;
    cursor[w] = position + 1;
    workerAnswers[position] = a;
  }
  return { workerOffsets, workerAnswers };
}

/** One answer row. */
export interface AnswerRow {
  readonly task: string;
  readonly worker: string;
  readonly label: string;
}

/** Builds a {@link ResponseMatrix} from answer rows (see {@link MatrixBuilder}). */
export function buildMatrix(rows: Iterable<AnswerRow>, options: MatrixOptions = {}): ResponseMatrix {
  const builder = new MatrixBuilder(options);
  for (const row of rows) builder.add(row.task, row.worker, row.label);
  return builder.build();
}

/** One field of a joint (multi-field) answer. */
export interface FieldSpec {
  /** Key of the field in each row's `values`. */
  readonly name: string;
  /** The field's options in order; when every field has them, the label list is their product. */
  readonly options?: readonly unknown[];
}

/** An answer with several output fields. */
export interface MultiFieldRow {
  readonly task: string;
  readonly worker: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * Builds a matrix whose label is the tuple of several fields' values (key:
 * {@link jointLabelKey}), as Toloka aggregates several fields as one answer.
 * When every field lists its options, the label list is their product in
 * field order (first field slowest) and Y is the product of the option
 * counts; otherwise labels follow `labelOrder` over the keys seen.
 */
export function matrixFromFields(
  rows: Iterable<MultiFieldRow>,
  fields: readonly FieldSpec[],
  options: Omit<MatrixOptions, 'labels'> = {},
): ResponseMatrix {
  if (fields.length === 0) throw new AggregationError('INVALID_OPTION', 'matrixFromFields needs at least one field');
  const lists: (readonly unknown[])[] = [];
  for (const field of fields) if (field.options !== undefined) lists.push(field.options);
  const builder = new MatrixBuilder({
    ...options,
    ...(lists.length === fields.length ? { labels: jointLabelProduct(lists) } : {}),
  });
  let row = 0;
  for (const answer of rows) {
    const tuple = fields.map((field) => {
      if (!(field.name in answer.values)) {
        throw new AggregationError('INVALID_INPUT', `answer #${row}: field ${JSON.stringify(field.name)} is missing`, {
          row,
          field: field.name,
        });
      }
      return answer.values[field.name];
    });
    builder.add(answer.task, answer.worker, jointLabelKey(tuple));
    row++;
  }
  return builder.build();
}

/** The chosen label of task index `t`, as its external value. */
export function labelOf(matrix: ResponseMatrix, result: AggregationResult, t: number): string {
  return matrix.labelValues[result.labels[t] as number] as string;
}

/** One aggregated row per task: external task id, label and confidence. */
export function resultRows(
  matrix: ResponseMatrix,
  result: AggregationResult,
): { task: string; label: string; confidence: number }[] {
  const rows: { task: string; label: string; confidence: number }[] = [];
  for (let t = 0; t < matrix.nTasks; t++) {
    rows.push({ task: matrix.taskIds[t] as string, label: labelOf(matrix, result, t), confidence: result.confidence[t] as number });
  }
  return rows;
}
