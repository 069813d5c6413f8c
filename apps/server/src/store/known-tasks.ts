/**
 * A bounded memory of task ids a store has seen in its database. Tasks are
 * never deleted, so "this task exists" stays true once read: an import can
 * skip the database check for ids it remembers. When the memory reaches its
 * limit it starts over (the next imports check their ids again).
 */
export class KnownTasks {
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
    for (const id of taskIds) {
      if (ids?.has(id) === true) continue;
      if (this.count >= this.limit) {
        this.byPool.clear();
        this.count = 0;
        ids = undefined;
      }
      if (ids === undefined) this.byPool.set(poolId, (ids = new Set()));
      ids.add(id);
      this.count += 1;
    }
  }

  /** Number of ids remembered. */
  get size(): number {
    return this.count;
  }
}
