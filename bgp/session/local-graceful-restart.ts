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
  /** True while our own restart is in progress (selection deferral running). */
  restarting(): boolean;
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
