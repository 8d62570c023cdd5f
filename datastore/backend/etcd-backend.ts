import { Etcd3, type IKeyValue, type IOptions, type Namespace, type Watcher } from 'etcd3';

import { errorMessage } from '../../common/index.js';
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

export interface EtcdBackendOptions {
  /** e.g. `['http://127.0.0.1:2379']`. */
  readonly endpoints: readonly string[];
  /**
   * Prepended to every key (default none). Lets several independent datastores share one etcd, which
   * the tests use to isolate each case.
   */
  readonly keyPrefix?: string;
  readonly now?: () => Date;
  /** Passed through to the etcd3 client (TLS credentials, auth, dial timeout). */
  readonly client?: Omit<IOptions, 'hosts'>;
}

/**
 * The datastore on etcd v3. resourceVersion is the key's mod_revision; every conditional write is one
 * transaction comparing it (or create_revision == 0 for create), so concurrent writers cannot both win.
 * Watches start at list revision + 1 and carry the previous value so deletes report what was deleted.
 */
export class EtcdBackend implements Backend {
  private readonly client: Etcd3;
  private readonly kv: Namespace;
  private readonly now: () => Date;
  private readonly watches = new Set<EventQueue<WatchEvent<AnyResource>>>();

  constructor(options: EtcdBackendOptions) {
    this.client = new Etcd3({ ...options.client, hosts: [...options.endpoints] });
    this.kv = options.keyPrefix === undefined ? this.client : this.client.namespace(options.keyPrefix);
    this.now = options.now ?? (() => new Date());
  }

  /** Discards etcd's history before `revision` (cluster-wide): watches from before it need a resync. */
  async compact(revision: string): Promise<void> {
    await this.call('compact', () => this.client.kv.compact({ revision, physical: true }));
  }

  async currentRevision(): Promise<string> {
    const response = await this.call('get revision', () => this.client.get('/').exec());
    return response.header.revision;
  }

  async get<K extends ResourceKind>(kind: K, name: string, namespace?: string): Promise<ResourceByKind[K]> {
    checkNamespace(kind, namespace, true);
    const response = await this.call('get', () => this.kv.get(resourceKey(kind, name, namespace)).exec());
    const kv = response.kvs[0];
    if (kv === undefined) throw notFound(kind, name, namespace);
    return fromKeyValue<ResourceByKind[K]>(kv);
  }

  async list<K extends ResourceKind>(
    kind: K,
    options: ListOptions = {},
  ): Promise<ListResult<ResourceByKind[K]>> {
    const prefix = kindPrefix(kind, checkNamespace(kind, options.namespace, false));
    const selector = toSelector(options.selector);
    // One range request is one consistent snapshot at header.revision.
    const response = await this.call('list', () => this.kv.getAll().prefix(prefix).exec());
    const items = response.kvs
      .map((kv) => fromKeyValue<ResourceByKind[K]>(kv))
      .filter((resource) => selector === undefined || selector.matches(resource.metadata.labels));
    return { items, revision: response.header.revision };
  }

  async create<R extends AnyResource>(input: R): Promise<R> {
    const resource = prepareCreate(input, this.now);
    const key = resourceKey(resource.kind, resource.metadata.name, resource.metadata.namespace);
    const json = encodeStored(resource);
    const result = await this.call('create', () =>
      this.kv.if(key, 'Create', '==', 0).then(this.kv.put(key).value(json)).commit(),
    );
    if (!result.succeeded) throw alreadyExists(resource.kind, resource.metadata.name);
    return decodeStored<R>(json, result.header.revision);
  }

  async update<R extends AnyResource>(input: R): Promise<R> {
    const expected = requireResourceVersion(input);
    const { kind, metadata } = input;
    const key = resourceKey(kind, metadata.name, metadata.namespace);
    // Read first: validation needs the stored object (immutable fields, uid). The transaction below
    // still compares the revision, so a write between this read and the commit loses with CONFLICT.
    const stored = (await this.get(kind, metadata.name, metadata.namespace)) as R;
    const actual = stored.metadata.resourceVersion as string;
    if (actual !== expected) throw conflict(kind, metadata.name, expected, actual);
    const json = encodeStored(prepareUpdate(input, stored));
    const result = await this.call('update', () =>
      this.kv
        .if(key, 'Mod', '==', expected)
        .then(this.kv.put(key).value(json))
        .else(this.kv.get(key))
        .commit(),
    );
    if (!result.succeeded) {
      const current = result.responses[0]?.response_range?.kvs[0];
      if (current === undefined) throw notFound(kind, metadata.name, metadata.namespace);
      throw conflict(kind, metadata.name, expected, current.mod_revision);
    }
    return decodeStored<R>(json, result.header.revision);
  }

