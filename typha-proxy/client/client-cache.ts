import { syncKey, type AnyResource, type SyncUpdate } from '../../datastore/index.js';

/**
 * What the consumer has been told, by sync key. Every change goes through here, so the consumer hears
 * only real differences: a re-sent resource with the same resourceVersion is silent, and a full
 * re-snapshot turns into just the adds, changes and deletes it implies.
 */
export class ClientCache {
  private known = new Map<string, AnyResource>();
  /**
   * Keys seen since a snapshot that typha sent before its own upstream was in sync: until it is, a
   * resource missing from that snapshot may only not be listed yet, so its delete waits (settle()).
   */
  private seenSincePartial: Set<string> | undefined;

  get size(): number {
    return this.known.size;
  }

  resources(): AnyResource[] {
    return [...this.known.values()];
  }

  set(resource: AnyResource): SyncUpdate | undefined {
    const key = syncKey(resource);
    this.seenSincePartial?.add(key);
    if (this.known.get(key)?.metadata.resourceVersion === resource.metadata.resourceVersion) return undefined;
    this.known.set(key, resource);
    return { type: 'set', key, resource };
  }

  delete(resource: AnyResource): SyncUpdate | undefined {
    const key = syncKey(resource);
    const last = this.known.get(key);
    if (last === undefined) return undefined;
    this.known.delete(key);
    return { type: 'deleted', key, resource: last };
  }

  /**
   * Replaces everything with a fresh snapshot; returns the differences. `complete` false: typha's
   * upstream was not in sync when it took the snapshot (a typha that just started), so what the
   * snapshot lacks is kept until settle() (issue 9: a restarted typha's first client dropped its
   * per-node BGPConfiguration for 0.3 s and restarted its BGP speaker with the cluster AS).
   */
  replace(fresh: ReadonlyMap<string, AnyResource>, complete = true): SyncUpdate[] {
    const updates: SyncUpdate[] = [];
    for (const [key, resource] of fresh) {
      if (this.known.get(key)?.metadata.resourceVersion !== resource.metadata.resourceVersion) {
        updates.push({ type: 'set', key, resource });
      }
    }
    if (!complete) {
      this.seenSincePartial = new Set(fresh.keys());
      for (const [key, resource] of fresh) this.known.set(key, resource);
      return updates;
    }
    this.seenSincePartial = undefined;
    for (const [key, resource] of this.known) {
      if (!fresh.has(key)) updates.push({ type: 'deleted', key, resource });
    }
    this.known = new Map(fresh);
    return updates;
  }

  /** typha is in sync now: what no snapshot or update since the partial snapshot named is gone. */
  settle(): SyncUpdate[] {
    const seen = this.seenSincePartial;
    if (seen === undefined) return [];
    this.seenSincePartial = undefined;
    const updates: SyncUpdate[] = [];
    for (const [key, resource] of this.known) {
      if (seen.has(key)) continue;
      this.known.delete(key);
      updates.push({ type: 'deleted', key, resource });
    }
    return updates;
  }
}
