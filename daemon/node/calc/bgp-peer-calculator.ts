// This node's desired BGP state: AS, router ID, listen port and its peers from every source, one
// session per peer address (the precedence is in peer-candidate.ts).
import { compareIpAddresses, parseIpAddress } from '../../../common/index.js';
import { bgpConfiguration } from './as-resolver.js';
import type { DesiredBgpPeer, DesiredBgpState, NodeIdentity } from './desired-state.js';
import { explicitPeers } from './explicit-peers.js';
import { meshPeers } from './mesh-peers.js';
import { referencedFilters } from './peer-filters.js';
import type { PeerCandidate } from './peer-candidate.js';
import type { ResourceIndex } from './resource-index.js';

export function calculateBgp(
  index: ResourceIndex,
  identity: NodeIdentity,
  defaultListenPort: number,
): DesiredBgpState {
  const listenPort =
    bgpConfiguration(index, `node.${identity.name}`)?.spec.listenPort ??
    bgpConfiguration(index, 'default')?.spec.listenPort ??
    defaultListenPort;
  const peers = deduplicate([...explicitPeers(index, identity), ...meshPeers(index, identity)]);
  const filters = referencedFilters(index, peers);
  return {
    localAsNumber: identity.asNumber,
    routerId: identity.routerId,
    listenPort,
    ...(identity.routeReflectorClusterId === undefined
      ? {}
      : { routeReflectorClusterId: identity.routeReflectorClusterId }),
    peers,
    ...(Object.keys(filters).length === 0 ? {} : { filters }),
  };
}

export function deduplicate(candidates: readonly PeerCandidate[]): DesiredBgpPeer[] {
  const byAddress = new Map<string, PeerCandidate[]>();
  for (const candidate of candidates) {
    const list = byAddress.get(candidate.peer.address) ?? [];
    list.push(candidate);
    byAddress.set(candidate.peer.address, list);
  }
  const peers = [...byAddress.values()].map((list): DesiredBgpPeer => {
    list.sort((a, b) => a.rank - b.rank || (a.tieBreak < b.tieBreak ? -1 : a.tieBreak > b.tieBreak ? 1 : 0));
    const [winner, ...rest] = list as [PeerCandidate, ...PeerCandidate[]];
    return rest.length === 0
      ? winner.peer
      : { ...winner.peer, shadowed: rest.map((item) => item.peer.origin) };
  });
  return peers.sort((a, b) => compareIpAddresses(parseIpAddress(a.address), parseIpAddress(b.address)));
}
