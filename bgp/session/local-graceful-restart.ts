/**
 * The Graceful Restart capability we put in our OPEN (RFC 4724 §3). The Restart State (R) bit is read at
 * each OPEN: it is set only while we are still in the restart (selection deferred, §4.1), so that two
 * restarting peers do not wait for each other's End-of-RIB. The Forwarding State (F) bit per family says
 * whether forwarding was kept across this restart; the consumer knows, the speaker does not.
 */
import { afiSafiOf, type Capability, type Family } from '../wire/index.js';

export interface LocalGracefulRestart {
  readonly restartTimeSec: number;
  readonly forwardingPreserved: boolean;
  /** Long-lived stale time per family (RFC 9494 §3); families absent or 0: no LLGR for them. */
  readonly longLivedStaleTimeSec?: Readonly<Partial<Record<Family, number>>>;
  /** True while our own restart is in progress (selection deferral running). */
  restarting(): boolean;
}

/** RFC 9494 §3: the LLGR capability for the families with a long-lived stale time, or none. */
export function longLivedGracefulRestartCapability(
  gr: LocalGracefulRestart,
  families: readonly Family[],
): Capability | undefined {
  const llgr = families.filter((f) => (gr.longLivedStaleTimeSec?.[f] ?? 0) > 0);
  if (llgr.length === 0) return undefined;
  return {
    name: 'long-lived-graceful-restart',
    families: llgr.map((f) => ({
      ...afiSafiOf(f),
      forwardingState: gr.forwardingPreserved,
      staleTimeSec: gr.longLivedStaleTimeSec?.[f] ?? 0,
    })),
  };
}

export function gracefulRestartCapability(gr: LocalGracefulRestart, families: readonly Family[]): Capability {
  return {
    name: 'graceful-restart',
    restartState: gr.restarting(),
    notification: false,
    restartTimeSec: gr.restartTimeSec,
    families: families.map((f) => ({ ...afiSafiOf(f), forwardingState: gr.forwardingPreserved })),
  };
}
