/** Fit-time measurement: warm-up, then the median of several timed runs. */

/** How many timed runs a fit gets, given how long its warm-up took. */
export interface RunPolicy {
  /** Timed runs for a fast fit (after the warm-up). */
  readonly runs: number;
  /** A warm-up at least this long (ms) gets `slowRuns` timed runs instead. */
  readonly slowMs: number;
  readonly slowRuns: number;
  /** A warm-up at least this long (ms) gets no further runs: the warm-up is the measurement. */
  readonly verySlowMs: number;
}

/** Default policy: 5 runs; 3 for fits of 2 s or more; the warm-up alone from 10 s. */
export const DEFAULT_POLICY: RunPolicy = { runs: 5, slowMs: 2_000, slowRuns: 3, verySlowMs: 10_000 };

/** The outcome of timing one fit. */
export interface Timed<T> {
  /** Result of the last run. */
  readonly result: T;
  /** Median wall time of the timed runs (ms). */
  readonly medianMs: number;
  /** Median CPU time (user + system, all threads of the process) of the timed runs (ms). */
  readonly medianCpuMs: number;
  /** Fastest timed run (ms). */
  readonly minMs: number;
  /** Number of timed runs behind the median (0 means: the warm-up itself, no separate warm-up). */
  readonly runs: number;
}

/** Collects garbage when Node was started with `--expose-gc` (a no-op otherwise). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

/** Whether `global.gc` is available (memory figures need it). */
export function canCollectGarbage(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

/** How long {@link timeOnce} sleeps after a collection so that its background sweeping ends before the clock starts. */
const SETTLE_MS = 20;
const settleCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Wall and CPU time of one call, in ms, with a garbage collection before it
 * (not timed). The collection's sweeping and unmapping continue on helper
 * threads after `gc()` returns; without a short sleep they land in the timed
 * window and charge the fit for the garbage of earlier runs. Garbage the fit
 * itself makes is still counted. On a shared machine the wall time includes
 * waiting for a core; the CPU time does not (but counts helper threads, e.g.
 * concurrent GC).
 */
export function timeOnce<T>(fn: () => T): { result: T; ms: number; cpuMs: number } {
  collectGarbage();
  if (canCollectGarbage()) Atomics.wait(settleCell, 0, 0, SETTLE_MS);
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  return { result, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Warm-up runs repeat until they have taken this long in all (ms) … */
const WARM_UP_MS = 500;
/** … or until this many have run. */
const WARM_UP_RUNS = 5;

/**
 * Runs `fn` as a warm-up until the warm-ups have taken {@link WARM_UP_MS} or
 * {@link WARM_UP_RUNS} runs (a fit of a few ms is not optimised by the JIT
 * after one call: majority vote on the 500k case takes 44–49 ms CPU after one
 * warm-up and 11–15 ms after five), then as many timed runs as the policy
 * allows for the last warm-up's duration; returns the median.
 */
export function timeFit<T>(fn: () => T, policy: RunPolicy = DEFAULT_POLICY): Timed<T> {
  let warm = timeOnce(fn);
  let warmUpMs = warm.ms;
  for (let i = 1; i < WARM_UP_RUNS && warmUpMs < WARM_UP_MS; i++) {
    warm = timeOnce(fn);
    warmUpMs += warm.ms;
  }
  const runs = warm.ms >= policy.verySlowMs ? 0 : warm.ms >= policy.slowMs ? policy.slowRuns : policy.runs;
  if (runs === 0) return { result: warm.result, medianMs: warm.ms, medianCpuMs: warm.cpuMs, minMs: warm.ms, runs: 0 };
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let result = warm.result;
  for (let i = 0; i < runs; i++) {
    const run = timeOnce(fn);
    times.push(run.ms);
    cpuTimes.push(run.cpuMs);
    result = run.result;
  }
  return { result, medianMs: median(times), medianCpuMs: median(cpuTimes), minMs: Math.min(...times), runs };
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** A snapshot of the process's memory, after a full collection when possible. */
export interface MemorySnapshot {
  /** V8 heap in use (objects, strings). */
  readonly heapUsed: number;
  /** Memory of ArrayBuffers (typed arrays' storage), outside the V8 heap. */
  readonly arrayBuffers: number;
  readonly rss: number;
}

/**
 * Collects garbage, then reads memory usage. Yields to the event loop between
 * collections so that freed ArrayBuffer backing stores (released by a
 * background sweeper) are no longer counted.
 */
export async function memorySnapshot(): Promise<MemorySnapshot> {
  for (let i = 0; i < 3; i++) {
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, arrayBuffers: usage.arrayBuffers, rss: usage.rss };
}

/** Peak resident set size of the process so far, in bytes. */
export function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}
