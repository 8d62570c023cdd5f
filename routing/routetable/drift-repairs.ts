// Drift repairs: a route of ours that someone else deleted or changed in the kernel, put back by the
// reconciler. A drift is noted when it is seen (a route monitor event, or a periodic resync finding a
// route that was in sync no longer is) and counted as repaired when the reconciler's next change for
// that key succeeds; a drift that is never repaired (the kernel keeps refusing) is never counted.
// Changes we make ourselves are not drift: the reconciler only notes keys it has no change pending for.

/**
 * `deleted`: our route is gone. `changed`: our route is there with other attributes (gateway, device…).
 * `replaced`: a route of another protocol took its place. `added`: a route with our protocol number
 * that we do not want appeared (someone used `proto 0x54`); it is deleted.
 */
export type DriftKind = 'deleted' | 'changed' | 'replaced' | 'added';

export const DRIFT_KINDS: readonly DriftKind[] = ['deleted', 'changed', 'replaced', 'added'];

export class DriftRepairs {
  private readonly pending = new Map<string, DriftKind>();
  private readonly counts = new Map<DriftKind, number>();

  /** A drift on `key` was seen; the first kind seen stands until it is repaired. */
  noted(key: string, kind: DriftKind): void {
    if (!this.pending.has(key)) this.pending.set(key, kind);
  }

  isPending(key: string): boolean {
    return this.pending.has(key);
  }

  /** The reconciler's change for `key` succeeded: a drift noted on it is repaired. */
  repaired(key: string): DriftKind | undefined {
    const kind = this.pending.get(key);
    if (kind === undefined) return undefined;
    this.pending.delete(key);
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    return kind;
  }

  /** The key needs no change any more (the route came back by itself, or is no longer wanted). */
  forget(key: string): void {
    this.pending.delete(key);
  }

  /** Repairs so far, by kind (every kind present, 0 when none). */
  totals(): Record<DriftKind, number> {
    return Object.fromEntries(DRIFT_KINDS.map((k) => [k, this.counts.get(k) ?? 0])) as Record<
      DriftKind,
      number
    >;
  }
}
