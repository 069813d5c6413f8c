/** Exit code of a successful run. */
export const EXIT_OK = 0;
/** Exit code of a run that failed (bad input, network, aggregation error). */
export const EXIT_FAILURE = 1;
/** Exit code of a wrong invocation (unknown flag, missing argument). */
export const EXIT_USAGE = 2;

/** An error the CLI reports as one line on stderr and turns into an exit code. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  /** Process exit code for this error. */
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT_FAILURE) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A wrong invocation: exit code 2, with a hint to read `--help`. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';

  constructor(message: string) {
    super(message, EXIT_USAGE);
  }
}

/** Bad input data at a known place: `file:line: what is wrong`. */
export class InputError extends CliError {
  override readonly name = 'InputError';
  /** Where the problem is, as `file:line`. */
  readonly location: string;
  /** What is wrong, without the location. */
  readonly reason: string;

  constructor(location: string, reason: string) {
    super(`${location}: ${reason}`, EXIT_FAILURE);
    this.location = location;
    this.reason = reason;
  }
}
