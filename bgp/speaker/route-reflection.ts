/**
 * Route reflection (RFC 4456), the speaker's part: which iBGP-learned routes go to which iBGP peers
 * (§6), and which CLUSTER_ID a reflected route carries. The attribute changes (ORIGINATOR_ID,
 * CLUSTER_LIST, §8) are the RIB's (export-filter.ts), and so are the loop checks on receipt
 * (import-checks.ts) and the decision tie-breaks (§9, decision.ts).
 *
 * §6: a route from a client goes to every other client and to every non-client iBGP peer; a route from a
 * non-client iBGP peer goes to the clients only; eBGP and local routes go to everyone (not a reflection).
 * The cluster of a reflected route is the client's: the cluster it was learned in (from a client), or
 * the one it is reflected into (to a client), each client's own `clusterId` overriding the speaker's.
 */
import type { IPv4Address } from '../../common/index.js';
import type { ClusterIdFor, ReflectHook, RibRoute } from '../rib/index.js';
import type { PeerConfig } from './speaker-config.js';

export interface ReflectionView {
  /** The configuration of an iBGP peer by its RIB id (its address as text). */
  peerConfig(id: string): PeerConfig | undefined;
  readonly clusterId: IPv4Address;
}

export function isClient(config: PeerConfig | undefined): boolean {
  return config?.routeReflectorClient === true;
}

/** §6, for routes towards the iBGP peer `to`. */
export function reflectHook(view: ReflectionView): ReflectHook {
  return (route, to) => isClient(view.peerConfig(route.peer.id)) || isClient(view.peerConfig(to.id));
}

/** The CLUSTER_ID for routes reflected towards `to` (see the file comment). */
export function clusterIdFor(view: ReflectionView, to: PeerConfig): ClusterIdFor {
  return (route: RibRoute) => {
    const from = view.peerConfig(route.peer.id);
    if (isClient(from)) return from?.clusterId ?? view.clusterId;
    return to.clusterId ?? view.clusterId;
  };
}

/** Every CLUSTER_ID in use, for the CLUSTER_LIST loop check (§8); none while no peer is a client. */
export function clusterIds(
  peers: Iterable<PeerConfig>,
  clusterId: IPv4Address,
  explicit: boolean,
): IPv4Address[] {
  const all = [...peers];
  if (!explicit && !all.some(isClient)) return [];
  const ids = [clusterId];
  for (const p of all)
    if (p.clusterId !== undefined && !ids.some((c) => c.equals(p.clusterId as IPv4Address)))
      ids.push(p.clusterId);
  return ids;
}
