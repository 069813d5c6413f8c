/** A CSV syntax error in the current record; the caller adds `file:line`. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  /** Line where the problem was found. */
  readonly lineNumber: number;

  constructor(message: string, lineNumber: number) {
    super(message);
    this.lineNumber = lineNumber;
  }
}

const QUOTE = 34;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * RFC 4180 record parser fed one physical line at a time (as cut by
 * `forEachLineRange`, trailing `\r` included). Quoted fields may hold delimiters,
 * `""` (an escaped quote) and line breaks, which are kept as they were
 * (`\r\n` or `\n`). A quote inside an unquoted field is taken literally; text
 * after a closing quote is an error.
 */
export class CsvRecordParser {
  private fields: string[] = [];
  private field = '';
  private state: State = State.FieldStart;
  private startLine = 0;

  constructor(private readonly delimiter: string = ',') {
    if (delimiter.length !== 1 || delimiter === '"') throw new Error(`invalid CSV delimiter ${JSON.stringify(delimiter)}`);
  }

  /** Line on which the record returned last (or the one still open) started. */
  get recordLine(): number {
    return this.startLine;
  }

  /** Whether a quoted field is open across lines. */
  get pending(): boolean {
    return this.state === State.Quoted;
  }

  /**
   * Feeds one line; returns the completed record, or `undefined` while a
   * quoted field continues on the next line.
   */
  push(line: string, lineNumber: number): string[] | undefined {
    const hasCr = line.length > 0 && line.charCodeAt(line.length - 1) === 13;
    const body = hasCr ? line.slice(0, -1) : line;
    if (this.state !== State.Quoted) {
      this.startLine = lineNumber;
      if (!body.includes('"')) return body.split(this.delimiter);
    }
    const delimiter = this.delimiter.charCodeAt(0);
    let state = this.state;
    let field = this.field;
    let runStart = 0;
    for (let i = 0; i < body.length; i += 1) {
      const code = body.charCodeAt(i);
      switch (state) {
        case State.FieldStart:
          if (code === QUOTE) {
            state = State.Quoted;
            runStart = i + 1;
          } else if (code === delimiter) {
            this.fields.push(field);
            field = '';
          } else {
            state = State.Unquoted;
            runStart = i;
          }
          break;
        case State.Unquoted:
          if (code === delimiter) {
            this.fields.push(field + body.slice(runStart, i));
            field = '';
            state = State.FieldStart;
          }
          break;
        case State.Quoted:
          if (code === QUOTE) {
            field += body.slice(runStart, i);
            state = State.QuoteInQuoted;
          }
          break;
        case State.QuoteInQuoted:
          if (code === QUOTE) {
            field += '"';
            state = State.Quoted;
            runStart = i + 1;
          } else if (code === delimiter) {
            this.fields.push(field);
            field = '';
            state = State.FieldStart;
          } else {
            this.reset();
            throw new CsvSyntaxError(`unexpected ${JSON.stringify(body[i])} after a closing quote (column ${i + 1})`, lineNumber);
          }
          break;
      }
    }
    if (state === State.Quoted) {
      this.field = field + body.slice(runStart) + (hasCr ? '\r\n' : '\n');
      this.state = state;
      return undefined;
    }
    if (state === State.Unquoted) field += body.slice(runStart);
    const record = this.fields;
    record.push(field);
    this.reset();
    return record;
  }

  /** Call at end of input: throws when a quoted field was never closed. */
  finish(): void {
    if (this.state === State.Quoted) {
      const line = this.startLine;
      this.reset();
      throw new CsvSyntaxError('quoted field is not closed before the end of the input', line);
    }
  }

  private reset(): void {
    this.fields = [];
    this.field = '';
    this.state = State.FieldStart;
  }
}

/** Quotes `value` for CSV output when it holds a delimiter, quote or line break. */
export function csvField(value: string, delimiter = ','): string {
  if (value.includes('"') || value.includes(delimiter) || value.includes('\n') || value.includes('\r')) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}
