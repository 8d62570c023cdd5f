// The node's nftables policy (routing/nftables PolicyTable, when policy.enabled): each policy input of the
// calculation graph is synced; a failed sync is counted, logged and retried with backoff while that input
// is still the latest (a newer input retries by being synced itself).
import { errorMessage, type Logger } from '../../../common/index.js';
import {
  libnftablesRunner,
  PolicyTable,
  ruleCount,
  type ApplyResult as PolicyApplyResult,
  type FailsafePort,
  type PolicyState,
} from '../../../routing/nftables/index.js';
import { Backoff } from '../../../routing/routetable/index.js';

export interface PolicyStageStats {
  readonly enabled: boolean;
  readonly applies: number;
  readonly failures: number;
  /** Rules in Twill's nftables table after the last successful apply (absent before one). */
  readonly nftRules?: number;
  /** Times the table was found changed by someone else and replaced with what we applied. */
  readonly driftRepairs: number;
  readonly last?: { readonly atMs: number; readonly result?: PolicyApplyResult; readonly error?: string };
}

export interface PolicyStageOptions {
  readonly enabled: boolean;
  readonly failsafeInboundPorts: readonly FailsafePort[];
  readonly log: Logger;
  /** True while `policy` is the graph's latest input: only then is a failed sync retried. */
  readonly isLatest: (policy: PolicyState) => boolean;
  readonly onApply: (last: NonNullable<PolicyStageStats['last']>) => void;
  /** How often the table is checked for drift (one netlink round trip while nothing changed). */
  readonly driftCheckMs?: number;
}

export class PolicyStage {
  private table: PolicyTable | undefined;
  private statsNow: PolicyStageStats;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private consecutiveFailures = 0;
  private closed = false;
  private readonly backoff = new Backoff();
  /** The sync in flight (settled() waits for it). */
  private inFlight: Promise<void> = Promise.resolve();
  private driftTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: PolicyStageOptions) {
    this.statsNow = { enabled: options.enabled, applies: 0, failures: 0, driftRepairs: 0 };
  }

  get stats(): PolicyStageStats {
    return this.statsNow;
  }

  /** Opens libnftables (at start, not at construction: a dry run or a test never touches nftables). */
  start(): void {
    if (!this.options.enabled) return;
    const table = new PolicyTable(libnftablesRunner(), {
      failsafeInboundPorts: this.options.failsafeInboundPorts,
      log: this.options.log,
    });
    this.table = table;
    // An operator's `nft flush table inet twill` would otherwise stay until the next policy change.
    this.driftTimer = setInterval(() => {
      table.repairDrift().then(
        (repaired) => {
          if (repaired && !this.closed)
            this.statsNow = { ...this.statsNow, driftRepairs: this.statsNow.driftRepairs + 1 };
        },
        (error: unknown) =>
          this.options.log.warn('nftables drift check failed', { error: errorMessage(error) }),
      );
    }, this.options.driftCheckMs ?? 5_000);
    this.driftTimer.unref();
  }

  sync(policy: PolicyState): void {
    const table = this.table;
    if (table === undefined || this.closed) return;
    if (this.retry !== undefined) clearTimeout(this.retry);
    this.retry = undefined;
    this.inFlight = table.sync(policy).then(
      (result) => {
        this.consecutiveFailures = 0;
        const applied = table.current;
        this.record(
          {
            applies: this.statsNow.applies + 1,
            ...(applied === undefined ? {} : { nftRules: ruleCount(applied) }),
          },
          { atMs: Date.now(), result },
        );
      },
      (error: unknown) => {
        this.consecutiveFailures++;
        const retryInMs = this.backoff.delayMs(this.consecutiveFailures);
        this.options.log.error('nftables policy apply failed; retrying', {
          error: errorMessage(error),
          retryInMs,
        });
        this.record(
          { failures: this.statsNow.failures + 1 },
          { atMs: Date.now(), error: errorMessage(error) },
        );
        if (this.options.isLatest(policy) && !this.closed)
          this.retry = setTimeout(() => this.sync(policy), retryInMs);
      },
    );
  }

  /** Resolves when the syncs asked for so far have finished (applied or failed). */
  async settled(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.inFlight;
      await seen;
    } while (seen !== this.inFlight);
  }

  /** No more syncs or retries; the table stays in the kernel (the restart contract). */
  close(): void {
    this.closed = true;
    if (this.retry !== undefined) clearTimeout(this.retry);
    if (this.driftTimer !== undefined) clearInterval(this.driftTimer);
  }

  private record(counts: Partial<PolicyStageStats>, last: NonNullable<PolicyStageStats['last']>): void {
    this.statsNow = { ...this.statsNow, ...counts, last };
    this.options.onApply(last);
  }
}
