// What the encapsulation managers are told, from the calculation graph's RemoteRoutes (pure): per
// remote node the blocks a pool carries through VXLAN (with the node's VTEP MAC) or IP-in-IP, and its
// WireGuard peer (key, endpoint, allowed IPs), and whether this node needs VXLAN or WireGuard at all.
import { tryParseIpAddress, tryParsePrefix, type Prefix } from '../../../common/index.js';
import type { RemoteNode } from '../../../routing/encap/index.js';
import type { RemoteRoutes } from '../calc/index.js';

export interface EncapInputs {
  /** Remote nodes with IPv4 blocks routed through VXLAN (IPv4 underlay: device twill.vxlan). */
  readonly vxlan: readonly RemoteNode[];
  /** The same for IPv6 blocks over the IPv6 underlay (device twill.vxlan6), as Calico's vxlan-v6.calico. */
  readonly vxlan6: readonly RemoteNode[];
  readonly wireguard: readonly RemoteNode[];
  /** Remote nodes with blocks routed through IP-in-IP (IPv4 only: RFC 2003; pools refuse IPv6). */
  readonly ipip: readonly RemoteNode[];
  /** The pools whose blocks those are (sorted), for errors and status. */
  readonly ipipPools: readonly string[];
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
      if (mac === undefined) return [{ name, address, blocks: entry.blocks }];
      // IPv6: the next hop is the remote VTEP's link-local address, not its underlay address (see
      // RemoteNode.tunnelGateway: a same-rack underlay address is inside our connected subnet).
      const gateway = address.family === 6 ? tryParseIpAddress(linkLocalFromMac(mac)) : undefined;
      return [
        { name, address, blocks: entry.blocks, vtepMac: mac, ...(gateway ? { tunnelGateway: gateway } : {}) },
      ];
    });
  const { ipip, ipipPools } = ipipInputs(routes);
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
    ipip,
    ipipPools,
    wantVxlan: byNode[4].size + byNode[6].size > 0,
    wantWireguard: routes.some(
      (r) => r.encapsulation === 'wireguard' || r.fallback === 'no-local-wireguard-key',
    ),
  };
}

function ipipInputs(routes: RemoteRoutes['routes']): Pick<EncapInputs, 'ipip' | 'ipipPools'> {
  const nodes = new Map<string, { address: string; blocks: Prefix[] }>();
  const pools = new Set<string>();
  for (const route of routes) {
    if (route.encapsulation !== 'ipip') continue;
    const cidr = tryParsePrefix(route.cidr, { strict: false });
    if (cidr === undefined || cidr.family !== 4) continue;
    if (route.pool !== undefined) pools.add(route.pool);
    const entry = nodes.get(route.node) ?? { address: route.nextHop, blocks: [] };
    entry.blocks.push(cidr);
    nodes.set(route.node, entry);
  }
  const ipip = [...nodes].flatMap(([name, entry]) => {
    const address = tryParseIpAddress(entry.address);
    return address === undefined ? [] : [{ name, address, blocks: entry.blocks }];
  });
  return { ipip, ipipPools: [...pools].sort() };
}

/** The EUI-64 link-local address (RFC 4291 appendix A) the kernel gives a device with this MAC. */
export function linkLocalFromMac(mac: string): string {
  const b = mac.split(':').map((h) => parseInt(h, 16));
  const eui = [(b[0] ?? 0) ^ 0x02, b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]].map((x) => x ?? 0);
  const groups = [0, 2, 4, 6].map((i) => (((eui[i] as number) << 8) | (eui[i + 1] as number)).toString(16));
  return `fe80::${groups.join(':')}`;
}

interface VxlanEntry {
  readonly address: string;
  readonly blocks: Prefix[];
}
