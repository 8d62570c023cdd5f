/**
 * Import checks that make a received route unusable without removing it from the Adj-RIB-In (so the
 * "received" view still shows it, and changing allowas-in can re-run import without a route refresh).
 */
import type { IPv4Address } from '../../common/index.js';
import { countAs } from './as-path-edit.js';
import type { ImportFilter } from './import-filter.js';
import type { ImportRejection, RibPeer } from './rib-route.js';
import type { RouteAttributes } from './route-attributes.js';

export interface ImportOptions {
  readonly localAs: number;
  readonly routerId: IPv4Address;
  /**
   * How many times our own AS may already be in the AS_PATH (allowas-in). 0 is RFC 4271 §9.1.2's loop
   * detection; fabrics where every leaf shares one AS set it to 1 or more on the leaves.
   */
  readonly allowasIn?: number;
  /** Route reflection (RFC 4456 §8): our CLUSTER_ID, to drop routes that looped through the cluster. */
  readonly clusterId?: IPv4Address;
  /** Every CLUSTER_ID we use (the speaker's and per-peer overrides): any of them in CLUSTER_LIST is a loop. */
  readonly clusterIds?: readonly IPv4Address[];
  /** Configured import policy (import-filter.ts); absent: accept unchanged. */
  readonly filter?: ImportFilter;
}

export function importRejection(
  attributes: RouteAttributes,
  peer: RibPeer,
  options: ImportOptions,
): ImportRejection | undefined {
  if (peer.kind === 'local') return undefined;
  // §9.1.2: "If the AS_PATH attribute of a BGP route contains an AS loop, the BGP route should be excluded".
  if (countAs(attributes.asPath, options.localAs) > (options.allowasIn ?? 0)) return 'as-path-loop';
  // RFC 4456 §8: a route carrying our own BGP Identifier as ORIGINATOR_ID came back to its originator.
  if (attributes.originatorId?.equals(options.routerId) === true) return 'originator-id-loop';
  const clusterId = options.clusterId;
  if (clusterId !== undefined && attributes.clusterList?.some((id) => id.equals(clusterId)) === true) {
    return 'cluster-list-loop';
  }
  const ours = options.clusterIds;
  if (ours !== undefined && attributes.clusterList?.some((id) => ours.some((c) => c.equals(id))) === true)
    return 'cluster-list-loop';
  return undefined;
}
