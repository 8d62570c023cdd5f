/** RIB views for `twillctl bgp routes [--peer P] [--afi ipv4|ipv6] received|advertised|best`. */

import { LOCAL_PEER_ID, type BestRouteRow, type Rib, type RouteViewName } from '../rib/index.js';
import { FAMILIES, type Family } from '../wire/index.js';
import { attributesJson, type RouteJson } from './route-json.js';

export interface RouteViewQuery {
  readonly view: RouteViewName;
  /** Only this peer's routes (received/advertised: required to pick the table; best: learned from it). */
  readonly peer?: string;
  readonly family?: Family;
}

export function routeRows(rib: Rib, query: RouteViewQuery): RouteJson[] {
  const families = query.family === undefined ? FAMILIES : [query.family];
  const peers = query.peer === undefined ? rib.peerIds() : rib.peerIds().filter((p) => p === query.peer);
  const rows: RouteJson[] = [];
  for (const family of families) {
    switch (query.view) {
      case 'best':
        for (const r of rib.best(family)) {
          if (query.peer !== undefined && r.peer.id !== query.peer) continue;
          rows.push({
            prefix: r.prefix.toString(),
            peer: r.peer.id,
            ...attributesJson(r.attributes),
            ...(isStaleBest(rib, family, r) ? { stale: true } : {}),
          });
        }
        break;
      case 'received':
        for (const peer of peers)
          for (const r of rib.received(peer, family))
            rows.push({
              prefix: r.prefix.toString(),
              peer,
              ...attributesJson(r.attributes),
              ...(r.rejection === undefined ? {} : { rejected: r.rejection }),
              ...(r.stale ? { stale: true } : {}),
            });
        break;
      case 'advertised':
        for (const peer of peers.filter((p) => rib.hasAdjRibOut(p)))
          for (const r of rib.advertised(peer, family))
            rows.push({ prefix: r.prefix.toString(), peer, ...attributesJson(r.attributes) });
        break;
    }
  }
  return rows.sort((a, b) => a.peer.localeCompare(b.peer) || a.prefix.localeCompare(b.prefix));
}

/** A best route kept from a restarting peer (RFC 4724 §4.2) is shown as stale. */
function isStaleBest(rib: Rib, family: Family, r: BestRouteRow): boolean {
  if (r.peer.id === LOCAL_PEER_ID) return false;
  const route = rib.adjRibIn(r.peer.id).get(family, r.prefix, r.pathId);
  return route !== undefined && rib.adjRibIn(r.peer.id).isStale(route);
}
