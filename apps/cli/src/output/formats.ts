import { csvField } from '../io/csv.js';

/** Output formats of aggregated answers. */
export type OutputFormat = 'tsv' | 'csv' | 'json' | 'jsonl';

/** The values accepted by `--format`. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['tsv', 'csv', 'json', 'jsonl'];

/** Format implied by an output file name, if any. */
export function outputFormatFromName(name: string): OutputFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return 'tsv';
  return undefined;
}

const TSV_SPECIAL = /[\t\n\r\\]/;
const TSV_ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\' };

/** A TSV cell: tab, line breaks and backslash written as `\t`, `\n`, `\r`, `\\`. */
export function tsvField(value: string): string {
  return TSV_SPECIAL.test(value) ? value.replace(/[\t\n\r\\]/g, (c) => TSV_ESCAPES[c]!) : value;
}

/** One line of a delimited table (TSV or CSV) with its line break. */
export function delimitedLine(cells: readonly string[], format: 'tsv' | 'csv'): string {
  return format === 'tsv' ? `${cells.map(tsvField).join('\t')}\n` : `${cells.map((c) => csvField(c)).join(',')}\n`;
}

/**
 * Writes records as TSV/CSV (with a header), JSON (one array) or JSONL.
 * `cells` gives a record's delimited cells; `object` its JSON form.
 */
export class RecordWriter<T> {
  private count = 0;

  constructor(
    private readonly format: OutputFormat,
    private readonly header: readonly string[],
    private readonly cells: (record: T) => string[],
    private readonly object: (record: T) => unknown,
    private readonly write: (text: string) => Promise<void> | undefined,
  ) {}

  /** Writes the opening part (header line or `[`). */
  start(): Promise<void> | undefined {
    if (this.format === 'tsv' || this.format === 'csv') return this.write(delimitedLine(this.header, this.format));
    if (this.format === 'json') return this.write('[');
    return undefined;
  }

  /** Writes one record. */
  add(record: T): Promise<void> | undefined {
    const first = this.count === 0;
    this.count += 1;
    switch (this.format) {
      case 'tsv':
      case 'csv':
        return this.write(delimitedLine(this.cells(record), this.format));
      case 'json':
        return this.write(`${first ? '\n' : ',\n'}${JSON.stringify(this.object(record))}`);
      case 'jsonl':
        return this.write(`${JSON.stringify(this.object(record))}\n`);
    }
  }

  /** Writes the closing part (`]` for JSON). */
  end(): Promise<void> | undefined {
    if (this.format === 'json') return this.write(this.count === 0 ? ']\n' : '\n]\n');
    return undefined;
  }
}
