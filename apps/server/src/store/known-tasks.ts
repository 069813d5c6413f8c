/**
 * A bounded memory of task ids a store has seen in its database. Tasks are
 * never deleted, so "this task exists" stays true once read: an import can
 * skip the database check for ids it remembers. When full, the pools used
 * longest ago are forgotten first; a single pool larger than the limit keeps
 * the ids it has and checks the rest in the database every time.
 */
export class KnownTasks {
  /** Pools in order of last use (oldest first). */
  private readonly byPool = new Map<string, Set<string>>();
  private count = 0;

  /** @param limit most ids remembered across all pools (0 disables the memory). */
  constructor(private readonly limit: number) {}

  /** True when the task is known to exist in the pool. */
  has(poolId: string, taskId: string): boolean {
    return this.byPool.get(poolId)?.has(taskId) === true;
  }

  /** Remembers tasks that exist in the pool (read from the database, or committed). */
  add(poolId: string, taskIds: Iterable<string>): void {
    if (this.limit <= 0) return;
    let ids = this.byPool.get(poolId);
    if (ids === undefined) ids = new Set();
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
