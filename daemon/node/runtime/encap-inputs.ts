// What the encapsulation managers are told, from the calculation graph's RemoteRoutes (pure): per
// remote node the blocks a pool carries through VXLAN (with the node's VTEP MAC) and its WireGuard peer
// (key, endpoint, allowed IPs), and whether this node needs VXLAN or WireGuard at all.
import { tryParseIpAddress, tryParsePrefix, type Prefix } from '../../../common/index.js';
import type { RemoteNode } from '../../../routing/encap/index.js';
import type { RemoteRoutes } from '../calc/index.js';

export interface EncapInputs {
  /** Remote nodes with blocks routed through VXLAN (IPv4 underlay and blocks; see skippedVxlanV6). */
  readonly vxlan: readonly RemoteNode[];
  readonly wireguard: readonly RemoteNode[];
  /** Some remote block goes through VXLAN: the device is needed and our VTEP must be published. */
  readonly wantVxlan: boolean;
  /** A pool asks for WireGuard (routed, or falling back because our key is missing): publish a key. */
  readonly wantWireguard: boolean;
  /** IPv6 blocks of VXLAN pools: not routed yet (one IPv4 VTEP device; an IPv6 one is not built). */
  readonly skippedVxlanV6: readonly string[];
}

export function encapInputs(remote: RemoteRoutes | undefined): EncapInputs {
  const routes = remote?.routes ?? [];
  const byNode = new Map<string, { address: string; blocks: Prefix[] }>();
  const skippedVxlanV6: string[] = [];
  for (const route of routes) {
    if (route.encapsulation !== 'vxlan') continue;
    const cidr = tryParsePrefix(route.cidr, { strict: false });
    if (cidr === undefined) continue;
    if (cidr.family !== 4) {
      skippedVxlanV6.push(route.cidr);
      continue;
    }
    const entry = byNode.get(route.node) ?? { address: route.nextHop, blocks: [] };
    entry.blocks.push(cidr);
    byNode.set(route.node, entry);
  }
  const vxlan: RemoteNode[] = [];
  for (const [name, entry] of byNode) {
    const address = tryParseIpAddress(entry.address);
    if (address === undefined) continue;
    const mac = remote?.vteps.find((v) => v.node === name)?.mac;
    vxlan.push({ name, address, blocks: entry.blocks, ...(mac === undefined ? {} : { vtepMac: mac }) });
  }
  const wireguard: RemoteNode[] = [];
  for (const peer of remote?.wireguardPeers ?? []) {
    const address = tryParseIpAddress(peer.endpoint);
    if (address === undefined) continue;
    const blocks = peer.allowedIps.flatMap((p) => tryParsePrefix(p, { strict: false }) ?? []);
    wireguard.push({ name: peer.node, address, blocks, wireguardPublicKey: peer.publicKey });
  }
  return {
    vxlan,
    wireguard,
    wantVxlan: byNode.size > 0 || skippedVxlanV6.length > 0,
    wantWireguard: routes.some(
      (r) => r.encapsulation === 'wireguard' || r.fallback === 'no-local-wireguard-key',
    ),
    skippedVxlanV6,
  };
}
