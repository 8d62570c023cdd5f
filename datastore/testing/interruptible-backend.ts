import type { Backend, Watch, WatchEvent, WatchOptions } from '../backend/backend.js';
import { EventQueue } from '../backend/event-queue.js';
import type { ResourceByKind, ResourceKind } from '../model/index.js';

/**
 * Wraps a real backend so a test can cut its watches at a chosen moment, the way a compaction behind
 * a slow watcher does: after `interrupt()` events are dropped, and `resumeWithResync()` ends each
 * watch with `resync-needed`. Reads and writes go straight through.
 */
export class InterruptibleBackend implements Backend {
  private readonly queues = new Set<{ queue: EventQueue<WatchEvent<unknown>>; dropping: boolean }>();
  private watchCount = 0;

  constructor(private readonly inner: Backend) {}

  /** Number of watch() calls so far; a re-list shows up as a new watch. */
  get watches(): number {
    return this.watchCount;
  }

  get: Backend['get'] = (kind, name, namespace) => this.inner.get(kind, name, namespace);
  list: Backend['list'] = (kind, options) => this.inner.list(kind, options);
  create: Backend['create'] = (resource) => this.inner.create(resource);
  update: Backend['update'] = (resource) => this.inner.update(resource);
  delete: Backend['delete'] = (kind, name, options) => this.inner.delete(kind, name, options);
  close: Backend['close'] = () => this.inner.close();

  watch<K extends ResourceKind>(kind: K, options?: WatchOptions): Watch<ResourceByKind[K]> {
    this.watchCount++;
    const inner = this.inner.watch(kind, options);
    const entry = { queue: new EventQueue<WatchEvent<unknown>>(() => inner.close()), dropping: false };
    this.queues.add(entry);
    void (async () => {
      try {
        for await (const event of inner) if (!entry.dropping) entry.queue.push(event);
        entry.queue.end();
      } catch (error) {
        entry.queue.fail(error);
      } finally {
        this.queues.delete(entry);
      }
    })();
    return entry.queue as unknown as Watch<ResourceByKind[K]>;
  }

  interrupt(): void {
    for (const entry of this.queues) entry.dropping = true;
  }

  resumeWithResync(): void {
    for (const entry of this.queues) {
      entry.queue.push({ type: 'resync-needed', reason: 'compacted', message: 'interrupted by the test' });
      entry.queue.end();
    }
  }
}
