/**
 * Our own next hops on one session (bgp/rib SelfNextHop), chosen at Established: the configured
 * `ipv4NextHop`/`ipv6NextHop`, else the session's local address. Over an IPv6 session there is no local
 * IPv4 address to put in NEXT_HOP (RFC 4271 §5.1.3): IPv4 routes need one configured, or, when RFC 8950
 * extended next hop is negotiated for IPv4 unicast, go with our IPv6 address.
 */
import { IPv4Address, IPv6Address, parseIpAddress } from '../../common/index.js';
import type { SelfNextHop } from '../rib/index.js';
import { splitScope } from './peer-transport.js';
import type { PeerConfig } from './speaker-config.js';

export function selfNextHopOf(
  config: Pick<PeerConfig, 'ipv4NextHop' | 'ipv6NextHop'>,
  localAddress: string | undefined,
  ipv4ExtendedNextHop: boolean,
): SelfNextHop {
  const local = localAddress === undefined ? undefined : parseIpAddress(splitScope(localAddress).address);
  const ipv6 = config.ipv6NextHop ?? (local instanceof IPv6Address ? local : undefined);
  const ipv4 =
    config.ipv4NextHop ??
    (local instanceof IPv4Address
      ? local
      : ipv4ExtendedNextHop && ipv6 instanceof IPv6Address
        ? ipv6
        : undefined);
  return {
    ...(ipv4 === undefined ? {} : { ipv4 }),
    ...(ipv6 instanceof IPv6Address ? { ipv6 } : {}),
  };
}
