import { UsageError } from '../cli/errors.js';
import type { ByteSource } from '../io/source.js';
import { formatFromName, readTable } from '../io/table.js';
import type { InputFormat } from '../io/table.js';
import type { BadRows } from './bad-rows.js';

/** Column (or JSONL key) names of the answers. */
export interface AnswerColumns {
  readonly worker: string;
  readonly task: string;
  readonly label: string;
  /**
   * Output fields to aggregate. For Toloka exports, the names after `OUTPUT:`
   * (default: every `OUTPUT:` column); elsewhere, columns/keys that replace
   * `label`. Several fields are aggregated jointly.
   */
  readonly fields?: readonly string[] | undefined;
}

/** One answer as handed to the matrix builder. */
export type AnswerSink = (task: string, worker: string, label: string) => void;

/** What reading an answers file needs. */
export interface ReadAnswersOptions {
  readonly source: ByteSource;
  /** Forces the format instead of detecting it. */
  readonly format?: InputFormat | undefined;
  readonly columns: AnswerColumns;
  readonly badRows: BadRows;
  /** Canonical key of several field values (the aggregator's `jointLabelKey`). */
  readonly jointKey: (values: readonly string[]) => string;
  readonly onAnswer: AnswerSink;
  /** The label options (`--labels`): any other label is a bad row. Single-field answers only. */
  readonly allowedLabels?: ReadonlySet<string> | undefined;
}

/** What was read. */
export interface AnswersSummary {
  /** The format used (detected or forced). */
  readonly format: InputFormat;
  /** Label fields: `['label']`-like single name, or the joint field names. */
  readonly fields: readonly string[];
  /** Answers handed on. */
  readonly answers: number;
  /** Toloka rows whose assignment was not accepted (not counted). */
  readonly notAccepted: number;
  /** Toloka rows whose output fields were all empty (not counted). */
  readonly emptyOutputs: number;
  /** Whether a Toloka export had an `ASSIGNMENT:status` column. */
  readonly hasStatus: boolean;
  /** Golden labels found in the input itself (Toloka `GOLDEN:` columns), task → label key. */
  readonly golden: ReadonlyMap<string, string>;
}

/** Statuses of Toloka assignments that count: `ACCEPTED` (API) and `APPROVED` (web export). */
const ACCEPTED_STATUSES = new Set(['ACCEPTED', 'APPROVED']);

/** Column plan once the header is known: indices of everything a row needs. */
interface Plan {
  worker: number;
  task: number[];
  labels: number[];
  status: number;
  golden: number[];
  width: number;
}

/**
 * Streams an answers file (TSV, CSV, JSONL or Toloka export, gzip or not)
 * into `onAnswer`, applying the bad-row policy. Toloka: only `ACCEPTED`/
 * `APPROVED` assignments count; without an `ASSIGNMENT:status` column every
 * row counts. The task id is `ASSIGNMENT:task_id` when present, else the
 * joint key of the `INPUT:` values.
 */
