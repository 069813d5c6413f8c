import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { CliError } from '../cli/errors.js';

/** Buffered text output to stdout or a file, honouring back-pressure. */
export interface TextSink {
  /** Queues `text`; resolves once the buffer has been handed to the stream if it was full. */
  write(text: string): Promise<void> | undefined;
  /** Flushes and closes (a file) or flushes (stdout). */
  close(): Promise<void>;
}

const FLUSH_AT = 1 << 16;

/** Opens `path` for writing, or stdout when `path` is undefined or `-`. */
export function openSink(path: string | undefined, stdout: Writable = process.stdout): TextSink {
  const toStdout = path === undefined || path === '-';
  const stream: Writable = toStdout ? stdout : createWriteStream(path, { encoding: 'utf8' });
  let failure: Error | undefined;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    failure = error.code === 'EPIPE' ? error : new CliError(`${path ?? '<stdout>'}: cannot write (${error.code ?? error.message})`);
  });
  let buffer: string[] = [];
  let size = 0;
  const flush = (): Promise<void> | undefined => {
    if (failure !== undefined) throw failure;
    if (size === 0) return undefined;
    const ok = stream.write(buffer.join(''));
    buffer = [];
    size = 0;
    if (ok) return undefined;
    return new Promise((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('close', done);
        stream.off('error', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
      stream.on('error', done);
    });
  };
  return {
    write(text) {
      buffer.push(text);
      size += text.length;
      return size >= FLUSH_AT ? flush() : undefined;
    },
    async close() {
      await flush();
      if (failure !== undefined) throw failure;
      if (toStdout) return;
      await new Promise<void>((resolve, reject) => {
        stream.end((error?: Error | null) => (error ? reject(new CliError(`${path}: cannot write (${error.message})`)) : resolve()));
      });
    },
  };
}
