/**
 * "Seen twice, a grace period apart": the rule the garbage collector applies before deleting anything.
 * One sighting can be a snapshot taken mid-operation (a CNI ADD has allocated but not yet written the
 * endpoint; a claim has written its first step); an object that is still in exactly the same state a
 * grace period later, on a later pass, is not in flight. Keys must change whenever the object changes
 * (include its resourceVersion or sequence number), so an object that moved restarts its clock.
 */
export class ObservationTracker<T> {
  private readonly seen = new Map<string, { readonly firstMs: number; count: number; value: T }>();

  constructor(private readonly graceMs: number) {}

  /**
   * Records one pass. Returns the entries that were observed on an earlier pass at least `graceMs` ago
   * and again now; forgets entries absent from this pass.
   */
  observe(current: ReadonlyMap<string, T>, nowMs: number): T[] {
    for (const key of [...this.seen.keys()]) if (!current.has(key)) this.seen.delete(key);
    const ready: T[] = [];
    for (const [key, value] of current) {
      const entry = this.seen.get(key);
      if (entry === undefined) {
        this.seen.set(key, { firstMs: nowMs, count: 1, value });
        continue;
      }
      entry.count++;
      entry.value = value;
      if (entry.count >= 2 && nowMs - entry.firstMs >= this.graceMs) ready.push(value);
    }
    return ready;
  }

  /** Forget one key (after acting on it). */
  forget(key: string): void {
    this.seen.delete(key);
  }

  get size(): number {
    return this.seen.size;
  }
}
