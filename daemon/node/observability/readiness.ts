// Readiness of a node (the kubelet's /readyz): may this node carry pod traffic? A pure function of the
// snapshot, so the rule is tested row by row and written down once (README.md "Readiness").
//
// Ready = the datastore is in sync, AND the dataplane has been programmed, AND every required peer
// group has at least one Established session. Required groups: each BGPPeer resource (GlobalPeer or
// NodePeer) that gives this node a session is a group of its own — a ToR pair from one BGPPeer needs
// one of its two sessions up. The node-to-node mesh is never required: a mesh session is down when
// the *other* node is down, and making every node unready because one node died would turn one
// failure into a cluster-wide one (the cascading-readiness trap of requiring every peer). Mesh health
// shows in the status object and in twill_bgp_session_up instead.
import type { BgpPeerType } from '../../../datastore/index.js';
import type { NodeSnapshot, PeerSnapshot } from './snapshot.js';

export interface PeerGroupReadiness {
  /** `bgppeer/<name>` or `mesh`. */
  readonly group: string;
  readonly required: boolean;
  readonly established: number;
  readonly total: number;
}

export interface Readiness {
  readonly ready: boolean;
  /** Why not ready, one sentence each; empty when ready. */
  readonly reasons: readonly string[];
  readonly datastoreInSync: boolean;
  readonly dataplaneProgrammed: boolean;
  readonly peerGroups: readonly PeerGroupReadiness[];
}

function groupOf(peer: PeerSnapshot): string {
  return peer.bgpPeer === undefined ? 'mesh' : `bgppeer/${peer.bgpPeer}`;
}

/** The rule above: which peer types make a group required. */
export function isRequiredPeerType(type: BgpPeerType): boolean {
  return type !== 'NodeMesh';
}

export function peerGroups(peers: readonly PeerSnapshot[]): PeerGroupReadiness[] {
  const groups = new Map<string, { required: boolean; established: number; total: number }>();
  for (const peer of peers) {
    const name = groupOf(peer);
    const group = groups.get(name) ?? { required: isRequiredPeerType(peer.type), established: 0, total: 0 };
    group.total += 1;
    if (peer.state === 'Established') group.established += 1;
    groups.set(name, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, g]) => ({ group, ...g }));
}

export function evaluateReadiness(snapshot: NodeSnapshot): Readiness {
  const reasons: string[] = [];
  const { datastore, dataplane } = snapshot;
  // An outage after the node is in sync does not make it unready: the last data stays in force and
  // the dataplane keeps forwarding (as Calico does); it shows in DatastoreConnected and the metric.
  if (!datastore.inSync)
    reasons.push(datastore.connected ? 'datastore not in sync yet' : 'datastore not connected');
  if (!dataplane.programmed) {
    const why = dataplane.lastApplyError === undefined ? '' : `: ${dataplane.lastApplyError}`;
    reasons.push(`dataplane not programmed yet${why}`);
  }
  const groups = peerGroups(snapshot.bgp?.peers ?? []);
  for (const g of groups) {
    if (g.required && g.established === 0) {
      reasons.push(`no Established session in required peer group ${g.group} (0/${g.total})`);
    }
  }
  return {
    ready: reasons.length === 0,
    reasons,
    datastoreInSync: datastore.inSync,
    dataplaneProgrammed: dataplane.programmed,
    peerGroups: groups,
  };
}
