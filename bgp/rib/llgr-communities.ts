/**
 * The well-known communities of long-lived graceful restart (RFC 9494 §5): LLGR_STALE marks a route kept
 * past its peer's restart time (least preferred, §4.3; not sent to peers without LLGR, §4.5); NO_LLGR
 * asks that the route never be kept that way (§4.2: removed instead).
 */
import type { RouteAttributes } from './route-attributes.js';

export const LLGR_STALE = 0xffff0006;
export const NO_LLGR = 0xffff0007;

export function hasCommunity(attributes: RouteAttributes, community: number): boolean {
  return attributes.communities?.includes(community) ?? false;
}

/** The attributes with LLGR_STALE added (unchanged when already there). */
export function withLlgrStale(attributes: RouteAttributes): RouteAttributes {
  if (hasCommunity(attributes, LLGR_STALE)) return attributes;
  return { ...attributes, communities: [...(attributes.communities ?? []), LLGR_STALE] };
}
