/**
 * The attributes the RIB stores for a route: the decoded path attributes (bgp/wire's PathAttributes)
 * with the route's next hop whatever its family. RFC 4760 §3 moves the next hop of IPv6 routes (and of
 * IPv4 routes with an IPv6 next hop, RFC 8950) out of NEXT_HOP into MP_REACH_NLRI; for the decision
 * process (§9.1.2.2 e), interning and export it is the same thing, so it lives in one field here.
 */
import type { IpAddress, IPv6Address } from '../../common/index.js';
import type { PathAttributes } from '../wire/attributes/types.js';

export interface RouteAttributes extends Omit<PathAttributes, 'nextHop'> {
  /** NEXT_HOP (RFC 4271 §5.1.3) or MP_REACH_NLRI's next hop (RFC 4760 §3); absent only on local routes. */
  readonly nextHop?: IpAddress;
  /** RFC 2545 §3: the link-local second address of a 32-octet IPv6 next hop. */
  readonly linkLocalNextHop?: IPv6Address;
}

/** The path attributes of an UPDATE carrying `attributes` in MP_REACH_NLRI: NEXT_HOP is not among them. */
export function withoutNextHop(attributes: RouteAttributes): PathAttributes {
  const { nextHop: _nextHop, linkLocalNextHop: _linkLocal, ...rest } = attributes;
  return rest;
}
