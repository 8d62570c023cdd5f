// The reconciler's public types: its options, the result of apply(), its status and its events.
import type { Clock, Logger, TwillError } from '../../common/index.js';
import type { RouteMessage } from '../netlink/index.js';
import type { BackoffOptions } from './backoff.js';
import type { DriftKind } from './drift-repairs.js';
import type { RouteNetlink } from './route-netlink.js';

export interface ReconcilerOptions {
  /** Tables Twill manages (default: main, 254). The first is the default for routes without one. */
  readonly tables?: readonly number[];
  readonly protocol?: number;
  /** Kernel access; default: netlink sockets in `netns` (or this process's namespace). */
  readonly netlink?: RouteNetlink;
  readonly netns?: string;
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Full dump + diff this often even without events (default 90 s). */
  readonly resyncIntervalMs?: number;
  readonly backoff?: BackoffOptions;
}

export interface ApplyResult {
  readonly added: number;
  readonly replaced: number;
  readonly deleted: number;
  readonly failed: number;
}

export interface RouteFailure {
  readonly key: string;
  readonly route: RouteMessage;
  readonly error: TwillError;
  readonly attempts: number;
  readonly nextAttemptAtMs: number;
}

export interface ReconcilerStatus {
  readonly desired: number;
  /** Desired routes the kernel has exactly as wanted. */
  readonly inSync: number;
  readonly failures: readonly RouteFailure[];
  readonly resyncs: number;
  readonly lastResyncAtMs: number | undefined;
  /** Times the route monitor lost events (ENOBUFS); each forced a full resync. */
  readonly overruns: number;
  readonly lastOverrunAtMs: number | undefined;
  /** Routes of ours deleted or changed from outside and put back, by kind, since start. */
  readonly driftRepairs: Readonly<Record<DriftKind, number>>;
}

export type ReconcilerEvent =
  | { readonly type: 'route-failed'; readonly failure: RouteFailure }
  | { readonly type: 'route-recovered'; readonly key: string }
  | { readonly type: 'drift'; readonly key: string; readonly event: 'new' | 'del' }
  | { readonly type: 'drift-repaired'; readonly key: string; readonly kind: DriftKind }
  | { readonly type: 'resync'; readonly result: ApplyResult }
  | { readonly type: 'overrun' };