  async delete<K extends ResourceKind>(
    kind: K,
    name: string,
    options: DeleteOptions = {},
  ): Promise<ResourceByKind[K]> {
    const key = resourceKey(kind, name, checkNamespace(kind, options.namespace, true));
    // Read, then delete only that revision: the caller gets exactly the object that was deleted. Without
    // an expected version, a concurrent write just means reading again.
    for (;;) {
      const stored = await this.get(kind, name, options.namespace);
      const actual = stored.metadata.resourceVersion as string;
      if (options.resourceVersion !== undefined && options.resourceVersion !== actual) {
        throw conflict(kind, name, options.resourceVersion, actual);
      }
      const result = await this.call('delete', () =>
        this.kv.if(key, 'Mod', '==', actual).then(this.kv.delete().key(key)).commit(),
      );
      if (result.succeeded) return stored;
    }
  }

  watch<K extends ResourceKind>(kind: K, options: WatchOptions = {}): Watch<ResourceByKind[K]> {
    const prefix = kindPrefix(kind, checkNamespace(kind, options.namespace, false));
    let watcher: Watcher | undefined;
    const queue: EventQueue<WatchEvent<AnyResource>> = new EventQueue(() => {
      this.watches.delete(queue);
      void watcher?.cancel();
    });
    this.watches.add(queue);
    // The next revision this stream still owes its consumer: where a compaction check must look. (The
    // client's own lastRevision() moves to the server's head on connect, so it cannot tell.)
    let nextRevision = options.fromRevision === undefined ? undefined : BigInt(options.fromRevision) + 1n;
    const deliver = (event: WatchEvent<AnyResource>): void => {
      if (event.type !== 'resync-needed') nextRevision = BigInt(event.revision) + 1n;
      queue.push(event);
    };
    let builder = this.kv.watch().prefix(prefix).withPreviousKV();
    if (nextRevision !== undefined) builder = builder.startRevision(String(nextRevision));
    const onError = (created: Watcher | undefined, error: unknown): void =>
      void this.onWatchError(
        queue,
        created,
        error,
        nextRevision === undefined ? undefined : String(nextRevision),
      );
    builder
      .create()
      .then((created) => {
        watcher = created;
        if (queue.isEnded) {
          void created.cancel();
          return;
        }
        created.on('put', (kv, previous) => deliver(putEvent(kv, previous)));
        created.on('delete', (kv, previous) => {
          // prev_kv is missing only if compaction removed it before delivery: the consumer must re-list.
          if (previous === undefined)
            onError(created, new Error(`delete of ${kv.key.toString()} arrived without its previous value`));
          else deliver(deleteEvent(kv, previous));
        });
        created.on('error', (error) => onError(created, error));
      })
      .catch((error: unknown) => onError(undefined, error));
    return queue as unknown as Watch<ResourceByKind[K]>;
  }

  async close(): Promise<void> {
    for (const queue of this.watches) queue.close();
    this.watches.clear();
    this.client.close();
  }

  /**
   * etcd cancels a watch whose start revision is compacted (ErrCompacted); the client reports only
   * "Watcher canceled", so ask etcd directly whether that revision is still readable.
   */
  private async onWatchError(
    queue: EventQueue<WatchEvent<AnyResource>>,
    watcher: Watcher | undefined,
    error: unknown,
    nextRevision: string | undefined,
  ): Promise<void> {
    void watcher?.cancel();
    if (queue.isEnded) return;
    const compacted = await this.isCompacted(nextRevision);
    queue.push({
      type: 'resync-needed',
      reason: compacted ? 'compacted' : 'watch-lost',
      message: compacted
        ? `history is compacted: ${errorMessage(error)}`
        : `watch ended: ${errorMessage(error)}`,
    });
    queue.end();
  }

  private async isCompacted(revision: string | undefined): Promise<boolean> {
    if (revision === undefined) return false;
    try {
      await this.client.get('/').revision(revision).exec();
      return false;
    } catch (error) {
      return /compacted/i.test(errorMessage(error));
    }
  }

  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new DatastoreError('BACKEND_FAILURE', `etcd ${operation} failed: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }
}

function fromKeyValue<R extends AnyResource>(kv: IKeyValue): R {
  return decodeStored<R>(kv.value.toString('utf8'), kv.mod_revision);
}

function putEvent(kv: IKeyValue, _previous: IKeyValue | undefined): WatchEvent<AnyResource> {
  // A key's first version after (re)creation has create_revision == mod_revision.
  const type = kv.create_revision === kv.mod_revision ? 'added' : 'modified';
  return { type, revision: kv.mod_revision, resource: fromKeyValue(kv) };
}

function deleteEvent(kv: IKeyValue, previous: IKeyValue): WatchEvent<AnyResource> {
  return { type: 'deleted', revision: kv.mod_revision, resource: fromKeyValue(previous) };
}
