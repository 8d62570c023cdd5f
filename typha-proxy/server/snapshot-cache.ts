import { randomBytes } from 'node:crypto';

import { systemClock, type Clock } from '../../common/index.js';
import type { ResourceKind, SyncStatus, SyncUpdate, SyncerConsumer } from '../../datastore/index.js';
import {
  encodeDeltaBody,
  encodeFrame,
  encodePositionStatusBody,
  encodeResourceJson,
  encodeSnapshotEntry,
  MESSAGE_TYPES,
} from '../proto/index.js';
import { DeltaWindow, type DeltaWindowOptions } from './delta-window.js';
import { SharedFrame } from './shared-frame.js';

export interface SnapshotCacheOptions {
  readonly window: DeltaWindowOptions;
  readonly compressMinBytes: number;
  readonly clock?: Clock;
  /** Called once per resource serialization (the metric; tests count it). */
  readonly onSerialize?: () => void;
}

interface CachedEntry {
  readonly kind: ResourceKind;
  /** u32 length + resource JSON: concatenated as is into snapshot batches. */
  readonly entry: Buffer;
}

/** What a new client starts from: the cache at one position, entries shared with the cache. */
export interface SnapshotView {
  readonly position: number;
  readonly status: SyncStatus;
  readonly entries: readonly Buffer[];
}

/**
 * The upstream syncer's consumer and typha's one copy of the world. Each update is serialized once:
 * the same JSON becomes the snapshot entry and the DELTA frame, and that frame (a SharedFrame) goes to
 * every client and into the resume window. Every status change and update takes the next position.
 */
export class SnapshotCache implements SyncerConsumer {
  /** Random per process: positions from another typha (or an earlier run) mean nothing here. */
  readonly epoch = randomBytes(8).toString('hex');
  private readonly entries = new Map<string, CachedEntry>();
  private readonly window: DeltaWindow;
  private readonly clock: Clock;
  private readonly listeners = new Set<(frame: SharedFrame) => void>();
  private positionValue = 0;
  private statusValue: SyncStatus = 'wait-for-datastore';
  private entryBytes = 0;

  constructor(private readonly options: SnapshotCacheOptions) {
    this.window = new DeltaWindow(options.window);
    this.clock = options.clock ?? systemClock;
  }

  get position(): number {
    return this.positionValue;
  }

  get status(): SyncStatus {
    return this.statusValue;
  }

  get resourceCount(): number {
    return this.entries.size;
  }

  /** Bytes of resource JSON held (what a full snapshot of every kind carries, before framing). */
  get snapshotBytes(): number {
    return this.entryBytes;
  }

  get windowFrames(): number {
    return this.window.size;
  }

  /** Receives every new frame, in position order. Returns the unsubscribe function. */
  subscribe(listener: (frame: SharedFrame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(status: SyncStatus): void {
    this.statusValue = status;
    const position = ++this.positionValue;
    const body = encodePositionStatusBody(position, status);
    const plain = encodeFrame(MESSAGE_TYPES.STATUS, body);
    this.publish(
      new SharedFrame(
        MESSAGE_TYPES.STATUS,
        position,
        undefined,
        plain,
        this.now(),
        this.options.compressMinBytes,
      ),
    );
  }

  onUpdates(updates: readonly SyncUpdate[]): void {
    const now = this.now();
    for (const update of updates) {
      const kind = update.resource.kind;
      const json = encodeResourceJson(update.resource);
      this.options.onSerialize?.();
      const previous = this.entries.get(update.key);
      if (previous !== undefined) this.entryBytes -= previous.entry.length;
      if (update.type === 'set') {
        const entry = encodeSnapshotEntry(json);
        this.entries.set(update.key, { kind, entry });
        this.entryBytes += entry.length;
      } else {
        this.entries.delete(update.key);
      }
      const position = ++this.positionValue;
      const plain = encodeFrame(MESSAGE_TYPES.DELTA, encodeDeltaBody(position, update.type, json));
      this.publish(
        new SharedFrame(MESSAGE_TYPES.DELTA, position, kind, plain, now, this.options.compressMinBytes),
      );
    }
  }

  /** The world now, restricted to `kinds` (all when undefined). Taken synchronously: no gap to deltas. */
  snapshot(kinds: ReadonlySet<ResourceKind> | undefined): SnapshotView {
    const entries: Buffer[] = [];
    for (const cached of this.entries.values()) {
      if (kinds === undefined || kinds.has(cached.kind)) entries.push(cached.entry);
    }
    return { position: this.positionValue, status: this.statusValue, entries };
  }

  /** Frames after `position` if the window still holds all of them. */
  since(position: number): SharedFrame[] | undefined {
    return this.window.since(position);
  }

  private publish(frame: SharedFrame): void {
    this.window.add(frame);
    for (const listener of this.listeners) listener(frame);
  }

  private now(): number {
    return this.clock.now();
  }
}
