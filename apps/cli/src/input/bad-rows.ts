import { InputError } from '../cli/errors.js';

/** What to do with a row that cannot be used. */
export type BadRowPolicy = 'error' | 'skip' | 'warn';

/** The values accepted by `--on-bad-row`. */
export const BAD_ROW_POLICIES: readonly BadRowPolicy[] = ['error', 'skip', 'warn'];

/** How many warnings `warn` prints before it only counts. */
const MAX_WARNINGS = 50;

/** Applies a {@link BadRowPolicy} and counts the rows it dropped. */
export class BadRows {
  /** Rows dropped so far. */
  count = 0;

  constructor(
    private readonly file: string,
    private readonly policy: BadRowPolicy,
    private readonly warn: (message: string) => void,
  ) {}

  /** Reports row `lineNumber` as unusable: throws under `error`, else counts (and warns). */
  report(lineNumber: number, reason: string): void {
    if (this.policy === 'error') throw new InputError(`${this.file}:${lineNumber}`, reason);
    this.count += 1;
    if (this.policy === 'warn') {
      if (this.count <= MAX_WARNINGS) this.warn(`${this.file}:${lineNumber}: ${reason} (skipped)`);
      else if (this.count === MAX_WARNINGS + 1) this.warn(`${this.file}: more bad rows; counting them silently`);
    }
  }
}
