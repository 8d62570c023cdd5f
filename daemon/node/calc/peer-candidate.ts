// One proposed session before de-duplication, and the rules shared by every peer source.
import type { IpFamily } from '../../../common/index.js';
import type { Node } from '../../../datastore/index.js';
import type { DesiredBgpPeer, NodeIdentity } from './desired-state.js';

/**
 * Precedence when several sources name the same peer address (lower wins): a BGPPeer scoped to this
 * node by nodeSelector, then a global BGPPeer, then the mesh. The operator's explicit, most specific
 * statement wins, so a BGPPeer can change the options of a session the mesh would also create.
 */
export const PEER_RANK = { 'node-scoped': 0, global: 1, mesh: 2 } as const;

export interface PeerCandidate {
  readonly rank: number;
  /** Tie-break within a rank (the BGPPeer name): deterministic whatever order resources arrived in. */
  readonly tieBreak: string;
  readonly peer: DesiredBgpPeer;
}

export function localAddressOf(identity: NodeIdentity, family: IpFamily): string | undefined {
  return (family === 4 ? identity.ipv4 : identity.ipv6)?.address;
}

/**
 * RFC 4456 §6: a reflector reflects to its clients. As in Calico, a route-reflector node (one with a
 * cluster ID) treats every Twill node that is not a reflector of the same cluster as its client; two
 * reflectors of one cluster are ordinary (non-client) peers.
 */
export function isReflectorClient(identity: NodeIdentity, remote: Node | undefined): boolean {
  const local = identity.routeReflectorClusterId;
  if (local === undefined || remote === undefined) return false;
  return remote.spec.bgp?.routeReflectorClusterID !== local;
}
