/**
 * Read-only views for status and `twillctl bgp routes [--peer P] [--afi ipv4|ipv6] received|advertised|best`:
 * rows in table order (insertion), which the caller sorts for display; and per-peer counts.
 */
import type { Prefix } from '../../common/index.js';
import type { Family } from '../wire/family.js';
import type { AdjRibIn } from './adj-rib-in.js';
import type { AdjRibOut } from './adj-rib-out.js';
import type { LocRib } from './loc-rib.js';
import type { ImportRejection, RibPeer } from './rib-route.js';
import type { RouteAttributes } from './route-attributes.js';

export type RouteViewName = 'received' | 'advertised' | 'best';

export interface ReceivedRouteRow {
  readonly prefix: Prefix;
  readonly pathId: number;
  readonly attributes: RouteAttributes;
  /** Why import refused it; undefined when accepted. */
  readonly rejection: ImportRejection | undefined;
  readonly stale: boolean;
}

export interface AdvertisedRouteRow {
  readonly prefix: Prefix;
  readonly attributes: RouteAttributes;
}

export interface BestRouteRow {
  readonly prefix: Prefix;
  readonly peer: RibPeer;
  readonly pathId: number;
  readonly attributes: RouteAttributes;
  /** The ECMP set, best first: the peers and attributes of every path. */
  readonly multipath: readonly { readonly peer: RibPeer; readonly attributes: RouteAttributes }[];
}

export interface PeerRouteCounts {
  /** Routes in the peer's Adj-RIB-In, accepted by import or not. */
  readonly received: number;
  readonly accepted: number;
  /** Routes in the peer's Adj-RIB-Out that were flushed (sent, or handed to the session to send). */
  readonly advertised: number;
}

export function* receivedRows(adjRibIn: AdjRibIn, family: Family): Generator<ReceivedRouteRow> {
  for (const route of adjRibIn.routes(family)) {
    yield {
      prefix: route.prefix,
      pathId: route.pathId,
      // As received: the Adj-RIB-In keeps what the peer sent, before import policy (accepted shows in best).
      attributes: route.receivedAttributes.value,
      rejection: route.rejection,
      stale: adjRibIn.isStale(route),
    };
  }
}

export function* advertisedRows(adjRibOut: AdjRibOut, family: Family): Generator<AdvertisedRouteRow> {
  for (const { prefix, attributes } of adjRibOut.advertised(family))
    yield { prefix, attributes: attributes.value };
}

export function* bestRows(locRib: LocRib, family: Family): Generator<BestRouteRow> {
  for (const entry of locRib.bestEntries(family)) {
    const best = entry.best;
    if (best === undefined) continue;
    yield {
      prefix: entry.prefix,
      peer: best.peer,
      pathId: best.pathId,
      attributes: best.attributes.value,
      multipath: entry.multipath.map((r) => ({ peer: r.peer, attributes: r.attributes.value })),
    };
  }
}

export function peerRouteCounts(
  adjRibIn: AdjRibIn | undefined,
  adjRibOut: AdjRibOut | undefined,
  family: Family,
): PeerRouteCounts {
  return {
    received: adjRibIn?.receivedCount(family) ?? 0,
    accepted: adjRibIn?.acceptedCount(family) ?? 0,
    advertised: adjRibOut?.advertisedCount(family) ?? 0,
  };
}
