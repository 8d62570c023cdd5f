/**
 * Answering a ROUTE-REFRESH (RFC 2918 §4): the Adj-RIB-Out of the family again. With enhanced route
 * refresh (RFC 7313 §4) the answer is framed by BoRR and EoRR, so the peer can drop what we did not
 * re-advertise in between.
 */
import { afiSafiOf, type Family } from '../wire/family.js';
import { RouteRefreshSubtype, type RouteRefreshMessage, type UpdateMessage } from '../wire/model.js';
import type { AdjRibOut } from './adj-rib-out.js';
import { packDiff, type PackOptions } from './update-packing.js';

export function routeRefreshMessage(family: Family, subtype: number): RouteRefreshMessage {
  const { afi, safi } = afiSafiOf(family);
  return { type: 'route-refresh', afi, safi, subtype };
}

export interface RefreshOptions extends PackOptions {
  /** Enhanced route refresh (RFC 7313) was negotiated: frame the answer with BoRR and EoRR. */
  readonly enhanced: boolean;
}

export function answerRouteRefresh(
  adjRibOut: AdjRibOut,
  family: Family,
  options: RefreshOptions,
): (UpdateMessage | RouteRefreshMessage)[] {
  const updates = packDiff(adjRibOut.refresh(family), options);
  if (!options.enhanced) return updates;
  return [
    routeRefreshMessage(family, RouteRefreshSubtype.BORR),
    ...updates,
    routeRefreshMessage(family, RouteRefreshSubtype.EORR),
  ];
}
