/** Where the server writes its lines. Messages never contain tokens. */
export interface Logger {
  /** Routine events: one line per request, startup, operations. */
  info(message: string): void;
  /** Failures; `error` (with its stack) is written server-side only. */
  error(message: string, error?: unknown): void;
}

/** Logs to stdout/stderr, one line each, prefixed with an ISO timestamp. */
export function consoleLogger(options: { quiet?: boolean } = {}): Logger {
  const stamp = (): string => new Date().toISOString();
  return {
    info(message) {
      if (!options.quiet) process.stdout.write(`${stamp()} ${message}\n`);
    },
    error(message, error) {
      const detail = error instanceof Error ? `\n${error.stack ?? error.message}` : error === undefined ? '' : ` ${JSON.stringify(error)}`;
      process.stderr.write(`${stamp()} ERROR ${message}${detail}\n`);
    },
  };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { info() {}, error() {} };
