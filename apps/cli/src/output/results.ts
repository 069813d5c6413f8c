import { CliError } from '../cli/errors.js';
import { RecordWriter } from './formats.js';
import type { OutputFormat } from './formats.js';

/** Columns of an aggregated-answers table. */
export interface ResultLayout {
  /** Answer columns: `['label']` for one field, else one name per field. */
  readonly fields: readonly string[];
  /** Label values, when one posterior column per label is wanted (`--posteriors`). */
  readonly posteriorLabels?: readonly string[] | undefined;
}

/** One aggregated answer. */
export interface ResultRecord {
  readonly task: string;
  /** One value per layout field. */
  readonly values: readonly unknown[];
  readonly confidence: number;
  /** Posterior per `posteriorLabels` entry. */
  readonly posteriors?: ArrayLike<number> | undefined;
}

/** Text of an answer value in a delimited cell: strings as they are, other values as JSON. */
export function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

/**
 * Writer of aggregated answers: TSV/CSV columns `task`, the answer column(s),
 * `confidence`, then `posterior:<label>` per label; JSON/JSONL objects
 * `{task, label | <field>…, confidence, posteriors?: {label: p}}`.
 */
export function createResultWriter(
  format: OutputFormat,
  layout: ResultLayout,
  write: (text: string) => Promise<void> | undefined,
): RecordWriter<ResultRecord> {
  const clash = layout.fields.find((field) => field === 'task' || field === 'confidence' || field === 'posteriors');
  if (clash !== undefined) throw new CliError(`output field "${clash}" has the name of a result column; it cannot be written`);
  const labels = layout.posteriorLabels;
  const header = ['task', ...layout.fields, 'confidence', ...(labels ?? []).map((l) => `posterior:${l}`)];
  const cells = (record: ResultRecord): string[] => {
    const row = [record.task, ...record.values.map(cellText), String(record.confidence)];
    if (labels !== undefined && record.posteriors !== undefined) {
      for (let i = 0; i < labels.length; i += 1) row.push(String(record.posteriors[i]));
    }
    return row;
  };
  const object = (record: ResultRecord): Record<string, unknown> => {
    const out: Record<string, unknown> = { task: record.task };
    layout.fields.forEach((field, i) => {
      out[field] = record.values[i];
    });
    out.confidence = record.confidence;
    if (labels !== undefined && record.posteriors !== undefined) {
      const posteriors: Record<string, number> = {};
      for (let i = 0; i < labels.length; i += 1) posteriors[labels[i]!] = record.posteriors[i]!;
      out.posteriors = posteriors;
    }
    return out;
  };
  return new RecordWriter(format, header, cells, object, write);
}
