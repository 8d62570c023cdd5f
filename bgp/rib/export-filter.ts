/**
 * What runs on a route towards one peer besides the RFC 4271 rules of export-policy.ts: configured
 * export policy (bgp/policy, wired by the speaker as an ExportFilter), route reflection (RFC 4456), and
 * the graceful-shutdown drain (RFC 8326). Order, as BIRD and FRR do it: the policy sees the route as it is
 * in the Loc-RIB (AS path without our AS, its own next hop) and may change it; then the protocol rules
 * (AS prepend towards eBGP, next hop, LOCAL_PREF/MED rules) build what is sent, keeping what the policy
 * set explicitly (LOCAL_PREF, MED, NEXT_HOP); then reflection attributes; then the drain community.
 */
import type { IPv4Address, Prefix } from '../../common/index.js';
import type { Family } from '../wire/family.js';
import type { RibPeer, RibRoute } from './rib-route.js';
import type { RouteAttributes } from './route-attributes.js';

export interface ExportVerdict {
  /** 'no-export-policy': RFC 8212 §2, an eBGP peer without export policy gets nothing. */
  readonly verdict: 'accept' | 'reject' | 'no-export-policy';
  readonly attributes: RouteAttributes;
  /** Identifies the outcome for one source attribute set (the policy's trace), for caching. */
  readonly key: string;
}

export type ExportFilter = (
  prefix: Prefix,
  family: Family,
  attributes: RouteAttributes,
  from: RibPeer,
) => ExportVerdict;

/** Route reflection towards this peer: the CLUSTER_ID to prepend for a reflected route (RFC 4456 §8). */
export type ClusterIdFor = (route: RibRoute) => IPv4Address;

/**
 * RFC 4456 §8: a reflector sets ORIGINATOR_ID to the BGP Identifier of the route's originator in the
 * local AS (the peer it learned it from) when absent, and prepends its CLUSTER_ID to CLUSTER_LIST
 * (creating it when absent).
 */
export function reflectedAttributes(
  attributes: RouteAttributes,
  from: RibPeer,
  clusterId: IPv4Address,
): RouteAttributes {
  return {
    ...attributes,
    originatorId: attributes.originatorId ?? from.routerId,
    clusterList: [clusterId, ...(attributes.clusterList ?? [])],
  };
}

/** The fields an export policy set explicitly survive the protocol rules (see the file comment). */
export function keepPolicySets(
  exported: RouteAttributes,
  source: RouteAttributes,
  filtered: RouteAttributes,
  toExternal: boolean,
): RouteAttributes {
  if (filtered === source) return exported;
  const out: { -readonly [K in keyof RouteAttributes]: RouteAttributes[K] } = { ...exported };
  if (filtered.multiExitDisc !== source.multiExitDisc && filtered.multiExitDisc !== undefined)
    out.multiExitDisc = filtered.multiExitDisc;
  if (!toExternal && filtered.localPref !== source.localPref && filtered.localPref !== undefined)
    out.localPref = filtered.localPref;
  if (filtered.nextHop !== source.nextHop && filtered.nextHop !== undefined) {
    out.nextHop = filtered.nextHop;
    delete out.linkLocalNextHop;
  }
  return out;
}
