import { errorMessage, nullLogger, systemClock, type Clock, type Logger } from '../../common/index.js';
import type { Backend } from '../backend/backend.js';
import type { AnyResource, ResourceKind } from '../model/index.js';

/**
 * `wait-for-datastore` until the first list answers, `resync` while (re-)listing, `in-sync` once every
 * kind has been listed and is being watched. Consumers act on a full picture only after `in-sync`
 * (e.g. withdraw routes that are no longer wanted), as Calico's syncer clients do.
 */
export type SyncStatus = 'wait-for-datastore' | 'resync' | 'in-sync';

export type SyncUpdate =
  | { readonly type: 'set'; readonly key: string; readonly resource: AnyResource }
  /** `resource` is the last state the consumer saw. */
  | { readonly type: 'deleted'; readonly key: string; readonly resource: AnyResource };

export interface SyncerConsumer {
  onStatus(status: SyncStatus): void;
  onUpdates(updates: readonly SyncUpdate[]): void;
}

export interface SyncerOptions {
  readonly backend: Backend;
  readonly kinds: readonly ResourceKind[];
  readonly consumer: SyncerConsumer;
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Wait before retrying after a failed list or a broken watch. */
  readonly retryDelayMs?: number;
}

/** The key a consumer indexes by: unique across kinds and namespaces. */
export function syncKey(resource: AnyResource): string {
  const { namespace, name } = resource.metadata;
  return namespace === undefined ? `${resource.kind}/${name}` : `${resource.kind}/${namespace}/${name}`;
}

/**
 * List + watch for a set of kinds, delivering a snapshot, then `in-sync`, then deltas. When a watch
 * says `resync-needed` (history compacted) or breaks, the kind is re-listed and compared with what the
 * consumer already has, so the consumer sees only real differences (new, changed, gone) rather than
 * the whole world again. One list+watch loop per kind: kinds resync independently.
 */
export class Syncer {
  private readonly options: SyncerOptions;
  private readonly clock: Clock;
  private readonly log: Logger;
  /** What the consumer has been told: key → resource, per kind. */
  private readonly known = new Map<ResourceKind, Map<string, AnyResource>>();
  private readonly synced = new Set<ResourceKind>();
  private status: SyncStatus | undefined;
  private running = false;
  private readonly stopHooks = new Set<() => void>();
  private loops: Array<Promise<void>> = [];

  constructor(options: SyncerOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.log = (options.log ?? nullLogger).child({ component: 'syncer' });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.setStatus('wait-for-datastore');
    this.loops = this.options.kinds.map((kind) => this.run(kind));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const hook of this.stopHooks) hook();
    await Promise.all(this.loops);
  }

  private async run(kind: ResourceKind): Promise<void> {
    while (this.running) {
      let outcome: 'resync' | 'ended' = 'ended';
      try {
        outcome = await this.listAndWatch(kind);
      } catch (error) {
        if (!this.running) return;
        this.log.warn('list or watch failed; retrying', { kind, error: errorMessage(error) });
      }
      this.markUnsynced(kind);
      // A resync is routine (compaction): re-list at once. Anything else backs off so a datastore
      // outage is not hammered.
      if (this.running && outcome !== 'resync') await this.delay(this.options.retryDelayMs ?? 1000);
    }
  }

  private async listAndWatch(kind: ResourceKind): Promise<'resync' | 'ended'> {
    const { backend } = this.options;
    const listed = await backend.list(kind);
    if (!this.running) return 'ended';
    if (this.status === 'wait-for-datastore') this.setStatus('resync');
    this.applySnapshot(kind, listed.items);
    this.synced.add(kind);
    if (this.synced.size === this.options.kinds.length) this.setStatus('in-sync');
    const watch = backend.watch(kind, { fromRevision: listed.revision });
    const stopWatch = (): void => watch.close();
    this.stopHooks.add(stopWatch);
    try {
      for await (const event of watch) {
        if (event.type === 'resync-needed') {
          this.log.info('resync needed', { kind, reason: event.reason, message: event.message });
          return 'resync';
        }
        if (event.type === 'deleted') this.applyDelete(kind, syncKey(event.resource));
        else this.applySet(kind, event.resource);
      }
      return 'ended';
    } finally {
      this.stopHooks.delete(stopWatch);
      watch.close();
    }
  }

  /** Diff a fresh list against what the consumer knows; emit only the changes. */
  private applySnapshot(kind: ResourceKind, items: readonly AnyResource[]): void {
    const known = this.knownOf(kind);
    const fresh = new Map(items.map((item) => [syncKey(item), item]));
    const updates: SyncUpdate[] = [];
    for (const [key, resource] of fresh) {
      if (known.get(key)?.metadata.resourceVersion !== resource.metadata.resourceVersion) {
        updates.push({ type: 'set', key, resource });
      }
    }
    for (const [key, resource] of known) {
      if (!fresh.has(key)) updates.push({ type: 'deleted', key, resource });
    }
    this.known.set(kind, fresh);
    if (updates.length > 0) this.options.consumer.onUpdates(updates);
  }

  private applySet(kind: ResourceKind, resource: AnyResource): void {
    const key = syncKey(resource);
    const known = this.knownOf(kind);
    if (known.get(key)?.metadata.resourceVersion === resource.metadata.resourceVersion) return;
    known.set(key, resource);
    this.options.consumer.onUpdates([{ type: 'set', key, resource }]);
  }

  private applyDelete(kind: ResourceKind, key: string): void {
    const known = this.knownOf(kind);
    const resource = known.get(key);
    if (resource === undefined) return;
    known.delete(key);
    this.options.consumer.onUpdates([{ type: 'deleted', key, resource }]);
  }

  private knownOf(kind: ResourceKind): Map<string, AnyResource> {
    let known = this.known.get(kind);
    if (known === undefined) {
      known = new Map();
      this.known.set(kind, known);
    }
    return known;
  }

  private markUnsynced(kind: ResourceKind): void {
    this.synced.delete(kind);
    if (this.status === 'in-sync' && this.running) this.setStatus('resync');
  }

  private setStatus(status: SyncStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.options.consumer.onStatus(status);
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.clock.setTimeout(() => {
        this.stopHooks.delete(cancel);
        resolve();
      }, ms);
      const cancel = (): void => {
        this.clock.clearTimeout(handle);
        resolve();
      };
      this.stopHooks.add(cancel);
    });
  }
}
