// The pod's default gateway is the same link-local address in every pod, owned by no interface: the host
// side of each veth answers ARP (proxy_arp) or NDP (a proxy neighbour entry) for it with its own MAC.
// So no address is spent per pod on a gateway, and every pod packet lands on the host, which routes it
// by the pod /32 (/128) host routes. The same scheme as Calico's (RFC 3927 / RFC 4291 link-local).
import {
  parseIpAddress,
  parsePrefix,
  type IpAddress,
  type IpFamily,
  type Prefix,
} from '../../common/index.js';

export const GATEWAY_V4 = parseIpAddress('169.254.1.1');
export const GATEWAY_V6 = parseIpAddress('fe80::1');

export function gatewayFor(family: IpFamily): IpAddress {
  return family === 4 ? GATEWAY_V4 : GATEWAY_V6;
}

export function defaultRoute(family: IpFamily): Prefix {
  return parsePrefix(family === 4 ? '0.0.0.0/0' : '::/0');
}

export function hostPrefix(address: IpAddress): Prefix {
  return parsePrefix(`${address.toString()}/${address.family === 4 ? 32 : 128}`);
}
