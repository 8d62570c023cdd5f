/**
 * The decoded BGP-4 messages (RFC 4271 §4, RFC 2918, RFC 7313): plain immutable data, addresses and
 * prefixes as common's value types. This is what the session and the RIB consume and what the encoder
 * takes; wire details that carry no meaning (attribute order, extended-length bits, how capabilities
 * are grouped into optional parameters) live in the separate `Layout`.
 */
import type { IPv4Address, IPv6Address, IpFamily, Prefix } from '../../common/index.js';
import type { PathAttributes } from './attributes/types.js';
import type { Capability } from './capabilities/types.js';
import type { Family } from './family.js';

/** One NLRI entry: a prefix and, where ADD-PATH (RFC 7911) is in use for its family, the Path Identifier. */
export interface Nlri<F extends IpFamily = IpFamily> {
  readonly prefix: Prefix<F>;
  readonly pathId?: number | undefined;
}

export interface OpenMessage {
  readonly type: 'open';
  readonly version: number;
  /** The 2-octet My Autonomous System field: AS_TRANS when the sender's AS needs 4 octets (RFC 6793). */
  readonly myAs: number;
  readonly holdTimeSec: number;
  readonly bgpIdentifier: IPv4Address;
  /** Every capability of every Capabilities optional parameter (RFC 5492), in wire order. */
  readonly capabilities: readonly Capability[];
}

/** MP_REACH_NLRI (RFC 4760 §3) for a family this codec decodes. */
export type MpReachNlri =
  | {
      readonly family: 'ipv4-unicast';
      /** IPv4, or IPv6 when RFC 8950 extended next hop is negotiated. */
      readonly nextHop: IPv4Address | IPv6Address;
      readonly linkLocalNextHop?: IPv6Address | undefined;
      readonly nlri: readonly Nlri<4>[];
    }
  | {
      readonly family: 'ipv6-unicast';
      readonly nextHop: IPv6Address;
      /** RFC 2545 §3: the second address of a 32-octet next hop. */
      readonly linkLocalNextHop?: IPv6Address | undefined;
      readonly nlri: readonly Nlri<6>[];
    };

/** MP_UNREACH_NLRI (RFC 4760 §4). Empty `withdrawnRoutes` is the family's End-of-RIB (RFC 4724 §2). */
export type MpUnreachNlri =
  | { readonly family: 'ipv4-unicast'; readonly withdrawnRoutes: readonly Nlri<4>[] }
  | { readonly family: 'ipv6-unicast'; readonly withdrawnRoutes: readonly Nlri<6>[] };

export interface UpdateMessage {
  readonly type: 'update';
  /** The Withdrawn Routes field (IPv4 unicast). */
  readonly withdrawnRoutes: readonly Nlri<4>[];
  /** Route attributes; MP_REACH_NLRI and MP_UNREACH_NLRI are the two fields below. */
  readonly attributes: PathAttributes;
  readonly mpReach?: MpReachNlri | undefined;
  readonly mpUnreach?: MpUnreachNlri | undefined;
  /** The NLRI field (IPv4 unicast). */
  readonly nlri: readonly Nlri<4>[];
}

export interface NotificationMessage {
  readonly type: 'notification';
  readonly code: number;
  readonly subcode: number;
  readonly data: Buffer;
}

export interface KeepaliveMessage {
  readonly type: 'keepalive';
}

/** RFC 7313 §3.2 Message Subtype. */
export const RouteRefreshSubtype = {
  /** RFC 2918 route refresh request. */
  NORMAL: 0,
  /** Beginning of Route Refresh. */
  BORR: 1,
  /** End of Route Refresh. */
  EORR: 2,
} as const;

export interface RouteRefreshMessage {
  readonly type: 'route-refresh';
  readonly afi: number;
  readonly safi: number;
  /** 0, 1 or 2 (RouteRefreshSubtype); other values are decoded so the session can ignore them (§5). */
  readonly subtype: number;
}

export type BgpMessage =
  OpenMessage | UpdateMessage | NotificationMessage | KeepaliveMessage | RouteRefreshMessage;

export type MessageTypeName = BgpMessage['type'];

/** Routes of one family, as the session and RIB handle them. */
export interface FamilyNlri {
  readonly family: Family;
  readonly nlri: readonly Nlri[];
}
