/**
 * Low-level helpers of the PostgreSQL store: dynamic queries with `$n`
 * placeholders and COPY-based bulk inserts.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sql, TransactionSql } from 'postgres';

/** A query parameter. */
export type Param = string | number | boolean | null | string[] | number[];

/** A connection pool or an open transaction. */
export type Db = Sql | TransactionSql;

const COPY_SPECIAL = /[\\\t\n\r]/;

/** Escapes one value for COPY's text format (tab-separated, backslash escapes). */
export function copyField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/**
 * Bulk-inserts rows with `COPY … FROM STDIN` (much faster than INSERT for
 * large batches). Rows (also from an async source) are streamed in pieces
 * of about 1 MB.
 */
export function copyRows(
  db: Db,
  table: string,
  columns: string[],
  rows: Iterable<(string | number)[]> | AsyncIterable<(string | number)[]>,
): Promise<void> {
  async function* lines(): AsyncGenerator<string> {
    for await (const row of rows) yield row.map(copyField).join('\t') + '\n';
  }
  return copyLines(db, table, columns, lines());
}

/**
 * Like {@link copyRows} for lines already in COPY's text format (fields
 * escaped with {@link copyField}, joined by tabs, each ending in a newline).
 */
export async function copyLines(
  db: Db,
  table: string,
  columns: string[],
  lines: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  async function* pieces(): AsyncGenerator<string> {
    let parts: string[] = [];
    let size = 0;
    for await (const line of lines) {
      parts.push(line);
      size += line.length;
      if (size > 1 << 20) {
        yield parts.join('');
        parts = [];
        size = 0;
      }
    }
    if (parts.length > 0) yield parts.join('');
  }
  const query = db.unsafe(`COPY ${table} (${columns.join(', ')}) FROM STDIN`);
  // postgres.js 3.4.9 never finishes the writable when the server rejects the
  // COPY (e.g. a duplicate key): the error only reaches the query's `reject`,
  // which is ignored because the query already resolved to the stream. Catch
  // it there and race it with the upload, so the transaction rolls back.
  const hooks = query as unknown as { reject: (err: unknown) => void };
  const serverReject = hooks.reject;
  const failure = new Promise<never>((_, reject) => {
    hooks.reject = (err: unknown) => {
      reject(err instanceof Error ? err : new Error(String(err)));
      serverReject(err);
    };
  });
  failure.catch(() => {}); // observed through the race below
  const writable = await query.writable();
  await Promise.race([pipeline(Readable.from(pieces()), writable), failure]);
}

/**
 * True when a key contains U+0000, which PostgreSQL text cannot hold: no
 * stored object can have such a key, so lookups answer "not found".
 */
export function impossibleKey(...keys: string[]): boolean {
  return keys.some((k) => k.includes('\u0000'));
}

/** Builds SQL text with `$n` placeholders. */
export class Query {
  readonly params: Param[] = [];
  constructor(public text: string) {}
  /** Adds a value and returns its placeholder. */
  p(value: Param): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

/** Runs a query built with {@link Query}. */
export async function run<R>(db: Db, q: Query): Promise<R[]> {
  return (await db.unsafe(q.text, q.params as never[], { prepare: true })) as unknown as R[];
}
