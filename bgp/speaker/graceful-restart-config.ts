/**
 * Graceful restart (RFC 4724) and maximum-prefix (RFC 4486 §4) settings of the speaker API. Defaults and
 * why: RFC 4724 §4.2 leaves the stale-routes timer to the implementation (360 s is the common choice);
 * the selection deferral timer (§4.1) must outlast the peers' initial table transfers.
 */
import type { Family } from '../wire/index.js';

/** Speaker-wide: our own restarts (the Restarting Speaker of RFC 4724 §4.1). */
export interface GracefulRestartOptions {
  /** Restart Time we advertise (§3, 12 bits): how long peers keep our routes after we go away. */
  readonly restartTimeSec: number;
  /**
   * The consumer kept the forwarding state across this start (the node daemon leaves its kernel routes in
   * place): sets the F bit per family and the R bit (Restart State) until selection deferral ends.
   */
  readonly forwardingPreserved?: boolean;
  /** Selection_Deferral_Timer (§4.1): longest wait for End-of-RIB from every peer after a restart. */
  readonly selectionDeferralTimeSec?: number;
  /**
   * Long-lived graceful restart (RFC 9494): the stale time we advertise per family (how long peers keep
   * our routes, marked LLGR_STALE, after the restart time); also enables the LLGR helper for peers.
   */
  readonly longLivedStaleTimeSec?: Readonly<Partial<Record<Family, number>>>;
}

export const DEFAULT_SELECTION_DEFERRAL_TIME_SEC = 360;
export const DEFAULT_STALE_ROUTES_TIME_SEC = 360;
export const DEFAULT_MAX_PREFIX_RESTART_TIME_SEC = 60;

/** Per peer: the helper role (§4.2). Omitted: the speaker's options decide (enabled when it has them). */
export interface PeerGracefulRestartConfig {
  /** Advertise the capability to this peer and keep its routes when it restarts (default true). */
  readonly enabled?: boolean;
  /** Restart Time advertised to this peer (default: the speaker's restartTimeSec). */
  readonly restartTimeSec?: number;
  /** How long stale routes wait for End-of-RIB once the peer is back (default 360 s). */
  readonly staleRoutesTimeSec?: number;
}

/** Per peer and family (RFC 4486 §4 subcode 1). */
export interface MaxPrefixConfig {
  /** More received prefixes than this resets the session with Cease / Maximum Number of Prefixes Reached. */
  readonly limit: number;
  /** Log and show a warning from this share of the limit (default 75 %). */
  readonly warningThresholdPercent?: number;
  /** How long the session stays down before trying again (default 60 s). */
  readonly restartTimeSec?: number;
}

export type MaxPrefixByFamily = Readonly<Partial<Record<Family, MaxPrefixConfig>>>;
