import {
  syncKey,
  type AnyResource,
  type SyncerConsumer,
  type SyncStatus,
  type SyncUpdate,
} from '../../datastore/index.js';
import { waitFor as labWaitFor } from '../../lab/wait.js';

/** A SyncerConsumer that keeps the picture it was told and every call, and waits with deadlines. */
export class Recorder implements SyncerConsumer {
  readonly statuses: SyncStatus[] = [];
  readonly updates: SyncUpdate[] = [];
  readonly state = new Map<string, AnyResource>();
  private waiters: Array<() => void> = [];

  onStatus(status: SyncStatus): void {
    this.statuses.push(status);
    this.wakeAll();
  }

  onUpdates(updates: readonly SyncUpdate[]): void {
    for (const update of updates) {
      this.updates.push(update);
      if (update.type === 'set') this.state.set(update.key, update.resource);
      else this.state.delete(update.key);
    }
    this.wakeAll();
  }

  get status(): SyncStatus | undefined {
    return this.statuses.at(-1);
  }

  /** `kind/name@resourceVersion` of everything known, sorted: compares two pictures at a glance. */
  picture(): string[] {
    return [...this.state.values()].map(describe).sort();
  }

  /** Updates from index `from` on, as `set KEY` / `deleted KEY`. */
  updatesSince(from: number): string[] {
    return this.updates.slice(from).map((u) => `${u.type} ${u.key}`);
  }

  async until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `timed out waiting for ${what}; statuses ${JSON.stringify(this.statuses)}, last updates ${JSON.stringify(this.updatesSince(Math.max(0, this.updates.length - 10)))}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

export function describe(resource: AnyResource): string {
  return `${syncKey(resource)}@${resource.metadata.resourceVersion ?? '?'}`;
}

/** Polls `probe` until true, failing after `timeoutMs`: for conditions nothing notifies about. */
export async function waitFor(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  await labWaitFor(what, async () => (probe() ? true : undefined), { timeoutMs, intervalMs: 20 });
}
