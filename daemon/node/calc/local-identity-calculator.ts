// This node's identity: addresses, AS, router ID, route reflector cluster. Address precedence: the Node
// resource's spec.bgp.ipv4Address/ipv6Address (an operator pin, or what status write-back stored) over
// what autodetection found this run; the source and method are kept for status.
import type { IpFamily } from '../../../common/index.js';
import { resolveAsNumber } from './as-resolver.js';
import type { AutodetectedAddresses, NodeAddress, NodeIdentity } from './desired-state.js';
import { nodeAddress, parseInterfaceAddress } from './node-address.js';
import type { ResourceIndex } from './resource-index.js';

export function calculateIdentity(
  index: ResourceIndex,
  nodeName: string,
  autodetected: AutodetectedAddresses,
): NodeIdentity {
  const node = index.get('Node', nodeName);
  const address = (family: IpFamily): NodeAddress | undefined => {
    const pinned = nodeAddress(node, family);
    if (pinned !== undefined)
      return { cidr: pinned.cidr, address: pinned.address.toString(), source: 'node-resource' };
    const found = family === 4 ? autodetected.ipv4 : autodetected.ipv6;
    const parsed = found === undefined ? undefined : parseInterfaceAddress(found.cidr, family);
    if (parsed === undefined || found === undefined) return undefined;
    return {
      cidr: parsed.cidr,
      address: parsed.address.toString(),
      source: 'autodetected',
      method: found.method,
    };
  };
  const ipv4 = address(4);
  const ipv6 = address(6);
  const as = resolveAsNumber(index, nodeName, node);
  const clusterId = node?.spec.bgp?.routeReflectorClusterID;
  return {
    name: nodeName,
    ...(ipv4 === undefined ? {} : { ipv4 }),
    ...(ipv6 === undefined ? {} : { ipv6 }),
    asNumber: as.asNumber,
    asSource: as.source,
    // RFC 4271 §4.2: a 4-octet identifier unique within the AS. An IPv6-only node has no IPv4 address to
    // use, so it derives one from its name (stable across restarts; Calico's "hash" router ID mode).
    routerId: ipv4?.address ?? hashRouterId(nodeName),
    routerIdSource: ipv4 === undefined ? 'node-name-hash' : 'ipv4-address',
    ...(clusterId === undefined ? {} : { routeReflectorClusterId: clusterId }),
  };
}

/** FNV-1a (32 bit) of the name, as a dotted quad; never 0.0.0.0 (RFC 6286 §2.1 forbids a zero identifier). */
export function hashRouterId(name: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(name)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  if (hash === 0) hash = 1;
  return [hash >>> 24, (hash >>> 16) & 0xff, (hash >>> 8) & 0xff, hash & 0xff].join('.');
}
