/**
 * Every method by name. To add one: import it and append an entry to
 * `ENTRIES` (one line per method keeps merges easy).
 */
import { AggregationError } from './errors.js';
import { dawidSkene } from './methods/dawid-skene.js';
import { majorityVote } from './methods/majority-vote.js';
import { weightedDynamicOverlap, type WeightedDynamicOverlapOptions } from './methods/weighted-dynamic-overlap.js';
import type { AggregationResult, ResponseMatrix } from './types.js';

/** A method as the CLI and the server see it. */
export interface MethodEntry {
  /** Registry name (kebab-case), e.g. `'dawid-skene'`. */
  readonly name: string;
  /** One line for help texts. */
  readonly description: string;
  /** Runs the method; `options` is the method's own options object. */
  readonly run: (matrix: ResponseMatrix, options?: Record<string, unknown>) => AggregationResult;
  /** The defaults the method fills in for omitted options. */
  readonly defaults: Readonly<Record<string, unknown>>;
}

const ENTRIES: readonly MethodEntry[] = [
  {
    name: 'majority-vote',
    description: 'Majority vote, optionally weighted by worker skills',
    run: (matrix, options) => majorityVote(matrix, options),
    defaults: { ties: 'first', seed: 0, onMissingSkill: 'error' },
  },
  {
    name: 'weighted-dynamic-overlap',
    description: "Toloka's aggregation by skill: largest sum of skill/100 wins, one-coin Bayesian confidence over all options",
    run: (matrix, options) => weightedDynamicOverlap(matrix, options as unknown as WeightedDynamicOverlapOptions),
    defaults: { ties: 'first', seed: 0, missingSkill: 'error', epsilon: 1e-4 },
  },
  {
    name: 'dawid-skene',
    description: 'Dawid-Skene EM with per-worker confusion matrices (Crowd-Kit semantics, monotone stopping rule)',
    run: (matrix, options) => dawidSkene(matrix, options),
    defaults: { ties: 'first', seed: 0, maxIterations: 100, stopping: 'likelihood', tolerance: 1e-6, golden: 'ignore' },
  },
  // wawa, zero-based-skill, one-coin-dawid-skene, glad, mace, kos, mmsr: one entry each.
];

/** Every registered method, keyed by name. */
export const METHODS: Readonly<Record<string, MethodEntry>> = Object.freeze(
  Object.fromEntries(ENTRIES.map((entry) => [entry.name, entry])),
);

/** Names of the registered methods, in registry order. */
export const METHOD_NAMES: readonly string[] = ENTRIES.map((entry) => entry.name);

/** The method called `name`; throws `INVALID_OPTION` listing the valid names otherwise. */
export function getMethod(name: string): MethodEntry {
  const entry = Object.prototype.hasOwnProperty.call(METHODS, name) ? METHODS[name] : undefined;
  if (entry === undefined) {
    throw new AggregationError('INVALID_OPTION', `unknown method ${JSON.stringify(name)}; valid methods: ${METHOD_NAMES.join(', ')}`, {
      option: 'method',
      value: name,
      valid: METHOD_NAMES,
    });
  }
  return entry;
}
