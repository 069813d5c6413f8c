import { CsvRecordParser, CsvSyntaxError } from './csv.js';
import { forEachLine, stripCr } from './lines.js';

/** Input formats the CLI reads. `toloka` is Toloka's results export (TSV with `INPUT:`/`OUTPUT:`/`ASSIGNMENT:` columns). */
export type InputFormat = 'tsv' | 'csv' | 'jsonl' | 'toloka';

/** The formats accepted by `--input-format`. */
export const INPUT_FORMATS: readonly InputFormat[] = ['tsv', 'csv', 'jsonl', 'toloka'];

/** Format implied by a file name (`.gz` looked through), if any. `.tsv` may still turn out to be a Toloka export. */
export function formatFromName(name: string): InputFormat | undefined {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  if (base.endsWith('.csv')) return 'csv';
  if (base.endsWith('.tsv') || base.endsWith('.tab')) return 'tsv';
  if (base.endsWith('.jsonl') || base.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}

const TOLOKA_COLUMN = /^(INPUT|OUTPUT|GOLDEN|HINT|ASSIGNMENT|ACCEPT):/;

/** Format implied by the first non-empty line of the input, refined by the name's hint. */
export function formatFromContent(firstLine: string, hint: InputFormat | undefined): InputFormat {
  const line = firstLine.trimStart();
  if (hint === 'jsonl' || (hint === undefined && line.startsWith('{'))) return 'jsonl';
  if (hint === 'csv') return 'csv';
  if (line.includes('\t')) {
    return line.split('\t').some((cell) => TOLOKA_COLUMN.test(cell.trim())) ? 'toloka' : 'tsv';
  }
  if (hint === 'tsv') return 'tsv';
  return line.includes(',') ? 'csv' : 'tsv';
}

/**
 * Splits a TSV line at tabs into `into` (cleared first) and returns it. Much
 * faster than `String.prototype.split` on the short lines of answer files; the
 * array is reused between lines, so handlers must not keep it.
 */
export function splitTabs(line: string, into: string[]): string[] {
  into.length = 0;
  let start = 0;
  let tab = line.indexOf('\t');
  while (tab !== -1) {
    into.push(line.slice(start, tab));
    start = tab + 1;
    tab = line.indexOf('\t', start);
  }
  into.push(line.slice(start));
  return into;
}

/** Receives the rows of a delimited or JSONL input. */
export interface TableHandler {
  /** Called once the format is known (before any row). */
  format?(format: InputFormat): void;
  /** Header cells of a TSV/CSV/Toloka input (trimmed). */
  header?(cells: string[], lineNumber: number): void;
  /** One data row of a TSV/CSV/Toloka input (the array may be reused for the next row: copy what you keep). */
  row?(cells: string[], lineNumber: number): void;
  /** One parsed JSONL line, or the reason it could not be parsed. */
  object?(value: unknown, lineNumber: number): void;
  /** A line that cannot be parsed at all (CSV syntax, invalid JSON). */
  syntaxError(reason: string, lineNumber: number): void;
}

/**
 * Streams `chunks` as a table: detects the format from the first line (unless
 * `forced`), then hands the header and each row on. Blank lines are skipped.
 */
export async function readTable(
  chunks: AsyncIterable<Uint8Array>,
  handler: TableHandler,
  options: { forced?: InputFormat | undefined; nameHint?: InputFormat | undefined } = {},
): Promise<InputFormat | undefined> {
  let format: InputFormat | undefined;
  let csv: CsvRecordParser | undefined;
  let sawHeader = false;
  const cells: string[] = [];
  const onCells = (cells: string[], lineNumber: number): void => {
    if (!sawHeader) {
      sawHeader = true;
      handler.header?.(
        cells.map((cell) => cell.trim()),
        lineNumber,
      );
    } else if (!(cells.length === 1 && cells[0] === '')) {
      handler.row?.(cells, lineNumber);
    }
  };
  await forEachLine(chunks, (line, lineNumber) => {
    if (format === undefined) {
      if (line.trim() === '') return;
      format = options.forced ?? formatFromContent(line, options.nameHint);
      handler.format?.(format);
      if (format === 'csv') csv = new CsvRecordParser(',');
    }
    if (csv !== undefined) {
      let record: string[] | undefined;
      try {
        record = csv.push(line, lineNumber);
      } catch (error) {
        if (!(error instanceof CsvSyntaxError)) throw error;
        handler.syntaxError(error.message, error.lineNumber);
        return;
      }
      if (record !== undefined) onCells(record, csv.recordLine);
      return;
    }
    const text = stripCr(line);
    if (format === 'jsonl') {
      if (text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        handler.syntaxError(`invalid JSON (${(error as Error).message})`, lineNumber);
        return;
      }
      handler.object?.(value, lineNumber);
      return;
    }
    onCells(splitTabs(text, cells), lineNumber);
  });
  if (csv !== undefined) {
    try {
      csv.finish();
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
      handler.syntaxError(error.message, error.lineNumber);
    }
  }
  return format;
}
