// Sessions from BGPPeer resources, with Calico's semantics:
//  - nodeSelector picks which of our nodes open the session; absent, every node does (a global peer).
//    A per-rack ToR is a BGPPeer with `nodeSelector: rack == 'r1'` and the ToR's peerIP.
//  - peerIP + asNumber: one external router (or a Twill node, recognised by its address).
//  - peerSelector: every Twill node it matches, each with its own AS, never this node itself.
// (Calico also has `spec.node`, a single node by name; Twill's BGPPeer model has no such field yet:
// `nodeSelector` on a node label covers it.)
import { tryParseIpAddress } from '../../../common/index.js';
import { Selector, type BGPPeer, type Node } from '../../../datastore/index.js';
import type { DesiredPeerOptions, NodeIdentity, PeerOrigin } from './desired-state.js';
import { nodePeers } from './mesh-peers.js';
import { FAMILIES, nodeAddress } from './node-address.js';
import { isReflectorClient, localAddressOf, PEER_RANK, type PeerCandidate } from './peer-candidate.js';
import type { ResourceIndex } from './resource-index.js';

export function explicitPeers(index: ResourceIndex, identity: NodeIdentity): PeerCandidate[] {
  const self = index.get('Node', identity.name);
  const nodes = index.list('Node');
  return index.list('BGPPeer').flatMap((peer) => {
    const nodeSelector = parse(peer.spec.nodeSelector);
    if (nodeSelector === null || (nodeSelector !== undefined && !nodeSelector.matches(self?.metadata.labels)))
      return [];
    const scope = nodeSelector === undefined ? 'global' : 'node';
    const rank = scope === 'node' ? PEER_RANK['node-scoped'] : PEER_RANK.global;
    const origin: PeerOrigin = { kind: 'bgp-peer', name: peer.metadata.name, scope };
    const options = peerOptions(peer);
    if (peer.spec.peerIP !== undefined) return peerIpCandidate(identity, peer, nodes, rank, origin, options);
    const peerSelector = parse(peer.spec.peerSelector);
    if (peerSelector === undefined || peerSelector === null) return [];
    return nodes
      .filter((node) => node.metadata.name !== identity.name && peerSelector.matches(node.metadata.labels))
      .flatMap((node) => nodePeers(index, identity, node, rank, peer.metadata.name, origin, options));
  });
}

function peerIpCandidate(
  identity: NodeIdentity,
  peer: BGPPeer,
  nodes: readonly Node[],
  rank: number,
  origin: PeerOrigin,
  options: DesiredPeerOptions,
): PeerCandidate[] {
  const address = tryParseIpAddress(peer.spec.peerIP ?? '');
  if (address === undefined || peer.spec.asNumber === undefined) return [];
  const local = localAddressOf(identity, address.family);
  const text = address.toString();
  // No session without a local address of the family, and never a session to ourselves.
  if (local === undefined || local === text) return [];
  const remoteNode = nodes.find((node) =>
    FAMILIES.some((family) => nodeAddress(node, family)?.address.toString() === text),
  );
  return [
    {
      rank,
      tieBreak: peer.metadata.name,
      peer: {
        address: text,
        asNumber: peer.spec.asNumber,
        localAddress: local,
        origin,
        ...(remoteNode === undefined ? {} : { remoteNode: remoteNode.metadata.name }),
        routeReflectorClient: isReflectorClient(identity, remoteNode),
        options,
      },
    },
  ];
}

/** undefined: no selector; null: a selector that does not parse (validated on write, so only from a bad store). */
function parse(text: string | undefined): Selector | undefined | null {
  if (text === undefined) return undefined;
  try {
    return Selector.parse(text);
  } catch {
    return null;
  }
}

function peerOptions(peer: BGPPeer): DesiredPeerOptions {
  const spec = peer.spec;
  const options: Record<string, unknown> = {
    password: spec.password,
    timers: spec.timers,
    gracefulRestart: spec.gracefulRestart,
    bfd: spec.bfd,
    ttlSecurityHops: spec.ttlSecurity?.hops,
    multihopMaxHops: spec.multihop?.maxHops,
    nextHopMode: spec.nextHopMode,
    importFilters: spec.importFilters,
    exportFilters: spec.exportFilters,
  };
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  return options as DesiredPeerOptions;
}
