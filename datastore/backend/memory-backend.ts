import { DatastoreError } from '../errors.js';
import type { AnyResource, ResourceByKind, ResourceKind } from '../model/index.js';
import type {
  Backend,
  DeleteOptions,
  ListOptions,
  ListResult,
  Watch,
  WatchEvent,
  WatchOptions,
} from './backend.js';
import { EventQueue } from './event-queue.js';
import { kindPrefix, resourceKey } from './keys.js';
import {
  alreadyExists,
  checkNamespace,
  conflict,
  decodeStored,
  encodeStored,
  notFound,
  prepareCreate,
  prepareUpdate,
  requireResourceVersion,
  toSelector,
} from './prepare.js';

interface StoredValue {
  readonly json: string;
  readonly createRevision: number;
  readonly modRevision: number;
}

interface HistoryEntry {
  readonly revision: number;
  readonly key: string;
  readonly type: 'added' | 'modified' | 'deleted';
  /** For deletes, the last stored value (with its own mod revision). */
  readonly value: StoredValue;
}

interface Subscriber {
  readonly prefix: string;
  readonly queue: EventQueue<WatchEvent<AnyResource>>;
}

export interface MemoryBackendOptions {
  readonly now?: () => Date;
}

/**
 * An in-process store with etcd's semantics: one global revision that every write increments, mod
 * revisions as resourceVersions, a history that watches replay from, and compaction that discards
 * history (watching from before it gives `resync-needed`, as etcd's ErrCompacted does). Values are kept
 * as JSON so no caller can mutate stored state through a returned object. For unit tests and for
 * consumers (IPAM, syncer) that need a datastore without a server.
 */
export class MemoryBackend implements Backend {
  private revision = 0;
  private compactedRevision = 0;
  private readonly store = new Map<string, StoredValue>();
  private history: HistoryEntry[] = [];
  private readonly subscribers = new Set<Subscriber>();
  private readonly now: () => Date;
  private closed = false;

