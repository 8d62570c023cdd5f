// Keeps Twill's nftables table equal to what the policies say: every change is one transaction (a
// full replacement the first time and after drift, the element/chain diff otherwise), and drift (an
// operator or another program editing or deleting the table) is detected by comparing a listing with the
// one taken right after our last apply, and repaired by an atomic full replacement.
import { errorMessage, nullLogger, type Logger } from '../../common/index.js';
import { compileTable, DEFAULT_TABLE_NAME } from './compile.js';
import { renderDiff } from './diff.js';
import type { PolicyState, TableOptions } from './model.js';
import type { NftRunner } from './nft-runner.js';
import { normalizeListing, readDropCounters, type DropCount } from './listing.js';
import { PolicyCompileCache } from './policy-cache.js';
import { renderFull } from './render.js';
import type { DesiredTable } from './table-model.js';

export type ApplyMode = 'full' | 'incremental' | 'unchanged';

export interface ApplyResult {
  readonly mode: ApplyMode;
  /** Commands in the batch (0 when unchanged). */
  readonly commands: number;
}

export class PolicyTable {
  private applied: DesiredTable | undefined;
  private snapshot: string | undefined;
  // Set by an apply, cleared by the listing that follows it. The listing costs O(table) (most of a
  // change's time with thousands of policies), so a change resolves once committed and the listing runs
  // next in the queue, before any later call: what it captures is the same as before.
  private snapshotStale = false;
  private readonly cache = new PolicyCompileCache();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly log: Logger;

  constructor(
    private readonly nft: NftRunner,
    private readonly options: TableOptions & { readonly log?: Logger } = {},
  ) {
    this.log = (options.log ?? nullLogger).child({ table: options.tableName ?? DEFAULT_TABLE_NAME });
  }

  /** Brings the table to `state`. Calls are serialized: one transaction at a time, in call order. */
  sync(state: PolicyState): Promise<ApplyResult> {
    const result = this.serial(() => this.syncNow(compileTable(state, this.options, this.cache)));
    void this.serial(() => this.refreshSnapshot());
    return result;
  }

  /** True when the kernel's table no longer matches what we last applied (edited, deleted, added to). */
  checkDrift(): Promise<boolean> {
    return this.serial(async () => {
      await this.refreshSnapshot();
      return this.snapshot !== undefined && (await this.listing()) !== this.snapshot;
    });
  }

  /** Replaces the table with the last applied content if it drifted; returns whether it did. */
  repairDrift(): Promise<boolean> {
    return this.serial(async () => {
      await this.refreshSnapshot();
      if (this.applied === undefined || (await this.listing()) === this.snapshot) return false;
      this.log.warn('nftables table drifted; replacing it');
      await this.applyFull(this.applied);
      return true;
    });
  }

  /** Packets and bytes each policy dropped (as one of the policies selecting the dropping pod). */
  dropCounters(): Promise<DropCount[]> {
    return this.serial(async () => {
      const applied = this.applied;
      if (applied === undefined) return [];
      return readDropCounters(await this.nft.listCounters(applied.name), applied.counters);
    });
  }

  /** The last applied desired table (for status and tests). */
  get current(): DesiredTable | undefined {
    return this.applied;
  }

  private async syncNow(desired: DesiredTable): Promise<ApplyResult> {
    const diff = this.applied === undefined ? undefined : renderDiff(this.applied, desired);
    if (diff === undefined) return { mode: 'full', commands: await this.applyFull(desired) };
    if (diff.length === 0) return { mode: 'unchanged', commands: 0 };
    try {
      await this.nft.apply(diff);
    } catch (err) {
      // The kernel refused the diff, so it is not in the state we think (a drift we had not seen yet):
      // nothing of the diff was committed; replace the whole table instead.
      this.log.warn('incremental nftables update refused; replacing the table', { error: errorMessage(err) });
      return { mode: 'full', commands: await this.applyFull(desired) };
    }
    this.applied = desired;
    this.snapshotStale = true;
    return { mode: 'incremental', commands: diff.length };
  }

  private async applyFull(desired: DesiredTable): Promise<number> {
    const commands = renderFull(desired);
    await this.nft.apply(commands);
    this.applied = desired;
    this.snapshotStale = true;
    return commands.length;
  }

  /** Takes the listing that drift checks compare against, if an apply since the last one needs it. */
  private async refreshSnapshot(): Promise<void> {
    if (!this.snapshotStale) return;
    try {
      this.snapshot = await this.listing();
      this.snapshotStale = false;
    } catch (err) {
      // Stays stale: the next drift check or repair tries again before it compares.
      this.log.warn('cannot list the nftables table after applying', { error: errorMessage(err) });
    }
  }

  private async listing(): Promise<string | undefined> {
    const name = this.options.tableName ?? DEFAULT_TABLE_NAME;
    const items = await this.nft.listTable(name);
    return items === undefined ? undefined : normalizeListing(items);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
