/**
 * `bgp.paths` (control socket) for `twillctl explain route`: every path the RIB holds for one prefix —
 * the best, the other candidates with the decision step that ranked them below it (RFC 4271 §9.1.2.2,
 * bgp/rib decision-explain.ts), and received paths import refused (loop checks, import policy, RFC 8212).
 */
import type { Prefix } from '../../common/index.js';
import type { DecisionStep, Rib } from '../rib/index.js';
import { attributesJson, type RouteAttributesJson } from './route-json.js';

export interface PathJson extends RouteAttributesJson {
  readonly peer: string;
  readonly best: boolean;
  readonly multipath: boolean;
  /** Not best: the step, as a code ('a'…'g', 'preference', …, 'unresolvable', 'equal'). */
  readonly lostAt?: string;
  /** The same in words. */
  readonly why?: string;
  /** Refused by import (then not a candidate at all). */
  readonly rejected?: string;
}

const STEP_WORDS: Readonly<Record<DecisionStep | 'equal' | 'unresolvable', string>> = {
  llgrStale: 'long-lived stale (RFC 9494 §4.3: less preferred than any other)',
  preference: 'lower degree of preference / LOCAL_PREF (RFC 4271 §9.1.1)',
  a: 'longer AS path (RFC 4271 §9.1.2.2 a)',
  b: 'higher ORIGIN (RFC 4271 §9.1.2.2 b)',
  c: 'higher MED from the same neighbouring AS (RFC 4271 §9.1.2.2 c)',
  d: 'learned over iBGP while an eBGP path exists (RFC 4271 §9.1.2.2 d)',
  e: 'higher IGP cost to the next hop (RFC 4271 §9.1.2.2 e)',
  f: 'higher BGP Identifier / ORIGINATOR_ID (RFC 4271 §9.1.2.2 f)',
  clusterList: 'longer CLUSTER_LIST (RFC 4456 §9)',
  g: 'higher peer address (RFC 4271 §9.1.2.2 g)',
  pathId: 'higher ADD-PATH Path Identifier (RFC 7911)',
  equal: 'tied on every step (ECMP)',
  unresolvable: 'next hop not resolvable (RFC 4271 §9.1.2.1)',
};

export function prefixPaths(rib: Rib, prefix: Prefix): PathJson[] {
  const family = prefix.family === 4 ? 'ipv4-unicast' : 'ipv6-unicast';
  const rows: PathJson[] = rib.locRib.ranking(prefix).map((r) => ({
    peer: r.route.peer.id,
    best: r.best,
    multipath: r.multipath,
    ...(r.lostAt === undefined ? {} : { lostAt: r.lostAt, why: STEP_WORDS[r.lostAt] }),
    ...attributesJson(r.route.attributes.value),
  }));
  for (const peer of rib.peerIds())
    for (const r of rib.received(peer, family))
      if (r.rejection !== undefined && r.prefix.equals(prefix))
        rows.push({
          peer,
          best: false,
          multipath: false,
          rejected: r.rejection,
          ...attributesJson(r.attributes),
        });
  return rows;
}
