// The prefixes this node originates in BGP:
//  - its affine IPAM blocks (an IPAMBlock whose affinity is host:<this node>), blackholed locally;
//  - borrowed addresses: a local pod's address inside a pool but outside this node's blocks, as a host
//    route, so traffic reaches the pod rather than the block's owner;
//  - services (BGPConfiguration `default`, as in Calico): each configured CIDR as a whole, plus, for a
//    service with externalTrafficPolicy: Local and an endpoint on this node, a host route for each of its
//    addresses inside a configured CIDR of that kind, so traffic lands only on nodes that serve it.
import { comparePrefixes, Prefix, tryParseIpAddress, tryParsePrefix } from '../../../common/index.js';
import { bgpConfiguration } from './as-resolver.js';
import type { OriginatedPrefixes, ServiceInput } from './desired-state.js';
import type { ResourceIndex } from './resource-index.js';

export function calculateOriginatedPrefixes(
  index: ResourceIndex,
  nodeName: string,
  services: Iterable<ServiceInput>,
): OriginatedPrefixes {
  const affinity = `host:${nodeName}`;
  const blocks = index
    .list('IPAMBlock')
    .filter((block) => block.spec.affinity === affinity && block.spec.deleted !== true)
    .flatMap((block) => prefixes([block.spec.cidr]));
  const pools = prefixes(index.list('IPPool').map((pool) => pool.spec.cidr));
  const borrowed = index
    .list('WorkloadEndpoint')
    .filter((endpoint) => endpoint.spec.node === nodeName)
    .flatMap((endpoint) => prefixes(endpoint.spec.ipNetworks))
    .filter((host) => pools.some((pool) => pool.containsPrefix(host)))
    .filter((host) => !blocks.some((block) => block.containsPrefix(host)));
  return {
    blocks: sortedText(blocks),
    borrowed: sortedText(borrowed),
    services: sortedText(serviceRoutes(index, services)),
  };
}

function serviceRoutes(index: ResourceIndex, services: Iterable<ServiceInput>): Prefix[] {
  const spec = bgpConfiguration(index, 'default')?.spec;
  const ranges = {
    clusterIPs: prefixes((spec?.serviceClusterIPs ?? []).map((item) => item.cidr)),
    externalIPs: prefixes((spec?.serviceExternalIPs ?? []).map((item) => item.cidr)),
    loadBalancerIPs: prefixes((spec?.serviceLoadBalancerIPs ?? []).map((item) => item.cidr)),
  };
  const out: Prefix[] = [...ranges.clusterIPs, ...ranges.externalIPs, ...ranges.loadBalancerIPs];
  for (const service of services) {
    if (service.externalTrafficPolicy !== 'Local' || !service.hasLocalEndpoint) continue;
    for (const kind of ['clusterIPs', 'externalIPs', 'loadBalancerIPs'] as const) {
      for (const text of service[kind]) {
        const address = tryParseIpAddress(text);
        if (address !== undefined && ranges[kind].some((range) => range.contains(address)))
          out.push(Prefix.host(address));
      }
    }
  }
  return out;
}

function prefixes(texts: readonly string[]): Prefix[] {
  return texts.flatMap((text) => {
    const prefix = tryParsePrefix(text);
    return prefix === undefined ? [] : [prefix];
  });
}

/** Sorted and without duplicates (two Local services may share an external IP). */
function sortedText(items: readonly Prefix[]): string[] {
  const sorted = [...items].sort(comparePrefixes).map((item) => item.toString());
  return sorted.filter((item, i) => i === 0 || sorted[i - 1] !== item);
}
