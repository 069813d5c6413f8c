import { CsvRecordParser, CsvSyntaxError } from './csv.js';
import { endWithoutCr, forEachLineRange } from './lines.js';

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

/** How many recent values per column {@link TabSplitter} remembers. */
const RECENT_PER_COLUMN = 4;
/** Lookups after which a column whose values rarely repeat stops being looked up. */
const TRIAL_LOOKUPS = 4096;
/** Share of hits below which the lookups cost more than they save. */
const MIN_HIT_RATE = 0.2;

/**
 * Splits TSV lines at tabs, reusing the string of a recent value of the same
 * column when the line holds it again (answer files repeat task ids on
 * consecutive rows and have few labels). A reused string is not allocated
 * again and keeps its cached hash, which makes the id interning downstream
 * cheaper. A column whose values rarely repeat within the first few thousand
 * lines (worker ids, say) is no longer looked up. The returned array is
 * reused between lines.
 */
export class TabSplitter {
  private readonly cells: string[] = [];
  private readonly recent: string[][] = [];
  private readonly lookups: number[] = [];
  private readonly hits: number[] = [];
  private scanId = -1;
  private scanFrom = 0;
  private scanHit = -1;

  /**
   * Cells of `line`, or of its range `from…to` when `line` is a whole chunk
   * of lines (then `textId` must change whenever the chunk does). Valid
   * until the next call.
   */
  split(line: string, from = 0, to = line.length, textId = -1): string[] {
    const cells = this.cells;
    let count = 0;
    let start = from;
    for (;;) {
      let end = this.nextTab(line, start, textId);
      if (end === -1 || end > to) end = to;
      cells[count] = this.cell(line, start, end, count);
      count += 1;
      if (end === to) break;
      start = end + 1;
    }
    if (cells.length !== count) cells.length = count;
    return cells;
  }

  /** Next tab at or after `start`; remembers a far hit (or none) so a chunk is never rescanned line after line. */
  private nextTab(text: string, start: number, textId: number): number {
    if (textId >= 0 && textId === this.scanId && start >= this.scanFrom && (this.scanHit === -1 || this.scanHit >= start)) {
      return this.scanHit;
    }
    const hit = text.indexOf('\t', start);
    this.scanId = textId;
    this.scanFrom = start;
    this.scanHit = hit;
    return hit;
  }

  private cell(line: string, start: number, end: number, column: number): string {
    const recent = (this.recent[column] ??= []);
    const lookups = (this.lookups[column] ?? 0) + 1;
    if (lookups > TRIAL_LOOKUPS && (this.hits[column] ?? 0) < MIN_HIT_RATE * TRIAL_LOOKUPS) return line.slice(start, end);
    if (lookups <= TRIAL_LOOKUPS) this.lookups[column] = lookups;
    const length = end - start;
    for (let i = 0; i < recent.length; i += 1) {
      const value = recent[i]!;
      if (value.length === length && line.startsWith(value, start)) {
        if (lookups <= TRIAL_LOOKUPS) this.hits[column] = (this.hits[column] ?? 0) + 1;
        if (i > 0) {
          recent[i] = recent[0]!;
          recent[0] = value;
        }
        return value;
      }
    }
    const value = line.slice(start, end);
    if (recent.length === RECENT_PER_COLUMN) recent.pop();
    recent.unshift(value);
    return value;
  }
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
  const splitter = new TabSplitter();
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
  await forEachLineRange(chunks, (chunk, start, rawEnd, lineNumber, textId) => {
    if (format === undefined) {
      const first = chunk.slice(start, rawEnd);
      if (first.trim() === '') return;
      format = options.forced ?? formatFromContent(first, options.nameHint);
      handler.format?.(format);
      if (format === 'csv') csv = new CsvRecordParser(',');
    }
    if (csv !== undefined) {
      let record: string[] | undefined;
      try {
        record = csv.push(chunk.slice(start, rawEnd), lineNumber);
      } catch (error) {
        if (!(error instanceof CsvSyntaxError)) throw error;
        handler.syntaxError(error.message, error.lineNumber);
        return;
      }
      if (record !== undefined) onCells(record, csv.recordLine);
      return;
    }
    const end = endWithoutCr(chunk, start, rawEnd);
    if (format === 'jsonl') {
      const text = chunk.slice(start, end);
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
    onCells(splitter.split(chunk, start, end, textId), lineNumber);
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
