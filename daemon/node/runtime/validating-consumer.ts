// Between the Syncer and the calculation graph: every resource is validated as a write would be; one
// that fails is dropped with a log line naming it and each field path, so the graph keeps the last good
// version (or never sees the object). A hand-edited etcd key must not take a node's routes down.
import { errorMessage, type Logger } from '../../../common/index.js';
import {
  validateResource,
  ValidationError,
  type AnyResource,
  type SyncerConsumer,
  type SyncStatus,
  type SyncUpdate,
} from '../../../datastore/index.js';

export interface RejectedResource {
  readonly key: string;
  readonly issues: readonly string[];
}

/** Told of every rejection (also of a repeat): the Kubernetes Event recorder listens here. */
export type RejectionListener = (resource: AnyResource, issues: readonly string[]) => void;

export class ValidatingConsumer implements SyncerConsumer {
  /** Currently rejected resources by sync key (for status). */
  readonly rejected = new Map<string, RejectedResource>();
  readonly rejectionListeners = new Set<RejectionListener>();

  constructor(
    private readonly inner: SyncerConsumer,
    private readonly log: Logger,
  ) {}

  onStatus(status: SyncStatus): void {
    this.inner.onStatus(status);
  }

  onUpdates(updates: readonly SyncUpdate[]): void {
    const good: SyncUpdate[] = [];
    for (const update of updates) {
      if (update.type === 'deleted') {
        this.rejected.delete(update.key);
        good.push(update);
        continue;
      }
      try {
        validateResource(update.resource);
        this.rejected.delete(update.key);
        good.push(update);
      } catch (error) {
        const issues =
          error instanceof ValidationError
            ? error.issues.map((i) => `${i.path}: ${i.message}`)
            : [errorMessage(error)];
        this.rejected.set(update.key, { key: update.key, issues });
        this.log.warn('invalid resource ignored; the last good version stays in effect', {
          resource: update.key,
          issues,
        });
        for (const listener of this.rejectionListeners) listener(update.resource, issues);
      }
    }
    if (good.length > 0) this.inner.onUpdates(good);
  }
}
