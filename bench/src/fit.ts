import { METHOD_NAMES, METHODS, isAggregationError } from '@crowdagg/local-aggregator';
import type { AggregationResult, MethodEntry, ResponseMatrix } from '@crowdagg/local-aggregator';
import { type TruthOf, accuracy, contractProblems } from './scoring.js';
import { type RunPolicy, timeFit } from './timing.js';
import type { Variant } from './variants.js';

/** The registered methods to run, and the requested names that are not registered (yet). */
export function selectMethods(only: readonly string[] | undefined): { entries: MethodEntry[]; missing: string[] } {
  const names = [...new Set(only ?? METHOD_NAMES)];
  const entries: MethodEntry[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const entry = Object.prototype.hasOwnProperty.call(METHODS, name) ? METHODS[name] : undefined;
    if (entry === undefined) missing.push(name);
    else entries.push(entry);
  }
  return { entries, missing };
}

/** Error codes that mean "this method does not apply to this input", not a failure. */
const REFUSAL_CODES: readonly string[] = ['NOT_BINARY', 'MISSING_SKILL', 'SINGLE_CLASS'];

/** One benchmark cell: a method fitted on one case. */
export interface FitCell {
  /** Dataset or synthetic case name. */
  readonly case: string;
  readonly method: string;
  readonly answers: number;
  /** Median fit time (ms) of `runs` timed runs (0 runs: the single warm-up run). */
  readonly fitMs?: number;
  /** Median CPU time (ms) of the same runs. */
  readonly cpuMs?: number;
  readonly minMs?: number;
  readonly runs?: number;
  readonly iterations?: number;
  readonly converged?: boolean;
  readonly accuracy?: number;
  /** Contract violations seen in the result (NaN, rows not summing to 1, …). */
  readonly problems: readonly string[];
  /** Why the method did not run: an `AggregationError` code (expected refusals) or an unexpected error. */
  readonly error?: string;
  /** Whether `error` is an expected refusal (e.g. KOS on a non-binary set) rather than a crash. */
  readonly refused?: boolean;
  /** Dawid-Skene variants only: share of tasks labelled as Crowd-Kit's DS labelled them (crowdkit-ds.tsv). */
  readonly crowdkitDsAgreement?: number;
}

/** Fits a variant on `matrix` with warm-up and median timing, then scores and checks the last result. */
export function benchFit(
  caseName: string,
  variant: Variant,
  matrix: ResponseMatrix,
  truthOf: TruthOf,
  policy: RunPolicy,
): { cell: FitCell; result?: AggregationResult } {
  const base = { case: caseName, method: variant.name, answers: matrix.nAnswers };
  try {
    const options = variant.options?.(matrix);
    const timed = timeFit(() => variant.entry.run(matrix, options), policy);
    const result = timed.result;
    const acc = accuracy(matrix, result.labels, truthOf);
    return {
      cell: {
        ...base,
        fitMs: timed.medianMs,
        cpuMs: timed.medianCpuMs,
        minMs: timed.minMs,
        runs: timed.runs,
        iterations: result.iterations,
        converged: result.converged,
        ...(acc === undefined ? {} : { accuracy: acc }),
        problems: contractProblems(matrix, result),
      },
      result,
    };
  } catch (error) {
    if (isAggregationError(error)) {
      return { cell: { ...base, problems: [], error: error.code, refused: REFUSAL_CODES.includes(error.code) } };
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { cell: { ...base, problems: [], error: message, refused: false } };
  }
}
