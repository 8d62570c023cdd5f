/**
 * What an UPDATE (bgp/wire's model) means for a RIB: which routes of which family it announces with
 * which attributes, which it withdraws, and whether it is an End-of-RIB marker (RFC 4724 §2). IPv4 routes
 * come in the classic fields (RFC 4271 §4.3) or in MP_REACH/MP_UNREACH (RFC 4760); IPv6 only in the latter.
 */
import type { Family } from '../wire/family.js';
import type { FamilyNlri, Nlri, UpdateMessage } from '../wire/model.js';
import type { RouteAttributes } from './route-attributes.js';

export interface Reachable {
  readonly family: Family;
  readonly nlri: readonly Nlri[];
  readonly attributes: RouteAttributes;
}

/** The announced routes, by family (at most one entry each for the classic fields and MP_REACH_NLRI). */
export function reachableOf(update: UpdateMessage): Reachable[] {
  const out: Reachable[] = [];
  if (update.nlri.length > 0) {
    // Classic NLRI: NEXT_HOP is the (IPv4) attribute, so the decoded attributes are the route's as they are.
    out.push({ family: 'ipv4-unicast', nlri: update.nlri, attributes: update.attributes });
  }
  const mp = update.mpReach;
  if (mp !== undefined && mp.nlri.length > 0) {
    // RFC 4760 §3: MP_REACH_NLRI's next hop is the routes' next hop; a NEXT_HOP attribute beside it is
    // for the classic NLRI only, so it is replaced.
    const { nextHop: _classic, ...rest } = update.attributes;
    const attributes: RouteAttributes =
      mp.linkLocalNextHop === undefined
        ? { ...rest, nextHop: mp.nextHop }
        : { ...rest, nextHop: mp.nextHop, linkLocalNextHop: mp.linkLocalNextHop };
    out.push({ family: mp.family, nlri: mp.nlri, attributes });
  }
  return out;
}

/** The withdrawn routes, by family. */
export function withdrawnOf(update: UpdateMessage): FamilyNlri[] {
  const out: FamilyNlri[] = [];
  if (update.withdrawnRoutes.length > 0) out.push({ family: 'ipv4-unicast', nlri: update.withdrawnRoutes });
  const mp = update.mpUnreach;
  if (mp !== undefined && mp.withdrawnRoutes.length > 0) {
    out.push({ family: mp.family, nlri: mp.withdrawnRoutes });
  }
  return out;
}

/**
 * RFC 4724 §2: an UPDATE with nothing in it is IPv4 unicast's End-of-RIB; one whose only attribute is an
 * empty MP_UNREACH_NLRI is that family's.
 */
export function endOfRibFamily(update: UpdateMessage): Family | undefined {
  if (update.withdrawnRoutes.length > 0 || update.nlri.length > 0 || update.mpReach !== undefined) {
    return undefined;
  }
  if (Object.values(update.attributes).some((v) => v !== undefined)) return undefined;
  if (update.mpUnreach === undefined) return 'ipv4-unicast';
  return update.mpUnreach.withdrawnRoutes.length === 0 ? update.mpUnreach.family : undefined;
}
