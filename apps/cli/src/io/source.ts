import { createReadStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CliError } from '../cli/errors.js';

/** A byte source: a file or stdin, gunzipped on the fly when it starts with the gzip magic bytes. */
export interface ByteSource {
  /** Name used in messages (`<stdin>` for `-`). */
  readonly name: string;
  /** Size in bytes of the raw (possibly compressed) file, when known. */
  readonly size: number | undefined;
  /** Raw bytes consumed so far (compressed bytes for gzip input): drives the progress bar. */
  bytesRead(): number;
  /** Decompressed chunks. */
  readonly chunks: AsyncIterable<Buffer>;
}

const READ_CHUNK = 1 << 20;

/** Whether `head` starts with the gzip magic bytes 0x1f 0x8b. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Opens `path` (or stdin for `-`) for streaming reads. */
export function openSource(path: string, stdin: NodeJS.ReadableStream = process.stdin): ByteSource {
  let raw: AsyncIterable<Buffer>;
  let size: number | undefined;
  const name = path === '-' ? '<stdin>' : path;
  if (path === '-') {
    raw = stdin as AsyncIterable<Buffer>;
  } else {
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) throw new CliError(`${path}: is a directory`);
      size = stat.size;
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`${path}: cannot open (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    raw = createReadStream(path, { highWaterMark: READ_CHUNK });
  }
  let consumed = 0;
  const counted = (async function* () {
    for await (const chunk of raw) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      consumed += buffer.length;
      yield buffer;
    }
  })();
  return { name, size, bytesRead: () => consumed, chunks: decompressIfGzip(counted, name) };
}

/** Passes chunks through, or through gunzip when the first bytes are the gzip magic. */
async function* decompressIfGzip(chunks: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  let head: Buffer = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) {
      if (head.length > 0) yield head;
      return;
    }
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  const all = (async function* () {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  if (!isGzip(head)) {
    yield* all;
    return;
  }
  const gunzip = pipeline(Readable.from(all), createGunzip(), () => undefined);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    throw new CliError(`${name}: cannot decompress gzip input (${(error as Error).message})`);
  }
}
