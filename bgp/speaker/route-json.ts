/**
 * Routes as plain JSON for status, the control socket and `twillctl bgp routes`: AS paths as text
 * ("65001 {65002,65003}"), communities as "AS:value", addresses as text.
 */
import type { AsPathSegment } from '../wire/index.js';
import { formatCommunity, formatLargeCommunity } from '../wire/index.js';
import type { RouteAttributes } from '../rib/index.js';

export interface RouteAttributesJson {
  readonly origin?: string;
  readonly asPath: string;
  readonly nextHop?: string;
  readonly med?: number;
  readonly localPref?: number;
  readonly communities?: readonly string[];
  readonly largeCommunities?: readonly string[];
}

export interface RouteJson extends RouteAttributesJson {
  readonly prefix: string;
  /** The peer it came from (best view), or the peer it goes to / came from (advertised / received). */
  readonly peer: string;
  /** Received view: why import refused it. */
  readonly rejected?: string;
  /** Kept from a restarting peer, not yet refreshed (graceful restart, RFC 4724 §4.2). */
  readonly stale?: boolean;
}

export function formatAsPath(asPath: readonly AsPathSegment[] | undefined): string {
  return (asPath ?? [])
    .map((s) => {
      switch (s.type) {
        case 'as-sequence':
          return s.asns.join(' ');
        case 'as-set':
          return `{${s.asns.join(',')}}`;
        case 'as-confed-sequence':
          return `(${s.asns.join(' ')})`;
        case 'as-confed-set':
          return `[${s.asns.join(',')}]`;
      }
    })
    .filter((s) => s.length > 0)
    .join(' ');
}

export function attributesJson(a: RouteAttributes): RouteAttributesJson {
  return {
    ...(a.origin === undefined ? {} : { origin: a.origin }),
    asPath: formatAsPath(a.asPath),
    ...(a.nextHop === undefined ? {} : { nextHop: a.nextHop.toString() }),
    ...(a.multiExitDisc === undefined ? {} : { med: a.multiExitDisc }),
    ...(a.localPref === undefined ? {} : { localPref: a.localPref }),
    ...(a.communities === undefined ? {} : { communities: a.communities.map(formatCommunity) }),
    ...(a.largeCommunities === undefined
      ? {}
      : { largeCommunities: a.largeCommunities.map(formatLargeCommunity) }),
  };
}
