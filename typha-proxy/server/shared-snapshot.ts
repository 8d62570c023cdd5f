import type { ResourceKind } from '../../datastore/index.js';
import { encodeSnapshotBatchBody } from '../proto/index.js';
import type { SharedFrame } from './shared-frame.js';
import type { SnapshotView } from './snapshot-cache.js';

/**
 * A snapshot at one position, cut into SNAPSHOT_BATCH frames that are built (and deflated) once, on
 * the first client's demand, and then handed as the same Buffers to every client starting from it.
 * Compressing per client made a reconnect rush cost typha ~90 ms of CPU per node per 20k resources.
 */
export class SharedSnapshot {
  private readonly frames: Buffer[] = [];
  private nextEntry = 0;

  constructor(
    readonly view: SnapshotView,
    private readonly batchBytes: number,
    private readonly frame: (body: Buffer) => Buffer,
  ) {}

  /** Batch `index`, built now if no client has reached it yet; undefined past the last one. */
  batch(index: number): Buffer | undefined {
    const { entries } = this.view;
    while (this.frames.length <= index && this.nextEntry < entries.length) {
      const batch: Buffer[] = [];
      let bytes = 0;
      // At least one entry per batch, however large.
      while (
        this.nextEntry < entries.length &&
        (batch.length === 0 || bytes + (entries[this.nextEntry] as Buffer).length <= this.batchBytes)
      ) {
        const entry = entries[this.nextEntry++] as Buffer;
        batch.push(entry);
        bytes += entry.length;
      }
      this.frames.push(this.frame(encodeSnapshotBatchBody(batch)));
    }
    return this.frames[index];
  }

  /** Frames built so far (tests check that a second client built none). */
  get builtFrames(): number {
    return this.frames.length;
  }
}

/** How a session starts from a shared snapshot: its batches, then the frames it is behind by. */
export interface SnapshotStart {
  readonly snapshot: SharedSnapshot;
  /** Stream frames after the snapshot's position, up to now (empty when it is current). */
  readonly catchUp: readonly SharedFrame[];
}

export interface SnapshotSharingOptions {
  readonly batchBytes: number;
  /**
   * Reuse a snapshot this many frames behind the stream at most, sending the frames since from the
   * resume window; past it (or once the window has lost them) a fresh snapshot is cut. Without this,
   * every update would throw away the shared batches and the next client would pay again.
   */
  readonly maxLagFrames: number;
  /** The same bound in bytes (plain frames), so large resources cannot flood a new client's queue. */
  readonly maxLagBytes: number;
  /** Distinct (compression, kind set) snapshots kept; the least recently used goes first. */
  readonly maxKept: number;
}

/** What SnapshotSharing needs from the cache. */
export interface SnapshotProvider {
  readonly position: number;
  snapshot(kinds: ReadonlySet<ResourceKind> | undefined): SnapshotView;
  since(position: number): SharedFrame[] | undefined;
}

/** One SharedSnapshot per compression and kind set, replaced when too far behind the stream. */
export class SnapshotSharing {
  private readonly kept = new Map<string, SharedSnapshot>();

  constructor(
    private readonly provider: SnapshotProvider,
    private readonly options: SnapshotSharingOptions,
    private readonly frame: (deflate: boolean) => (body: Buffer) => Buffer,
  ) {}

  /** Synchronous, like SnapshotCache.snapshot: nothing can be published between it and a subscribe. */
  start(kinds: ReadonlySet<ResourceKind> | undefined, deflate: boolean): SnapshotStart {
    const key = `${deflate ? 'deflate' : 'plain'}:${kinds === undefined ? '*' : [...kinds].sort().join(',')}`;
    const existing = this.kept.get(key);
    this.kept.delete(key); // Re-inserted below: Map order is the recency order.
    if (existing !== undefined) {
      const lag = this.provider.position - existing.view.position;
      const catchUp =
        lag <= this.options.maxLagFrames ? this.provider.since(existing.view.position) : undefined;
      if (catchUp !== undefined && plainBytes(catchUp) <= this.options.maxLagBytes) {
        this.kept.set(key, existing);
        return { snapshot: existing, catchUp };
      }
    }
    const snapshot = new SharedSnapshot(
      this.provider.snapshot(kinds),
      this.options.batchBytes,
      this.frame(deflate),
    );
    this.kept.set(key, snapshot);
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= this.options.maxKept) break;
      this.kept.delete(oldest);
    }
    return { snapshot, catchUp: [] };
  }
}

function plainBytes(frames: readonly SharedFrame[]): number {
  return frames.reduce((sum, frame) => sum + frame.plain.length, 0);
}
