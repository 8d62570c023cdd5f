import { syncKey, type AnyResource, type SyncUpdate } from '../../datastore/index.js';

/**
 * What the consumer has been told, by sync key. Every change goes through here, so the consumer hears
 * only real differences: a re-sent resource with the same resourceVersion is silent, and a full
 * re-snapshot turns into just the adds, changes and deletes it implies.
 */
export class ClientCache {
  private known = new Map<string, AnyResource>();

  get size(): number {
    return this.known.size;
  }

  resources(): AnyResource[] {
    return [...this.known.values()];
  }

  set(resource: AnyResource): SyncUpdate | undefined {
    const key = syncKey(resource);
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

  /** Replaces everything with a fresh snapshot; returns the differences. */
  replace(fresh: ReadonlyMap<string, AnyResource>): SyncUpdate[] {
    const updates: SyncUpdate[] = [];
    for (const [key, resource] of fresh) {
      if (this.known.get(key)?.metadata.resourceVersion !== resource.metadata.resourceVersion) {
        updates.push({ type: 'set', key, resource });
      }
    }
    for (const [key, resource] of this.known) {
      if (!fresh.has(key)) updates.push({ type: 'deleted', key, resource });
    }
    this.known = new Map(fresh);
    return updates;
  }
}