export async function readAnswers(options: ReadAnswersOptions): Promise<AnswersSummary> {
  const { source, columns, badRows, jointKey, onAnswer, allowedLabels } = options;
  let format: InputFormat | undefined;
  let plan: Plan | undefined;
  let fields: string[] = columns.fields !== undefined && columns.fields.length > 0 ? [...columns.fields] : [columns.label];
  let answers = 0;
  let notAccepted = 0;
  let emptyOutputs = 0;
  let hasStatus = false;
  const golden = new Map<string, string>();
  const values: string[] = [];

  const labelOf = (cells: readonly string[], indices: readonly number[]): string | undefined => {
    if (indices.length === 1) return cells[indices[0]!];
    values.length = 0;
    for (const index of indices) values.push(cells[index] ?? '');
    return jointKey(values);
  };

  const emit = (task: string, worker: string, label: string, lineNumber: number): void => {
    if (task === '') return badRows.report(lineNumber, `empty task`);
    if (worker === '') return badRows.report(lineNumber, `empty worker`);
    if (label === '') return badRows.report(lineNumber, `empty label`);
    if (allowedLabels !== undefined && !allowedLabels.has(label)) {
      return badRows.report(lineNumber, `label ${JSON.stringify(label)} is not one of --labels`);
    }
    answers += 1;
    onAnswer(task, worker, label);
  };

  const resolved = await readTable(
    source.chunks,
    {
      format(detected) {
        format = detected;
      },
      header(cells, lineNumber) {
        if (format === 'toloka') {
          const result = planToloka(cells, columns.fields, `${source.name}:${lineNumber}`);
          plan = result.plan;
          fields = result.fields;
          hasStatus = plan.status >= 0;
        } else {
          plan = planColumns(cells, columns, fields, `${source.name}:${lineNumber}`);
        }
        if (allowedLabels !== undefined && fields.length > 1) throw new UsageError('--labels applies to single-field answers only');
      },
      row(cells, lineNumber) {
        const p = plan!;
        if (cells.length !== p.width) {
          badRows.report(lineNumber, `expected ${p.width} columns, found ${cells.length}`);
          return;
        }
        if (p.status >= 0 && !ACCEPTED_STATUSES.has(cells[p.status]!.trim().toUpperCase())) {
          notAccepted += 1;
          return;
        }
        const task = p.task.length === 1 ? cells[p.task[0]!]! : jointKey(p.task.map((i) => cells[i]!));
        if (format === 'toloka') {
          if (p.labels.every((i) => cells[i] === '')) {
            emptyOutputs += 1;
            return;
          }
          if (p.golden.length > 0 && p.golden.every((i) => cells[i] !== '')) golden.set(task, labelOf(cells, p.golden)!);
        }
        emit(task, cells[p.worker]!, labelOf(cells, p.labels)!, lineNumber);
      },
      object(value, lineNumber) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          badRows.report(lineNumber, 'expected a JSON object');
          return;
        }
        const record = value as Record<string, unknown>;
        const read = (key: string): string | undefined => scalarText(record[key]);
        const task = read(columns.task);
        const worker = read(columns.worker);
        const labelValues = fields.map(read);
        const missing = [
          [columns.task, task],
          [columns.worker, worker],
          ...fields.map((field, i) => [field, labelValues[i]] as const),
        ].find(([, v]) => v === undefined);
        if (missing !== undefined) {
          badRows.report(lineNumber, `key "${missing[0]}" is missing or not a string, number or boolean`);
          return;
        }
        const label = labelValues.length === 1 ? labelValues[0]! : jointKey(labelValues as string[]);
        emit(task!, worker!, label, lineNumber);
      },
      syntaxError(reason, lineNumber) {
        badRows.report(lineNumber, reason);
      },
    },
    { forced: options.format, nameHint: formatFromName(source.name) },
  );
  return { format: resolved ?? options.format ?? 'tsv', fields, answers, notAccepted, emptyOutputs, hasStatus, golden };
}

/** Text of a JSON scalar, or undefined for anything else. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function indexOfColumn(header: readonly string[], name: string, where: string, hint: string): number {
  const index = header.indexOf(name);
  if (index === -1) {
    throw new UsageError(`${where}: no column "${name}" in the header (${header.join(', ')}); ${hint}`);
  }
  return index;
}

function planColumns(header: readonly string[], columns: AnswerColumns, fields: readonly string[], where: string): Plan {
  return {
    worker: indexOfColumn(header, columns.worker, where, 'choose one with --worker-col'),
    task: [indexOfColumn(header, columns.task, where, 'choose one with --task-col')],
    labels: fields.map((field) => indexOfColumn(header, field, where, 'choose with --label-col or --fields')),
    status: -1,
    golden: [],
    width: header.length,
  };
}

function planToloka(
  header: readonly string[],
  wanted: readonly string[] | undefined,
  where: string,
): { plan: Plan; fields: string[] } {
  const outputs = header.filter((h) => h.startsWith('OUTPUT:')).map((h) => h.slice('OUTPUT:'.length));
  const fields = wanted !== undefined && wanted.length > 0 ? wanted.map((f) => f.replace(/^OUTPUT:/, '')) : outputs;
  if (fields.length === 0) throw new UsageError(`${where}: the Toloka export has no OUTPUT: column`);
  const taskId = header.indexOf('ASSIGNMENT:task_id');
  const inputs = header.flatMap((h, i) => (h.startsWith('INPUT:') ? [i] : []));
  const task = taskId >= 0 ? [taskId] : inputs;
  if (task.length === 0) throw new UsageError(`${where}: the Toloka export has neither ASSIGNMENT:task_id nor INPUT: columns`);
  const golden = fields.map((f) => header.indexOf(`GOLDEN:${f}`));
  return {
    fields,
    plan: {
      worker: indexOfColumn(header, 'ASSIGNMENT:worker_id', where, 'is this a Toloka results export?'),
      task,
      labels: fields.map((f) => indexOfColumn(header, `OUTPUT:${f}`, where, `fields available: ${outputs.join(', ')}`)),
      status: header.indexOf('ASSIGNMENT:status'),
      golden: golden.every((i) => i >= 0) ? golden : [],
      width: header.length,
    },
  };
}
