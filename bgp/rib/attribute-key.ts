/**
 * The canonical text of an attribute set, so structurally equal sets intern to one object whatever peer
 * sent them and in whatever order the attributes came (the decoded model already forgets wire order; the
 * key also ignores JS property order, absent-vs-undefined, and empty-vs-absent for the lists that may not
 * be empty on the wire). What is a set by its RFC compares as a set:
 * COMMUNITIES (RFC 1997 §"COMMUNITIES attribute": "a set of four octet values") and LARGE_COMMUNITY
 * (RFC 8092 §3, "a set"), and unknown attributes by type code (each code appears once, RFC 4271 §5).
 * What is ordered stays ordered: AS_PATH segments and CLUSTER_LIST (nearest first, RFC 4456 §7).
 */
import type { AsPathSegment } from '../wire/attributes/types.js';
import type { RouteAttributes } from './route-attributes.js';

export function attributeKey(a: RouteAttributes): string {
  const parts: string[] = [];
  if (a.origin !== undefined) parts.push(`o${a.origin}`);
  if (a.asPath !== undefined) parts.push(`p${asPathText(a.asPath)}`);
  if (a.nextHop !== undefined) parts.push(`n${a.nextHop.toString()}`);
  if (a.linkLocalNextHop !== undefined) parts.push(`ll${a.linkLocalNextHop.toString()}`);
  if (a.multiExitDisc !== undefined) parts.push(`m${a.multiExitDisc}`);
  if (a.localPref !== undefined) parts.push(`l${a.localPref}`);
  if (a.atomicAggregate === true) parts.push('aa');
  if (a.aggregator !== undefined) parts.push(`ag${a.aggregator.asn}@${a.aggregator.address.toString()}`);
  if (a.communities !== undefined && a.communities.length > 0)
    parts.push(`c${sortedNumbers(a.communities).join(',')}`);
  if (a.originatorId !== undefined) parts.push(`oi${a.originatorId.toString()}`);
  if (a.clusterList !== undefined && a.clusterList.length > 0)
    parts.push(`cl${a.clusterList.map((id) => id.toString()).join(',')}`);
  if (a.largeCommunities !== undefined && a.largeCommunities.length > 0) {
    const texts = a.largeCommunities.map((c) => `${c.globalAdministrator}:${c.localData1}:${c.localData2}`);
    parts.push(`lc${texts.sort().join(',')}`);
  }
  if (a.unknown !== undefined && a.unknown.length > 0) {
    const texts = a.unknown.map((u) => `${u.code}.${u.value.toString('hex')}`);
    parts.push(`u${texts.sort().join(',')}`);
  }
  return parts.join('|');
}

/**
 * The same attributes without the lists that are malformed when empty (COMMUNITIES RFC 7606 §7.8,
 * CLUSTER_LIST §7.10, LARGE_COMMUNITY RFC 8092 §6): a policy that strips the last community leaves `[]`,
 * which must mean "absent", both for interning (one set, not two) and for the encoder (which refuses to
 * send an empty list). Returns `a` itself when nothing is empty.
 */
export function withoutEmptyLists(a: RouteAttributes): RouteAttributes {
  const emptyCommunities = a.communities?.length === 0;
  const emptyClusterList = a.clusterList?.length === 0;
  const emptyLarge = a.largeCommunities?.length === 0;
  if (!emptyCommunities && !emptyClusterList && !emptyLarge) return a;
  const out: { -readonly [K in keyof RouteAttributes]: RouteAttributes[K] } = { ...a };
  if (emptyCommunities) delete out.communities;
  if (emptyClusterList) delete out.clusterList;
  if (emptyLarge) delete out.largeCommunities;
  return out;
}

/** 32-bit FNV-1a of the key: a short, stable tag for logs and `twillctl` (the key itself is the identity). */
export function attributeHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const SEGMENT_TAG: Record<AsPathSegment['type'], string> = {
  'as-sequence': 'q',
  'as-set': 's',
  'as-confed-sequence': 'Q',
  'as-confed-set': 'S',
};

function asPathText(segments: readonly AsPathSegment[]): string {
  return segments.map((s) => `${SEGMENT_TAG[s.type]}${s.asns.join(' ')}`).join(';');
}

function sortedNumbers(values: readonly number[]): number[] {
  return [...values].sort((x, y) => x - y);
}
