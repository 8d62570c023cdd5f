import { randomUUID } from 'node:crypto';

import { sameJson, type KubeObject } from '../convert.js';
import { alreadyExists, badRequest, conflict, invalid, notFound, type StatusAnswer } from './status.js';
import type { Target } from './routes.js';
import type { ServedResource } from './served-resources.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface HistoryEntry {
  readonly revision: number;
  readonly type: WatchEventType;
  readonly resource: ServedResource;
  readonly namespace: string | undefined;
  /** As a watch delivers it; for DELETED, the last state with the deletion's resourceVersion. */
  readonly object: KubeObject;
}

export type Outcome =
  { readonly ok: true; readonly object: KubeObject } | { readonly ok: false; readonly status: StatusAnswer };

const fail = (status: StatusAnswer): Outcome => ({ ok: false, status });
const clone = <T>(value: T): T => structuredClone(value);

/**
 * The stand-in's storage, with etcd-like revisions as Kubernetes exposes them: one counter for the
 * whole store, bumped by every write; an object's resourceVersion is the revision that last wrote
 * it; a list's is the current revision. History is kept for watches until compact() discards it.
 */
export class ObjectStore {
  private revision = 1;
  private compactedRevision = 0;
  private readonly objects = new Map<string, KubeObject>();
  private history: HistoryEntry[] = [];
  private readonly listeners = new Set<(entry: HistoryEntry) => void>();

  get currentRevision(): number {
    return this.revision;
  }

  get compacted(): number {
    return this.compactedRevision;
  }

  /** Drops history before `revision` (default: now), as etcd compaction does. */
  compact(revision = this.revision): void {
    if (revision <= this.compactedRevision) return;
    this.compactedRevision = revision;
    this.history = this.history.filter((entry) => entry.revision >= revision);
  }

  /** The objects of a collection in key order (namespace, then name), as etcd ranges return them. */
  list(resource: ServedResource, namespace: string | undefined): KubeObject[] {
    const prefix = collectionKey(resource, namespace);
    return [...this.objects.keys()]
      .filter((key) => key.startsWith(prefix))
      .sort()
      .map((key) => clone(this.objects.get(key) as KubeObject));
  }

  get(target: Target): Outcome {
    const stored = this.objects.get(objectKey(target));
    return stored === undefined ? fail(notFound(describe(target))) : { ok: true, object: clone(stored) };
  }

