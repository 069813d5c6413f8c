/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded through
 * splitmix32) so that the synthetic cases are identical on every machine and
 * Node version: only 32-bit integer arithmetic, no `Math.random`.
 */
export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Seeds the four state words from one 32-bit seed. */
  constructor(seed: number) {
    let x = seed >>> 0;
    const splitmix = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = splitmix();
    this.s1 = splitmix();
    this.s2 = splitmix();
    this.s3 = splitmix();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next unsigned 32-bit integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.float();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** FNV-1a over the 32-bit words of some integer arrays: a cheap determinism fingerprint. */
export function checksum(...arrays: readonly (Int32Array | Uint8Array)[]): string {
  let h = 0x811c9dc5;
  for (const array of arrays) {
    for (let i = 0; i < array.length; i++) {
      h = Math.imul(h ^ (array[i] ?? 0), 0x01000193);
    }
    h = Math.imul(h ^ array.length, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
