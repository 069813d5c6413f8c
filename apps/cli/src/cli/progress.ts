import type { Terminal } from './terminal.js';

/** What the progress bar reads on each redraw. */
export interface ProgressSource {
  /** Units done so far (bytes or items). */
  done(): number;
  /** Total units, when known. */
  total(): number | undefined;
  /** Items processed so far (rows, answers), for the count and rate; absent when only the fraction matters. */
  items?(): number;
}

const REDRAW_MS = 200;
const BAR_WIDTH = 24;

function compact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  return String(Math.round(n));
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

/**
 * A one-line progress bar with rate and ETA on stderr, drawn only when stderr
 * is a terminal and `--quiet` is off; otherwise every call is a no-op.
 */
export class ProgressBar {
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();
  private drawn = false;

  constructor(
    private readonly terminal: Terminal,
    private readonly label: string,
    private readonly source: ProgressSource,
    private readonly unit: string,
  ) {}

  /** Starts redrawing (no-op when not interactive or quiet). */
  start(): this {
    if (!this.terminal.interactive || this.terminal.quiet) return this;
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
    return this;
  }

  /** Stops and erases the bar. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.drawn) this.terminal.raw('\r\u001b[2K');
    this.drawn = false;
  }

  private draw(): void {
    const elapsed = (Date.now() - this.started) / 1000;
    const done = this.source.done();
    const total = this.source.total();
    const items = this.source.items?.();
    const counted = items === undefined ? '' : ` ${compact(items)} ${this.unit} ${compact(elapsed > 0 ? items / elapsed : 0)}/s`;
    let line = `${this.label}${counted}`;
    if (total !== undefined && total > 0) {
      const fraction = Math.min(1, done / total);
      const filled = Math.round(fraction * BAR_WIDTH);
      const eta = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : Number.NaN;
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%`;
      line = `${this.label} ${bar}${counted} ETA ${duration(eta)}`;
    }
    this.terminal.raw(`\r\u001b[2K${line}`);
    this.drawn = true;
  }
}
