/**
 * The one tie policy every method uses to turn scores into a label.
 *
 * - `'first'` (default): among the labels whose score equals the maximum, the
 *   one that comes first in the matrix's label order. With the default
 *   `'sorted'` label order this is the smallest label, exactly like pandas'
 *   `idxmax` in Crowd-Kit.
 * - `'random'`: a label drawn uniformly among the tied ones with a seeded
 *   PRNG (mulberry32), so a given seed always gives the same answer.
 *
 * Two scores tie when they differ by at most {@link TIE_RELATIVE_TOLERANCE}
 * times the larger magnitude (at least 1), so sums of floating-point weights
 * that are equal on paper (0.3 + 0.6 vs 0.9) are treated as equal.
 */
import { AggregationError, describeValue } from './errors.js';
import type { TiePolicy } from './types.js';

/** Scores closer than this (relative to max(|best|, 1)) count as a tie. */
export const TIE_RELATIVE_TOLERANCE = 1e-12;

/** A deterministic generator of numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: a small, fast, seeded 32-bit PRNG (deterministic per seed). */
export function createRng(seed = 0): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Validates a tie policy option, defaulting to `'first'`. */
export function resolveTiePolicy(ties: unknown): TiePolicy {
  if (ties === undefined) return 'first';
  if (ties === 'first' || ties === 'random') return ties;
  throw new AggregationError('INVALID_OPTION', `ties must be 'first' or 'random', got ${describeValue(ties)}`, {
    option: 'ties',
    value: ties,
  });
}

/** Validates a seed option (a finite integer), defaulting to 0. */
export function resolveSeed(seed: unknown): number {
  if (seed === undefined) return 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new AggregationError('INVALID_OPTION', `seed must be an integer, got ${describeValue(seed)}`, {
      option: 'seed',
      value: seed,
    });
  }
  return seed;
}

/**
 * Index (0 … n-1) of the largest of `row[offset] … row[offset + n - 1]`,
 * ties resolved by `policy` (see the module comment). `rng` is only used by
 * `'random'`. Returns -1 when n = 0.
 */
export function argmaxWithTies(
  row: ArrayLike<number>,
  offset: number,
  n: number,
  policy: TiePolicy = 'first',
  rng?: Rng,
): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = row[offset + k] as number;
    if (best < 0 || v > bestValue) {
      best = k;
      bestValue = v;
    }
  }
  if (best < 0) return -1;
  const tolerance = TIE_RELATIVE_TOLERANCE * Math.max(Math.abs(bestValue), 1);
  if (policy === 'first') {
    for (let k = 0; k < best; k++) {
      if (bestValue - (row[offset + k] as number) <= tolerance) return k;
    }
    return best;
  }
  const draw = rng ?? createRng(0);
  let chosen = -1;
  let seen = 0;
  for (let k = 0; k < n; k++) {
    if (bestValue - (row[offset + k] as number) <= tolerance) {
      seen++;
      if (draw() * seen < 1) chosen = k;
    }
  }
  return chosen;
}
