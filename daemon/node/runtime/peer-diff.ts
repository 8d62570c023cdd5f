// Which speaker calls turn the running peers into the desired ones: add the new, update the changed,
// remove the gone. An unchanged peer is not touched, so its session stays up; a changed one goes
// through BgpSpeaker.updatePeer, which keeps the session when only policy/RR/next hop changed
// (bgp/speaker/peer-config-change.ts).
import { peerConfigChange, type PeerConfig } from '../../../bgp/speaker/index.js';

export interface PeerPlan {
  readonly add: readonly PeerConfig[];
  readonly update: readonly PeerConfig[];
  readonly remove: readonly PeerConfig[];
}

/** Peers are keyed by address text (one session per address, as the calculation graph builds them). */
export function diffPeers(current: ReadonlyMap<string, PeerConfig>, next: readonly PeerConfig[]): PeerPlan {
  const wanted = new Map(next.map((p) => [p.address.toString(), p]));
  const add: PeerConfig[] = [];
  const update: PeerConfig[] = [];
  for (const [key, config] of wanted) {
    const before = current.get(key);
    if (before === undefined) add.push(config);
    else if (peerConfigChange(before, config) !== 'none') update.push(config);
  }
  const remove = [...current].filter(([key]) => !wanted.has(key)).map(([, config]) => config);
  return { add, update, remove };
}
