// How each remote node's blocks are reached, plus the VXLAN VTEPs and WireGuard peers those routes need.
import { comparePrefixes, parsePrefix, tryParsePrefix, type Prefix } from '../../../common/index.js';
import type { IPPool, Node } from '../../../datastore/index.js';
import type {
  NodeIdentity,
  RemoteBlockRoute,
  RemoteRoutes,
  UnroutableBlock,
  VxlanVtep,
  WireguardPeer,
} from './desired-state.js';
import { chooseEncapsulation } from './encapsulation-resolver.js';
import { nodeAddress, parseInterfaceAddress } from './node-address.js';
import type { ResourceIndex } from './resource-index.js';

const AFFINITY = /^host:(.+)$/;

export function calculateRemoteRoutes(index: ResourceIndex, identity: NodeIdentity): RemoteRoutes {
  const pools = index
    .list('IPPool')
    .flatMap((pool) => {
      const cidr = tryParsePrefix(pool.spec.cidr);
      return cidr === undefined ? [] : [{ pool, cidr }];
    })
    // Most specific first, so a block inside nested pools belongs to the innermost.
    .sort((a, b) => b.cidr.length - a.cidr.length);
  const localSubnet = {
    4: identity.ipv4 === undefined ? undefined : parseInterfaceAddress(identity.ipv4.cidr, 4)?.subnet,
    6: identity.ipv6 === undefined ? undefined : parseInterfaceAddress(identity.ipv6.cidr, 6)?.subnet,
  };
  const localHasWireguardKey = index.get('Node', identity.name)?.status?.wireguardPublicKey !== undefined;
  const routes: RemoteBlockRoute[] = [];
  const unroutable: UnroutableBlock[] = [];
  const wireguardAllowed = new Map<string, Prefix[]>();
  for (const block of index.list('IPAMBlock')) {
    const owner = AFFINITY.exec(block.spec.affinity ?? '')?.[1];
    const cidr = tryParsePrefix(block.spec.cidr);
    if (owner === undefined || owner === identity.name || cidr === undefined || block.spec.deleted === true)
      continue;
    const node = index.get('Node', owner);
    const remote = nodeAddress(node, cidr.family);
    if (node === undefined || remote === undefined) {
      const reason = node === undefined ? 'no Node resource' : `node has no IPv${cidr.family} address`;
      unroutable.push({ cidr: cidr.toString(), node: owner, reason });
      continue;
    }
    const pool: IPPool | undefined = pools.find((item) => item.cidr.containsPrefix(cidr))?.pool;
    const choice = chooseEncapsulation(pool, {
      localSubnet: localSubnet[cidr.family],
      remoteAddress: remote.address,
      localHasWireguardKey,
      remoteHasWireguardKey: node.status?.wireguardPublicKey !== undefined,
    });
    if (choice.encapsulation === 'wireguard')
      wireguardAllowed.set(owner, [...(wireguardAllowed.get(owner) ?? []), cidr]);
    routes.push({
      cidr: cidr.toString(),
      node: owner,
      nextHop: remote.address.toString(),
      encapsulation: choice.encapsulation,
      ...(pool === undefined ? {} : { pool: pool.metadata.name }),
      ...(choice.fallback === undefined ? {} : { fallback: choice.fallback }),
    });
  }
  const remotes = index.list('Node').filter((node) => node.metadata.name !== identity.name);
  return {
    routes: routes.sort((a, b) => compareCidrs(a.cidr, b.cidr)),
    vteps: remotes.flatMap(vtepOf).sort((a, b) => compareText(a.node, b.node)),
    wireguardPeers: remotes
      .flatMap((node) => wireguardPeerOf(node, wireguardAllowed.get(node.metadata.name) ?? []))
      .sort((a, b) => compareText(a.node, b.node)),
    unroutable: unroutable.sort((a, b) => compareCidrs(a.cidr, b.cidr)),
  };
}

/** A VTEP needs the tunnel address, its MAC, and an underlay address to send the UDP to. */
function vtepOf(node: Node): VxlanVtep[] {
  const { vxlanTunnelAddress, vxlanTunnelMACAddr } = node.spec;
  const underlay = nodeAddress(node, 4) ?? nodeAddress(node, 6);
  if (vxlanTunnelAddress === undefined || vxlanTunnelMACAddr === undefined || underlay === undefined)
    return [];
  return [
    {
      node: node.metadata.name,
      tunnelAddress: vxlanTunnelAddress,
      mac: vxlanTunnelMACAddr,
      underlayAddress: underlay.address.toString(),
    },
  ];
}

/** Allowed IPs: the node's WireGuard-routed blocks and its WireGuard interface address (as a host route). */
function wireguardPeerOf(node: Node, blocks: readonly Prefix[]): WireguardPeer[] {
  const publicKey = node.status?.wireguardPublicKey;
  const endpoint = nodeAddress(node, 4) ?? nodeAddress(node, 6);
  if (publicKey === undefined || endpoint === undefined) return [];
  const allowed = [...blocks];
  const interfaceAddress = tryParsePrefix(`${node.spec.wireguard?.interfaceIPv4Address ?? ''}/32`);
  if (interfaceAddress !== undefined) allowed.push(interfaceAddress);
  if (allowed.length === 0) return [];
  return [
    {
      node: node.metadata.name,
      publicKey,
      endpoint: endpoint.address.toString(),
      allowedIps: allowed.sort(comparePrefixes).map((item) => item.toString()),
    },
  ];
}

function compareCidrs(a: string, b: string): number {
  return comparePrefixes(parsePrefix(a), parsePrefix(b));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
