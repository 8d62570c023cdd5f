import type { IpAddress } from '../../common/index.js';

/** ORIGIN values (RFC 4271 §4.3 a): lower is preferred by the decision process. */
export const Origin = { IGP: 0, EGP: 1, INCOMPLETE: 2 } as const;
export type OriginValue = (typeof Origin)[keyof typeof Origin];

/**
 * What the decision process reads of a route, and nothing else: the RIB maps each path (decoded
 * attributes, the peer it came from, the IGP cost of its next hop) onto this, so the comparator can be
 * tested on its own and knows nothing of attribute encodings.
 */
export interface DecisionCandidate {
  /**
   * Degree of preference (§9.1.1): LOCAL_PREF for iBGP-learned routes, the locally computed preference
   * (policy, or the default) for eBGP-learned ones.
   */
  readonly localPref: number;
  /** AS_PATH length as §9.1.2.2 (a) counts it: an AS_SET counts 1, confederation segments 0 (RFC 5065). */
  readonly asPathLength: number;
  readonly origin: OriginValue;
  /** MULTI_EXIT_DISC; absent when the route carries none. */
  readonly med?: number;
  /** The neighbouring AS for MED comparison (§9.1.2.2 c, neighborAS()); see neighborAsForMed(). */
  readonly neighborAs: number;
  /** Learned over eBGP (confederation-external peers count as iBGP here). */
  readonly fromEbgp: boolean;
  /** Interior cost to the NEXT_HOP (§9.1.2.2 e); 0 when directly connected. */
  readonly igpCost: number;
  /** ORIGINATOR_ID when present (RFC 4456 §9), else the advertising peer's BGP Identifier; unsigned 32-bit. */
  readonly originatorOrRouterId: number;
  /** Number of CLUSTER_LIST entries; 0 without the attribute (RFC 4456 §9). */
  readonly clusterListLength: number;
  /** The peer the route was received from (§9.1.2.2 g). */
  readonly peerAddress: IpAddress;
  /**
   * ADD-PATH Path Identifier (RFC 7911); absent counts as 0. Not an RFC step: several paths from one
   * peer tie at (g), and the lowest identifier breaks that tie so the choice stays order-independent.
   */
  readonly pathId?: number;
  /** Carries the LLGR_STALE community (RFC 9494 §4.3): less preferred than any route without it. */
  readonly llgrStale?: boolean;
}
