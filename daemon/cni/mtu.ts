// The pod interface MTU: the config's `mtu`, else the uplink's (the device of the default route, the
// way traffic leaves the node) minus what the pool's encapsulation adds, so a full-size pod packet
// still fits the wire after encapsulation.
import { assertNever, parsePrefix, type IpAddress } from '../../common/index.js';
import type { EncapsulationType, IPPool } from '../../datastore/index.js';
import { encapOverheadBytes, type EncapKind } from '../../routing/encap/index.js';
import type { Kernel } from './kernel.js';

/** Ethernet's, when the node has no default route to learn from. */
export const FALLBACK_MTU = 1500;

export async function uplinkMtu(host: Kernel): Promise<number> {
  for (const family of [4, 6] as const) {
    const defaults = (await host.mainRoutes(family)).filter(
      (r) => r.dst.length === 0 && r.type === 'unicast',
    );
    for (const route of defaults) {
      const oif = route.oif ?? route.multipath?.[0]?.oif;
      if (oif === undefined) continue;
      const link = await host.linkByIndex(oif);
      if (link?.mtu !== undefined) return link.mtu;
    }
  }
  return FALLBACK_MTU;
}

/** The largest overhead among the pools the pod's addresses come from. */
export function encapsulationOverhead(pools: readonly IPPool[], addresses: readonly IpAddress[]): number {
  let overhead = 0;
  for (const address of addresses) {
    const pool = pools.find((p) => parsePrefix(p.spec.cidr).contains(address));
    if (pool === undefined) continue;
    overhead = Math.max(
      overhead,
      encapOverheadBytes(encapKind(pool.spec.encapsulation.type), address.family),
    );
  }
  return overhead;
}

function encapKind(type: EncapsulationType): EncapKind {
  switch (type) {
    case 'None':
      return 'native';
    case 'IPIP':
      return 'ipip';
    case 'VXLAN':
      return 'vxlan';
    case 'WireGuard':
      return 'wireguard';
    default:
      return assertNever(type, 'encapsulation type');
  }
}