  constructor(options: MemoryBackendOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  /** The revision of the last write. */
  get currentRevision(): string {
    return String(this.revision);
  }

  /** Discards history before `revision` (default: now), like `etcdctl compact`. */
  compact(revision: string = this.currentRevision): void {
    const rev = Number(revision);
    if (!Number.isInteger(rev) || rev > this.revision) {
      throw new DatastoreError(
        'INVALID_ARGUMENT',
        `cannot compact at ${revision}: current revision is ${this.revision}`,
      );
    }
    if (rev <= this.compactedRevision) return;
    this.compactedRevision = rev;
    this.history = this.history.filter((entry) => entry.revision >= rev);
  }

  async get<K extends ResourceKind>(kind: K, name: string, namespace?: string): Promise<ResourceByKind[K]> {
    this.checkOpen();
    checkNamespace(kind, namespace, true);
    const stored = this.store.get(resourceKey(kind, name, namespace));
    if (stored === undefined) throw notFound(kind, name, namespace);
    return decodeStored<ResourceByKind[K]>(stored.json, String(stored.modRevision));
  }

  async list<K extends ResourceKind>(
    kind: K,
    options: ListOptions = {},
  ): Promise<ListResult<ResourceByKind[K]>> {
    this.checkOpen();
    const prefix = kindPrefix(kind, checkNamespace(kind, options.namespace, false));
    const selector = toSelector(options.selector);
    const items: Array<ResourceByKind[K]> = [];
    for (const key of [...this.store.keys()].sort()) {
      if (!key.startsWith(prefix)) continue;
      const stored = this.store.get(key) as StoredValue;
      const resource = decodeStored<ResourceByKind[K]>(stored.json, String(stored.modRevision));
      if (selector === undefined || selector.matches(resource.metadata.labels)) items.push(resource);
    }
    return { items, revision: this.currentRevision };
  }

  async create<R extends AnyResource>(input: R): Promise<R> {
    this.checkOpen();
    const resource = prepareCreate(input, this.now);
    const key = resourceKey(resource.kind, resource.metadata.name, resource.metadata.namespace);
    if (this.store.has(key)) throw alreadyExists(resource.kind, resource.metadata.name);
    return this.write(key, 'added', resource, undefined);
  }

  async update<R extends AnyResource>(input: R): Promise<R> {
    this.checkOpen();
    const expected = requireResourceVersion(input);
    const { kind, metadata } = input;
    const key = resourceKey(kind, metadata.name, metadata.namespace);
    const stored = this.store.get(key);
    if (stored === undefined) throw notFound(kind, metadata.name, metadata.namespace);
    if (String(stored.modRevision) !== expected)
      throw conflict(kind, metadata.name, expected, String(stored.modRevision));
    const previous = decodeStored<R>(stored.json, expected);
    return this.write(key, 'modified', prepareUpdate(input, previous), stored);
  }

  async delete<K extends ResourceKind>(
    kind: K,
    name: string,
    options: DeleteOptions = {},
  ): Promise<ResourceByKind[K]> {
    this.checkOpen();
    checkNamespace(kind, options.namespace, true);
    const key = resourceKey(kind, name, options.namespace);
    const stored = this.store.get(key);
    if (stored === undefined) throw notFound(kind, name, options.namespace);
    const actual = String(stored.modRevision);
    if (options.resourceVersion !== undefined && options.resourceVersion !== actual) {
      throw conflict(kind, name, options.resourceVersion, actual);
    }
    this.store.delete(key);
    this.record({ revision: ++this.revision, key, type: 'deleted', value: stored });
    return decodeStored<ResourceByKind[K]>(stored.json, actual);
  }

  watch<K extends ResourceKind>(kind: K, options: WatchOptions = {}): Watch<ResourceByKind[K]> {
    this.checkOpen();
    const prefix = kindPrefix(kind, checkNamespace(kind, options.namespace, false));
    const subscriber: Subscriber = {
      prefix,
      queue: new EventQueue(() => this.subscribers.delete(subscriber)),
    };
    const queue = subscriber.queue as unknown as EventQueue<WatchEvent<ResourceByKind[K]>>;
    if (options.fromRevision !== undefined) {
      const start = Number(options.fromRevision) + 1;
      // Same rule as etcd: history at or after the compaction revision is still there.
      if (!Number.isInteger(start) || start < this.compactedRevision) {
        queue.push({
          type: 'resync-needed',
          reason: 'compacted',
          message: `revision ${options.fromRevision} is compacted (history starts at ${this.compactedRevision})`,
        });
        queue.end();
        return queue;
      }
      for (const entry of this.history) {
        if (entry.revision >= start && entry.key.startsWith(prefix)) subscriber.queue.push(toEvent(entry));
      }
    }
    this.subscribers.add(subscriber);
    return queue;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const subscriber of this.subscribers) subscriber.queue.end();
    this.subscribers.clear();
  }

  private write<R extends AnyResource>(
    key: string,
    type: 'added' | 'modified',
    resource: R,
    previous: StoredValue | undefined,
  ): R {
    const revision = ++this.revision;
    const value: StoredValue = {
      json: encodeStored(resource),
      createRevision: previous?.createRevision ?? revision,
      modRevision: revision,
    };
    this.store.set(key, value);
    this.record({ revision, key, type, value });
    return decodeStored(value.json, String(revision));
  }

  private record(entry: HistoryEntry): void {
    this.history.push(entry);
    for (const subscriber of this.subscribers) {
      if (entry.key.startsWith(subscriber.prefix)) subscriber.queue.push(toEvent(entry));
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new DatastoreError('CLOSED', 'the in-memory backend is closed');
  }
}

function toEvent(entry: HistoryEntry): WatchEvent<AnyResource> {
  const resource = decodeStored<AnyResource>(entry.value.json, String(entry.value.modRevision));
  return { type: entry.type, revision: String(entry.revision), resource };
}