  create(target: Target, body: KubeObject): Outcome {
    const { resource, namespace } = target;
    const name = body.metadata?.name;
    if (name === undefined || name === '')
      return fail(invalid('metadata.name: Required value: name is required'));
    if (
      resource.namespaced &&
      body.metadata?.namespace !== undefined &&
      body.metadata.namespace !== namespace
    )
      return fail(
        badRequest('the namespace of the provided object does not match the namespace sent on the request'),
      );
    if (body.metadata?.resourceVersion !== undefined)
      return fail(badRequest('resourceVersion should not be set on objects to be created'));
    const at = { ...target, name };
    const key = objectKey(at);
    if (this.objects.has(key)) return fail(alreadyExists(describe(at)));
    const object = clone(body);
    object.metadata = {
      ...object.metadata,
      name,
      ...(resource.namespaced ? { namespace } : {}),
      uid: randomUUID(),
      // Kubernetes' metav1.Time has one-second precision.
      creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    if (resource.statusSubresource) delete object.status;
    if (resource.kind === 'Namespace') defaultNamespace(object, name);
    return { ok: true, object: this.write(key, 'ADDED', at, object) };
  }

  /** PUT on the object (`status` false) or on its `/status` subresource. */
  replace(target: Target, body: KubeObject): Outcome {
    const key = objectKey(target);
    const stored = this.objects.get(key);
    if (stored === undefined) return fail(notFound(describe(target)));
    if (body.metadata?.name !== target.name)
      return fail(badRequest('the name of the object does not match the name on the URL'));
    const expected = body.metadata?.resourceVersion;
    if (expected === undefined || expected === '')
      return fail(invalid('metadata.resourceVersion: Invalid value: 0: must be specified for an update'));
    if (expected !== stored.metadata?.resourceVersion) return fail(conflict(describe(target)));
    const next =
      target.subresource === 'status' ? { ...clone(stored), status: clone(body.status) } : clone(body);
    next.metadata = {
      ...next.metadata,
      // Server-owned: a client cannot change them.
      uid: stored.metadata?.uid,
      creationTimestamp: stored.metadata?.creationTimestamp,
      ...(target.resource.namespaced ? { namespace: target.namespace } : {}),
    };
    const statusOwnedElsewhere = target.resource.statusSubresource || target.resource.kind === 'Namespace';
    if (target.subresource === undefined && statusOwnedElsewhere) {
      if (stored.status === undefined) delete next.status;
      else next.status = clone(stored.status);
    }
    // Kubernetes does not write (nor bump the resourceVersion for) an update that changes nothing.
    if (sameJson(withoutVersion(next), withoutVersion(stored))) return { ok: true, object: clone(stored) };
    return { ok: true, object: this.write(key, 'MODIFIED', target, next) };
  }

  delete(target: Target, preconditions: { resourceVersion?: string; uid?: string }): Outcome {
    const key = objectKey(target);
    const stored = this.objects.get(key);
    if (stored === undefined) return fail(notFound(describe(target)));
    const { resourceVersion, uid } = preconditions;
    if (
      (resourceVersion !== undefined && resourceVersion !== stored.metadata?.resourceVersion) ||
      (uid !== undefined && uid !== stored.metadata?.uid)
    ) {
      return fail(conflict(describe(target)));
    }
    this.objects.delete(key);
    const revision = ++this.revision;
    // The DELETED event carries the last state stamped with the deletion's revision, as the API server's
    // etcd watcher does, so a watch resuming from it continues after the delete.
    const object = { ...clone(stored), metadata: { ...stored.metadata, resourceVersion: String(revision) } };
    this.record({
      revision,
      type: 'DELETED',
      resource: target.resource,
      namespace: target.namespace,
      object,
    });
    return { ok: true, object: clone(stored) };
  }

  /**
   * History after `revision` for one collection, or 'expired' if compaction removed part of it (the
   * same rule as etcd: history at or after the compaction revision is kept).
   */
  eventsAfter(
    resource: ServedResource,
    namespace: string | undefined,
    revision: number,
  ): HistoryEntry[] | 'expired' {
    if (revision + 1 < this.compactedRevision) return 'expired';
    return this.history.filter((entry) => entry.revision > revision && matches(entry, resource, namespace));
  }

  subscribe(listener: (entry: HistoryEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(key: string, type: WatchEventType, target: Target, object: KubeObject): KubeObject {
    const revision = ++this.revision;
    object.metadata = { ...object.metadata, resourceVersion: String(revision) };
    this.objects.set(key, object);
    this.record({
      revision,
      type,
      resource: target.resource,
      namespace: target.namespace,
      object: clone(object),
    });
    return clone(object);
  }

  private record(entry: HistoryEntry): void {
    this.history.push(entry);
    for (const listener of this.listeners) listener(entry);
  }
}

export function matches(
  entry: HistoryEntry,
  resource: ServedResource,
  namespace: string | undefined,
): boolean {
  return entry.resource === resource && (namespace === undefined || entry.namespace === namespace);
}

function collectionKey(resource: ServedResource, namespace: string | undefined): string {
  const base = `${resource.group}/${resource.plural}/`;
  return resource.namespaced && namespace !== undefined ? `${base}${namespace}/` : base;
}

function objectKey(target: Target): string {
  return `${collectionKey(target.resource, target.namespace)}${target.name ?? ''}`;
}

function describe(target: Target): string {
  const group = target.resource.group === '' ? '' : `.${target.resource.group}`;
  return `${target.resource.plural}${group} ${JSON.stringify(target.name ?? '')}`;
}

function withoutVersion(object: KubeObject): KubeObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion: undefined } };
}

/** What the API server's namespace strategy adds on create. */
function defaultNamespace(object: KubeObject, name: string): void {
  const spec = (object.spec ?? {}) as { finalizers?: string[] };
  object.spec = { ...spec, finalizers: spec.finalizers ?? ['kubernetes'] };
  object.status = { phase: 'Active' };
  object.metadata = {
    ...object.metadata,
    labels: { ...object.metadata?.labels, 'kubernetes.io/metadata.name': name },
  };
}
