// The node-to-node full mesh: one session per other node and per address family both have. On unless
// BGPConfiguration `default` sets nodeToNodeMeshEnabled: false (as in Calico; large clusters switch it
// off in favour of route reflectors or ToR peering).
import type { Node } from '../../../datastore/index.js';
import { resolveAsNumber, bgpConfiguration } from './as-resolver.js';
import type { NodeIdentity } from './desired-state.js';
import { FAMILIES, nodeAddress } from './node-address.js';
import { isReflectorClient, localAddressOf, PEER_RANK, type PeerCandidate } from './peer-candidate.js';
import type { ResourceIndex } from './resource-index.js';

export function meshEnabled(index: ResourceIndex): boolean {
  return bgpConfiguration(index, 'default')?.spec.nodeToNodeMeshEnabled ?? true;
}

export function meshPeers(index: ResourceIndex, identity: NodeIdentity): PeerCandidate[] {
  if (!meshEnabled(index)) return [];
  return index
    .list('Node')
    .filter((node) => node.metadata.name !== identity.name)
    .flatMap((node) => nodePeers(index, identity, node, PEER_RANK.mesh, ''));
}

/** Sessions to one Twill node, one per family both ends have (shared with BGPPeer peerSelector). */
export function nodePeers(
  index: ResourceIndex,
  identity: NodeIdentity,
  node: Node,
  rank: number,
  tieBreak: string,
  origin: PeerCandidate['peer']['origin'] = { kind: 'node-to-node-mesh' },
  options: PeerCandidate['peer']['options'] = {},
): PeerCandidate[] {
  const asNumber = resolveAsNumber(index, node.metadata.name, node).asNumber;
  return FAMILIES.flatMap((family) => {
    const remote = nodeAddress(node, family);
    const local = localAddressOf(identity, family);
    if (remote === undefined || local === undefined) return [];
    return [
      {
        rank,
        tieBreak,
        peer: {
          address: remote.address.toString(),
          asNumber,
          localAddress: local,
          origin,
          remoteNode: node.metadata.name,
          routeReflectorClient: isReflectorClient(identity, node),
          options,
        },
      },
    ];
  });
}
