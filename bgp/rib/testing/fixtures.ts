/** Peers, prefixes and UPDATE models for the RIB's tests and benchmark. */
import { IPv4Address, IPv6Address, parseIpAddress, Prefix } from '../../../common/index.js';
import type { PathAttributes } from '../../wire/attributes/types.js';
import type { Nlri, UpdateMessage } from '../../wire/model.js';
import type { PeerKind, RibPeer } from '../rib-route.js';

export const LOCAL_AS = 64512;
export const ROUTER_ID = IPv4Address.parse('10.255.0.1');

export function peer(
  id: string,
  kind: PeerKind,
  asn: number,
  routerId = '10.0.0.' + id.split('.').pop(),
): RibPeer {
  return { id, kind, address: parseIpAddress(id), asn, routerId: IPv4Address.parse(routerId) };
}

export function v4(text: string): Prefix<4> {
  const [address, length] = text.split('/');
  return Prefix.of(IPv4Address.parse(address as string), Number(length));
}

export function v6(text: string): Prefix<6> {
  const [address, length] = text.split('/');
  return Prefix.of(IPv6Address.parse(address as string), Number(length));
}

/** An IPv4 UPDATE: announcements in the classic NLRI field, withdrawals in Withdrawn Routes. */
export function update4(
  announce: readonly (Prefix<4> | Nlri<4>)[],
  attributes: PathAttributes,
  withdraw: readonly (Prefix<4> | Nlri<4>)[] = [],
): UpdateMessage {
  return { type: 'update', withdrawnRoutes: withdraw.map(toNlri), attributes, nlri: announce.map(toNlri) };
}

export function withdraw4(prefixes: readonly (Prefix<4> | Nlri<4>)[]): UpdateMessage {
  return update4([], {}, prefixes);
}

export function update6(
  announce: readonly Prefix<6>[],
  attributes: PathAttributes,
  nextHop: string,
  withdraw: readonly Prefix<6>[] = [],
): UpdateMessage {
  return {
    type: 'update',
    withdrawnRoutes: [],
    attributes,
    nlri: [],
    ...(announce.length > 0
      ? {
          mpReach: {
            family: 'ipv6-unicast',
            nextHop: IPv6Address.parse(nextHop),
            nlri: announce.map(toNlri),
          },
        }
      : {}),
    ...(withdraw.length > 0
      ? { mpUnreach: { family: 'ipv6-unicast', withdrawnRoutes: withdraw.map(toNlri) } }
      : {}),
  };
}

/** eBGP-looking attributes: ORIGIN IGP, AS_PATH of `asns`, NEXT_HOP. */
export function attrs(asns: readonly number[], nextHop: string, more: PathAttributes = {}): PathAttributes {
  return {
    origin: 'igp',
    asPath: asns.length === 0 ? [] : [{ type: 'as-sequence', asns }],
    nextHop: IPv4Address.parse(nextHop),
    ...more,
  };
}

function toNlri<F extends 4 | 6>(p: Prefix<F> | Nlri<F>): Nlri<F> {
  return p instanceof Prefix ? { prefix: p } : p;
}
