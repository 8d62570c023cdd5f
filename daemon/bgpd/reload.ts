/**
 * Config reload (SIGHUP or the control socket's `bgp.reload`): the new file is read and validated as a
 * whole first (a bad file changes nothing); then peers are added, removed or updated. An updated peer
 * whose change is only policy, route reflection or next hop keeps its session (the speaker re-runs import
 * over the stored Adj-RIB-In and sends only the export differences); other peer changes restart that
 * session. Speaker-wide settings (AS, router ID, listen addresses, cluster ID, RFC 8212 switch) need a
 * restart of twill-bgpd and are reported, not applied.
 */
import type { BgpSpeaker } from '../../bgp/speaker/index.js';
import type { BgpdConfig } from './config.js';

export interface ReloadReport {
  readonly added: string[];
  readonly removed: string[];
  /** Peers updated in place, without a session reset. */
  readonly updatedSoft: string[];
  /** Peers whose session was restarted for the change. */
  readonly restarted: string[];
  readonly originated: string[];
  readonly withdrawn: string[];
  /** Changes not applied: they need twill-bgpd restarted. */
  readonly needsRestart: string[];
}

const SPEAKER_WIDE = ['localAs', 'routerId', 'listen', 'clusterId', 'ebgpRequiresPolicy'] as const;

export function applyReload(speaker: BgpSpeaker, before: BgpdConfig, after: BgpdConfig): ReloadReport {
  const report: ReloadReport = {
    added: [],
    removed: [],
    updatedSoft: [],
    restarted: [],
    originated: [],
    withdrawn: [],
    needsRestart: [],
  };
  for (const key of SPEAKER_WIDE)
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) report.needsRestart.push(key);
  const old = new Map(before.peers.map((p) => [p.address.toString(), p]));
  const next = new Map(after.peers.map((p) => [p.address.toString(), p]));
  for (const [address, peer] of old)
    if (!next.has(address)) {
      speaker.removePeer(peer.address);
      report.removed.push(address);
    }
  for (const [address, peer] of next) {
    if (!old.has(address)) {
      speaker.addPeer(peer);
      report.added.push(address);
      continue;
    }
    const change = speaker.updatePeer(peer);
    if (change === 'soft') report.updatedSoft.push(address);
    if (change === 'restart') report.restarted.push(address);
  }
  const oldRoutes = new Map(before.originate.map((o) => [o.prefix.toString(), o]));
  const newRoutes = new Map(after.originate.map((o) => [o.prefix.toString(), o]));
  for (const [prefix, o] of oldRoutes)
    if (!newRoutes.has(prefix)) {
      speaker.withdraw(o.prefix);
      report.withdrawn.push(prefix);
    }
  for (const [prefix, o] of newRoutes)
    if (JSON.stringify(oldRoutes.get(prefix)) !== JSON.stringify(o)) {
      speaker.originate(o.prefix, o.attributes);
      report.originated.push(prefix);
    }
  return report;
}
