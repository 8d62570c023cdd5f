/**
 * The canonical text of an attribute set, so structurally equal sets intern to one object whatever peer
 * sent them and in whatever order the attributes came (the decoded model already forgets wire order; the
 * key also ignores JS property order and absent-vs-undefined). What is a set by its RFC compares as a set:
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
  if (a.communities !== undefined) parts.push(`c${sortedNumbers(a.communities).join(',')}`);
  if (a.originatorId !== undefined) parts.push(`oi${a.originatorId.toString()}`);
  if (a.clusterList !== undefined) parts.push(`cl${a.clusterList.map((id) => id.toString()).join(',')}`);
  if (a.largeCommunities !== undefined) {
    const texts = a.largeCommunities.map((c) => `${c.globalAdministrator}:${c.localData1}:${c.localData2}`);
    parts.push(`lc${texts.sort().join(',')}`);
  }
  if (a.unknown !== undefined && a.unknown.length > 0) {
    const texts = a.unknown.map((u) => `${u.code}.${u.value.toString('hex')}`);
    parts.push(`u${texts.sort().join(',')}`);
  }
  return parts.join('|');
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
