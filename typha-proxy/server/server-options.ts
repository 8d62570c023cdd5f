import type { Clock, Logger } from '../../common/index.js';
import type { Backend, ResourceKind } from '../../datastore/index.js';
import { DEFAULT_COMPRESS_MIN_BYTES, DEFAULT_MAX_FRAME_BYTES } from '../proto/index.js';
import type { SessionLimits } from './client-session.js';
import type { DeltaWindowOptions } from './delta-window.js';
import type { SnapshotSharingOptions } from './shared-snapshot.js';
import type { AllowedPeers } from './peer-identity.js';

export interface TlsFiles {
  /** PEM text (not paths): the caller reads files, so tests can pass generated material directly. */
  readonly cert: string;
  readonly key: string;
  /** The CA that signs client certificates. */
  readonly ca: string;
}

export interface TyphaServerOptions {
  readonly backend: Backend;
  /** Kinds typha watches upstream and serves; all kinds by default. */
  readonly kinds?: readonly ResourceKind[];
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly tls: TlsFiles;
  readonly allowedPeers: AllowedPeers;
  /** Over this many connections, new ones get GOODBYE over-capacity and go to another replica. */
  readonly maxClients?: number;
  /** Metrics and health; none when absent. */
  readonly http?: { readonly host: string; readonly port: number };
  readonly window?: Partial<DeltaWindowOptions>;
  readonly limits?: Partial<SessionLimits>;
  /** How long a built snapshot is reused (batch size comes from `limits.snapshotBatchBytes`). */
  readonly snapshotSharing?: Partial<Omit<SnapshotSharingOptions, 'batchBytes'>>;
  readonly pingIntervalMs?: number;
  /** Upstream syncer retry delay after a failed list or broken watch. */
  readonly upstreamRetryDelayMs?: number;
  readonly clock?: Clock;
  readonly log?: Logger;
}

export const DEFAULT_LIMITS: SessionLimits = {
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  maxQueuedBytes: 64 * 1024 * 1024,
  socketHighWaterBytes: 256 * 1024,
  snapshotBatchBytes: 256 * 1024,
  compressMinBytes: DEFAULT_COMPRESS_MIN_BYTES,
  livenessTimeoutMs: 30_000,
  helloTimeoutMs: 10_000,
  writeStallTimeoutMs: 30_000,
};

export const DEFAULT_WINDOW: DeltaWindowOptions = { maxFrames: 100_000, maxBytes: 64 * 1024 * 1024 };
// Catching up must fit easily in a new client's send queue (maxQueuedBytes, 64 MiB by default).
export const DEFAULT_SNAPSHOT_SHARING = {
  maxLagFrames: 10_000,
  maxLagBytes: 8 * 1024 * 1024,
  maxKept: 8,
} as const;
export const DEFAULT_MAX_CLIENTS = 2000;
export const DEFAULT_PING_INTERVAL_MS = 10_000;
