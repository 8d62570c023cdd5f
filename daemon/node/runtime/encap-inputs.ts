// What the encapsulation managers are told, from the calculation graph's RemoteRoutes (pure): per
// remote node the blocks a pool carries through VXLAN (with the node's VTEP MAC) and its WireGuard peer
// (key, endpoint, allowed IPs), and whether this node needs VXLAN or WireGuard at all.
import { tryParseIpAddress, tryParsePrefix, type Prefix } from '../../../common/index.js';
import type { RemoteNode } from '../../../routing/encap/index.js';
import type { RemoteRoutes } from '../calc/index.js';

export interface EncapInputs {
  /** Remote nodes with IPv4 blocks routed through VXLAN (IPv4 underlay: device twill.vxlan). */
  readonly vxlan: readonly RemoteNode[];
  /** The same for IPv6 blocks over the IPv6 underlay (device twill.vxlan6), as Calico's vxlan-v6.calico. */
  readonly vxlan6: readonly RemoteNode[];
  readonly wireguard: readonly RemoteNode[];
  /** Some remote block goes through VXLAN: the device is needed and our VTEP must be published. */
  readonly wantVxlan: boolean;
  /** A pool asks for WireGuard (routed, or falling back because our key is missing): publish a key. */
  readonly wantWireguard: boolean;
}

export function encapInputs(remote: RemoteRoutes | undefined): EncapInputs {
  const routes = remote?.routes ?? [];
  // nextHop is the remote node's underlay address of the block's family.
  const byNode = { 4: new Map<string, VxlanEntry>(), 6: new Map<string, VxlanEntry>() };
  for (const route of routes) {
    if (route.encapsulation !== 'vxlan') continue;
    const cidr = tryParsePrefix(route.cidr, { strict: false });
    if (cidr === undefined) continue;
    const nodes = byNode[cidr.family];
    const entry = nodes.get(route.node) ?? { address: route.nextHop, blocks: [] };
    entry.blocks.push(cidr);
    nodes.set(route.node, entry);
  }
  const vxlanNodes = (nodes: Map<string, VxlanEntry>): RemoteNode[] =>
    [...nodes].flatMap(([name, entry]) => {
      const address = tryParseIpAddress(entry.address);
      if (address === undefined) return [];
      // One VTEP MAC per node (vtepMacFor), on both its devices.
      const mac = remote?.vteps.find((v) => v.node === name)?.mac;
      return [{ name, address, blocks: entry.blocks, ...(mac === undefined ? {} : { vtepMac: mac }) }];
    });
  const wireguard: RemoteNode[] = [];
  for (const peer of remote?.wireguardPeers ?? []) {
    const address = tryParseIpAddress(peer.endpoint);
    if (address === undefined) continue;
    const blocks = peer.allowedIps.flatMap((p) => tryParsePrefix(p, { strict: false }) ?? []);
    wireguard.push({ name: peer.node, address, blocks, wireguardPublicKey: peer.publicKey });
  }
  return {
    vxlan: vxlanNodes(byNode[4]),
    vxlan6: vxlanNodes(byNode[6]),
    wireguard,
    wantVxlan: byNode[4].size + byNode[6].size > 0,
    wantWireguard: routes.some(
      (r) => r.encapsulation === 'wireguard' || r.fallback === 'no-local-wireguard-key',
    ),
  };
}

interface VxlanEntry {
  readonly address: string;
  readonly blocks: Prefix[];
}
