/**
 * The path attributes this codec understands, by type code: the table of BGP path attributes (like
 * BIRD's attribute table), one module per attribute. An attribute not listed is unknown: kept with the
 * Partial bit when optional transitive, dropped when optional non-transitive, and a session reset when
 * it claims to be well-known (RFC 4271 §6.3 Unrecognized Well-known Attribute).
 */
import { aggregator } from './aggregator.js';
import { as4Aggregator } from './as4-aggregator.js';
import { as4Path } from './as4-path.js';
import { asPath } from './as-path.js';
import { atomicAggregate } from './atomic-aggregate.js';
import { clusterList } from './cluster-list.js';
import { communities } from './communities.js';
import { largeCommunities } from './large-communities.js';
import { localPref } from './local-pref.js';
import { mpReachNlri } from './mp-reach-nlri.js';
import { mpUnreachNlri } from './mp-unreach-nlri.js';
import { multiExitDisc } from './multi-exit-disc.js';
import { nextHop } from './next-hop.js';
import { originatorId } from './originator-id.js';
import { origin } from './origin.js';
import type { AttributeCodec, AttributeKey } from './types.js';

export type AnyAttributeCodec = { [K in AttributeKey]: AttributeCodec<K> }[AttributeKey];

export const ATTRIBUTES: readonly AnyAttributeCodec[] = [
  origin, // 1, RFC 4271
  asPath, // 2, RFC 4271, RFC 6793
  nextHop, // 3, RFC 4271
  multiExitDisc, // 4, RFC 4271
  localPref, // 5, RFC 4271
  atomicAggregate, // 6, RFC 4271
  aggregator, // 7, RFC 4271, RFC 6793
  communities, // 8, RFC 1997
  originatorId, // 9, RFC 4456
  clusterList, // 10, RFC 4456
  mpReachNlri, // 14, RFC 4760
  mpUnreachNlri, // 15, RFC 4760
  as4Path, // 17, RFC 6793
  as4Aggregator, // 18, RFC 6793
  largeCommunities, // 32, RFC 8092
];

const BY_CODE: ReadonlyMap<number, AnyAttributeCodec> = new Map(ATTRIBUTES.map((a) => [a.code, a]));

export function attributeCodec(code: number): AnyAttributeCodec | undefined {
  return BY_CODE.get(code);
}
