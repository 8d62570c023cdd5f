// Keeps Twill's nftables table equal to what the policies say: every change is one transaction (a
// full replacement the first time and after drift, the element/chain diff otherwise), and drift (an
// operator or another program editing or deleting the table) is detected and repaired by an atomic
// full replacement.
//
// Drift detection reads the ruleset generation (NFT_MSG_GETGEN, one netlink round trip), not the table:
// the kernel increments it once per committed transaction. Read before and after our own commit, a
// step of exactly one means the commit was ours alone, and as long as the generation stays there
// nobody changed anything. Only when it moved for another reason (another program's transaction, on
// any table) is the table listed, once: compared with an exact listing when one was kept, else with
// the shape of what we applied; when it matches, that generation becomes the known one again.
import { errorMessage, nullLogger, type Logger } from '../../common/index.js';
import { compileTable, DEFAULT_TABLE_NAME } from './compile.js';
import { renderDiff } from './diff.js';
import type { PolicyState, TableOptions } from './model.js';
import type { NftRunner } from './nft-runner.js';
import { matchesShape, normalizeListing, readDropCounters, type DropCount } from './listing.js';
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
  /** A ruleset generation at which the kernel's table is known to be `applied`. */
  private knownGeneration: number | undefined;
  /** An exact (normalized) listing of `applied` as the kernel holds it, when one was taken. */
  private snapshot: string | undefined;
  // Set by an apply whose generation step does not prove it was alone (another transaction committed
  // around it), cleared by the listing that follows it in the queue, before any later call.
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
    return this.serial(() => this.drifted());
  }

  /** Replaces the table with the last applied content if it drifted; returns whether it did. */
  repairDrift(): Promise<boolean> {
    return this.serial(async () => {
      if (this.applied === undefined || !(await this.drifted())) return false;
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
      await this.commit(diff, desired);
    } catch (err) {
      // The kernel refused the diff, so it is not in the state we think (a drift we had not seen yet):
      // nothing of the diff was committed; replace the whole table instead.
      this.log.warn('incremental nftables update refused; replacing the table', { error: errorMessage(err) });
      return { mode: 'full', commands: await this.applyFull(desired) };
    }
    return { mode: 'incremental', commands: diff.length };
  }

  private async applyFull(desired: DesiredTable): Promise<number> {
    const commands = renderFull(desired);
    await this.commit(commands, desired);
    return commands.length;
  }

  /** One transaction, with the generation read around it to learn whether it was the only one. */
  private async commit(commands: readonly string[], desired: DesiredTable): Promise<void> {
    const before = await this.generation();
    await this.nft.apply(commands);
    this.applied = desired;
    this.snapshot = undefined;
    const after = await this.generation();
    const alone = before !== undefined && after !== undefined && after === (before + 1) >>> 0;
    this.knownGeneration = alone ? after : undefined;
    // Not provably alone: fall back to an exact listing taken right after (the queue runs it next).
    this.snapshotStale = !alone;
  }

  private async generation(): Promise<number | undefined> {
    try {
      return await this.nft.generation();
    } catch (err) {
      this.log.warn('cannot read the nftables generation', { error: errorMessage(err) });
      return undefined;
    }
  }

  private async drifted(): Promise<boolean> {
    const applied = this.applied;
    if (applied === undefined) return false;
    const now = await this.generation();
    if (now !== undefined && now === this.knownGeneration) return false;
    await this.refreshSnapshot();
    const name = this.options.tableName ?? DEFAULT_TABLE_NAME;
    const items = await this.nft.listTable(name);
    if (items === undefined) return true;
    const listing = normalizeListing(items);
    const same = this.snapshot !== undefined ? listing === this.snapshot : matchesShape(items, applied);
    if (!same) return true;
    // Our table is intact at `now` (unless yet another transaction slipped in while listing, in which
    // case the next check lists again).
    this.snapshot = listing;
    if (now !== undefined && (await this.generation()) === now) this.knownGeneration = now;
    return false;
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
