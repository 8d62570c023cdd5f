// The graph's one copy of the datastore: kind → key → resource, fed by syncer updates. Calculators read
// it; only the graph writes it.
import {
  syncKey,
  type AnyResource,
  type ResourceByKind,
  type ResourceKind,
  type SyncUpdate,
} from '../../../datastore/index.js';
import { canonicalJson } from './change-gate.js';

export class ResourceIndex {
  private readonly byKind = new Map<ResourceKind, Map<string, AnyResource>>();

  /** Applies one update; false when it changed nothing (a set of an identical object). */
  apply(update: SyncUpdate): boolean {
    const kind = update.resource.kind;
    const items = this.byKind.get(kind) ?? new Map<string, AnyResource>();
    this.byKind.set(kind, items);
    const key = syncKey(update.resource);
    if (update.type === 'deleted') return items.delete(key);
    const previous = items.get(key);
    items.set(key, update.resource);
    return previous === undefined || !sameContent(previous, update.resource);
  }

  list<K extends ResourceKind>(kind: K): Array<ResourceByKind[K]> {
    return [...(this.byKind.get(kind)?.values() ?? [])] as Array<ResourceByKind[K]>;
  }

  get<K extends ResourceKind>(kind: K, name: string, namespace?: string): ResourceByKind[K] | undefined {
    const key = namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
    return this.byKind.get(kind)?.get(key) as ResourceByKind[K] | undefined;
  }
}

/** Same object apart from its revision: a re-list after compaction must not look like a change. */
function sameContent(a: AnyResource, b: AnyResource): boolean {
  const strip = (r: AnyResource): unknown => ({
    ...r,
    metadata: { ...r.metadata, resourceVersion: undefined },
  });
  return canonicalJson(strip(a)) === canonicalJson(strip(b));
}
