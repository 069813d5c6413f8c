import type { Prng } from './prng.js';

/**
 * Walker/Vose alias table: draws index i with probability weights[i] / Σ weights
 * in O(1) per draw after O(n) set-up.
 */
export class AliasTable {
  private readonly threshold: Float64Array;
  private readonly alias: Int32Array;

  /** Builds the table; weights must be finite, non-negative and not all zero. */
  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i] ?? 0;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`alias table: weight ${i} is ${w}`);
      total += w;
    }
    if (n === 0 || total <= 0) throw new RangeError('alias table: weights must have a positive sum');
    this.threshold = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let nSmall = 0;
    let nLarge = 0;
    for (let i = 0; i < n; i++) {
      const p = ((weights[i] ?? 0) * n) / total;
      scaled[i] = p;
      if (p < 1) small[nSmall++] = i;
      else large[nLarge++] = i;
    }
    while (nSmall > 0 && nLarge > 0) {
      const s = small[--nSmall] ?? 0;
      const l = large[--nLarge] ?? 0;
      this.threshold[s] = scaled[s] ?? 0;
      this.alias[s] = l;
      const rest = (scaled[l] ?? 0) + (scaled[s] ?? 0) - 1;
      scaled[l] = rest;
      if (rest < 1) small[nSmall++] = l;
      else large[nLarge++] = l;
    }
    while (nLarge > 0) this.threshold[large[--nLarge] ?? 0] = 1;
    while (nSmall > 0) this.threshold[small[--nSmall] ?? 0] = 1;
  }

  /** Draws one index. */
  sample(rng: Prng): number {
    const n = this.threshold.length;
    const u = rng.float() * n;
    const i = Math.floor(u);
    return u - i < (this.threshold[i] ?? 1) ? i : (this.alias[i] ?? i);
  }
}
