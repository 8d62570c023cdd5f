import { assertNever, systemClock, type Clock } from '../common/index.js';
import { releaseFromBlock } from './block-store.js';
import { planGc, type GcCandidate, type GcCandidateKind } from './core/gc-plan.js';
import { ObservationTracker } from './core/observation-tracker.js';
import { loadSnapshot } from './check.js';
import {
  clearBlockAffinity,
  deleteAffinity,
  deleteEmptyBlock,
  deleteHandle,
  releaseAffinity,
  rollBackClaim,
} from './gc-actions.js';
import { resolveDeps, type IpamDeps, type IpamDepsOptions } from './ipam-deps.js';

export interface IpamGarbageCollectorOptions extends IpamDepsOptions {
  /** Monotonic time for the grace period; a FakeClock in tests. */
  readonly clock?: Clock;
  /**
   * How long a candidate must stay unchanged, and be seen on at least two passes, before it is acted
   * on. Longer than any CNI ADD (allocate, then write the endpoint) and any block claim.
   */
  readonly graceMs?: number;
}

export interface GcPassResult {
  /** Candidates seen on this pass (acted on or still waiting out their grace period). */
  readonly candidates: number;
  /** Actions taken (a lost compare-and-swap is not counted: the next pass looks again). */
  readonly acted: Readonly<Partial<Record<GcCandidateKind, number>>>;
  readonly releasedAddresses: readonly string[];
}

/**
 * IPAM garbage collection, one pass at a time (the daemon calls runOnce() on a timer): leaked addresses
 * (owner gone), handles that hold nothing, unfinished claims, affinities of deleted nodes, and empty
 * blocks nobody owns. Nothing is touched on first sight: see ObservationTracker.
 */
export class IpamGarbageCollector {
  private readonly deps: IpamDeps;
  private readonly clock: Clock;
  private readonly tracker: ObservationTracker<GcCandidate>;

  constructor(options: IpamGarbageCollectorOptions) {
    this.deps = resolveDeps(options);
    this.clock = options.clock ?? systemClock;
    this.tracker = new ObservationTracker(options.graceMs ?? 5 * 60_000);
  }

  async runOnce(): Promise<GcPassResult> {
    const candidates = planGc(await loadSnapshot(this.deps.backend));
    const ready = this.tracker.observe(new Map(candidates.map((c) => [c.key, c])), this.clock.now());
    const acted: Partial<Record<GcCandidateKind, number>> = {};
    const releasedAddresses: string[] = [];
    for (const candidate of ready) {
      const done = await this.act(candidate, releasedAddresses);
      if (done) acted[candidate.kind] = (acted[candidate.kind] ?? 0) + 1;
      this.tracker.forget(candidate.key);
    }
    if (ready.length > 0) this.deps.log.info('ipam gc pass', { acted, released: releasedAddresses.length });
    return { candidates: candidates.length, acted, releasedAddresses };
  }

  private async act(candidate: GcCandidate, releasedAddresses: string[]): Promise<boolean> {
    switch (candidate.kind) {
      case 'leaked-address': {
        const { leak } = candidate;
        const target = {
          ordinal: leak.ordinal,
          sequenceNumber: leak.sequenceNumber,
          ...(leak.handleID !== undefined && { handleID: leak.handleID }),
        };
        const freed = await releaseFromBlock(this.deps, leak.block, () => [target], leak.blockUid);
        releasedAddresses.push(...freed.map((r) => r.address.toString()));
        return freed.length > 0;
      }
      case 'empty-handle':
        return deleteHandle(this.deps, candidate.handle);
      case 'stale-claim':
        return rollBackClaim(this.deps, candidate.affinity);
      case 'release-affinity':
        return releaseAffinity(this.deps, candidate.affinity);
      case 'dangling-affinity':
        return deleteAffinity(this.deps, candidate.affinity);
      case 'ownerless-block':
        return deleteEmptyBlock(this.deps, candidate.block);
      case 'orphaned-block-owner':
        return clearBlockAffinity(this.deps, candidate.block);
      default:
        return assertNever(candidate, 'GC candidate');
    }
  }
}
