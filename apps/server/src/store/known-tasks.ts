/**
 * A bounded memory of task ids a store has seen in its database. Tasks are
 * never deleted, so "this task exists" stays true once read: an import can
 * skip the database check for ids it remembers. When full, the pools used
 * longest ago are forgotten first; a single pool larger than the limit keeps
 * the ids it has and checks the rest in the database every time.
 *
 * Ids are kept as 64-bit fingerprints (8 bytes in an open-addressing table,
 * 11–21 bytes per id with its free slots) rather than as strings (about
 * 53 bytes per id in a `Set`). A task that does not exist is taken for a
 * remembered one only when its fingerprint equals one of the pool's: with n
 * ids remembered, a chance of about n / 2⁶⁴ per lookup (2 × 10⁻¹³ for
 * 4,000,000 ids).
 */
export class KnownTasks {
  /** Pools in order of last use (oldest first). */
  private readonly byPool = new Map<string, FingerprintSet>();
  private count = 0;

  /** @param limit most ids remembered across all pools (0 disables the memory). */
  constructor(private readonly limit: number) {}

  /** True when the task is known to exist in the pool. */
  has(poolId: string, taskId: string): boolean {
    const ids = this.byPool.get(poolId);
    return ids !== undefined && ids.has(taskId);
  }

  /** Remembers tasks that exist in the pool (read from the database, or committed). */
  add(poolId: string, taskIds: Iterable<string>): void {
    if (this.limit <= 0) return;
    let ids = this.byPool.get(poolId);
    if (ids === undefined) ids = new FingerprintSet();
    else this.byPool.delete(poolId);
    this.byPool.set(poolId, ids); // now the most recently used
    for (const id of taskIds) {
      if (ids.has(id)) continue;
      if (this.count >= this.limit && !this.evictOldest(poolId)) return;
      ids.add(id);
      this.count += 1;
    }
  }

  /** Forgets the least recently used pool other than `keep`; false when there is none. */
  private evictOldest(keep: string): boolean {
    for (const [poolId, ids] of this.byPool) {
      if (poolId === keep) continue;
      this.byPool.delete(poolId);
      this.count -= ids.size;
      return true;
    }
    return false;
  }

  /** Number of ids remembered. */
  get size(): number {
    return this.count;
  }
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Largest share of occupied slots before the table doubles. */
const MAX_LOAD = 0.7;

/**
 * A set of strings stored as 64-bit fingerprints: two 32-bit multiplicative
 * hashes of the UTF-16 code units, finalised and mixed into each other, in a
 * linear-probing table. The fingerprint (0, 0) marks a free slot, so a string
 * hashing to it is stored as (0, 1).
 */
class FingerprintSet {
  private high = new Int32Array(16);
  private low = new Int32Array(16);
  private used = 0;

  /** Number of fingerprints stored. */
  get size(): number {
    return this.used;
  }

  has(id: string): boolean {
    const [high, low] = fingerprint(id);
    return !this.isFree(this.slotOf(high, low));
  }

  add(id: string): void {
    if ((this.used + 1) > this.high.length * MAX_LOAD) this.grow();
    const [high, low] = fingerprint(id);
    if (this.place(high, low)) this.used += 1;
  }

  /** The slot holding the fingerprint, else the free slot where it belongs (linear probing). */
  private slotOf(high: number, low: number): number {
    const mask = this.high.length - 1;
    for (let slot = low & mask; ; slot = (slot + 1) & mask) {
      if ((this.high[slot] === high && this.low[slot] === low) || this.isFree(slot)) return slot;
    }
  }

  private isFree(slot: number): boolean {
    return this.high[slot] === 0 && this.low[slot] === 0;
  }

  /** Stores one fingerprint; false when it was there already. */
  private place(high: number, low: number): boolean {
    const slot = this.slotOf(high, low);
    if (!this.isFree(slot)) return false;
    this.high[slot] = high;
    this.low[slot] = low;
    return true;
  }

  private grow(): void {
    const { high, low } = this;
    this.high = new Int32Array(high.length * 2);
    this.low = new Int32Array(low.length * 2);
    for (let i = 0; i < high.length; i++) {
      const h = high[i] as number;
      const l = low[i] as number;
      if (h !== 0 || l !== 0) this.place(h, l);
    }
  }
}

/** The two 32-bit halves of a string's fingerprint, never both 0. */
function fingerprint(id: string): [number, number] {
  let a = 0x9e3779b9 ^ id.length;
  let b = 0x7f4a7c15 ^ Math.imul(id.length, 0x01000193);
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul((b ^ c) + (b >>> 15), 0x5bd1e995);
  }
  const high = mix32(a ^ Math.imul(b, 0x27d4eb2d));
  const low = mix32(b ^ Math.imul(a, 0x165667b1));
  return high === 0 && low === 0 ? [0, 1] : [high, low];
}
