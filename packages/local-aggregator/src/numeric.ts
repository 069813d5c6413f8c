/**
 * Small numeric kernels shared by the methods: log-sum-exp, normalisation
 * with floors, logs with an explicit floor, and the finiteness guard every
 * method runs before returning.
 */
import { AggregationError } from './errors.js';

/** Default probability floor, as Crowd-Kit's `_EPS` (1e-10). */
export const PROBABILITY_FLOOR = 1e-10;

/** `ln(max(x, floor))`: never -Infinity. */
export function safeLog(x: number, floor = PROBABILITY_FLOOR): number {
  return Math.log(x > floor ? x : floor);
}

/** log Σ exp(values[offset … offset+n-1]), stable; -Infinity only when n = 0. */
export function logSumExp(values: ArrayLike<number>, offset = 0, n = values.length - offset): number {
  let max = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = values[offset + k] as number;
    if (v > max) max = v;
  }
  if (max === -Infinity) return max;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.exp((values[offset + k] as number) - max);
  return max + Math.log(sum);
}

/**
 * Turns log-scores in `row[offset … offset+n-1]` into probabilities in place
 * (max-shift, exponentiate, normalise). Returns the log normaliser
 * (log Σ exp), which is the row's log evidence.
 */
export function softmaxInPlace(row: Float64Array, offset: number, n: number): number {
  let max = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = row[offset + k] as number;
    if (v > max) max = v;
  }
  if (!Number.isFinite(max)) {
    for (let k = 0; k < n; k++) row[offset + k] = 1 / n;
    return max;
  }
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const e = Math.exp((row[offset + k] as number) - max);
    row[offset + k] = e;
    sum += e;
  }
  for (let k = 0; k < n; k++) row[offset + k] = (row[offset + k] as number) / sum;
  return max + Math.log(sum);
}

/**
 * Normalises `row[offset … offset+n-1]` to sum to 1 in place after raising
 * every entry to at least `floor` (default 0). A row whose sum is not
 * positive and finite becomes uniform. Returns the sum before normalising.
 */
export function normaliseInPlace(row: Float64Array, offset: number, n: number, floor = 0): number {
  let sum = 0;
  for (let k = 0; k < n; k++) {
    let v = row[offset + k] as number;
    if (!(v >= floor)) v = floor;
    row[offset + k] = v;
    sum += v;
  }
  if (!(sum > 0) || !Number.isFinite(sum)) {
    for (let k = 0; k < n; k++) row[offset + k] = 1 / n;
    return sum;
  }
  for (let k = 0; k < n; k++) row[offset + k] = (row[offset + k] as number) / sum;
  return sum;
}

/**
 * Throws `AggregationError('NON_FINITE')` when any value is NaN or ±Infinity.
 * Every method calls it on its outputs so no such value ever leaves it.
 */
export function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      throw new AggregationError('NON_FINITE', `${what}[${i}] is ${v}: the computation did not stay finite`, {
        what,
        index: i,
      });
    }
  }
}

/** ψ(x), the digamma function, for x > 0 (recurrence up to 10, then the asymptotic series; error < 1e-13). */
export function digamma(x: number): number {
  let result = 0;
  let v = x;
  while (v < 10) {
    result -= 1 / v;
    v += 1;
  }
  const inv = 1 / v;
  const inv2 = inv * inv;
  return (
    result +
    Math.log(v) -
    0.5 * inv -
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))))
  );
}

/** ln Γ(x) for x > 0 (recurrence up to 10, then Stirling's series; error < 1e-13). */
export function logGamma(x: number): number {
  // Γ(x) = Γ(x + n) / (x (x + 1) … (x + n − 1)): one log of the product (< 10⁹ · x, no overflow).
  let product = 1;
  let v = x;
  while (v < 10) {
    product *= v;
    v += 1;
  }
  const result = -Math.log(product);
  const inv = 1 / v;
  const inv2 = inv * inv;
  return (
    result +
    (v - 0.5) * Math.log(v) -
    v +
    0.5 * Math.log(2 * Math.PI) +
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))))
  );
}
