// Publishes what the other nodes need to tunnel to this one, in its Node resource (what
// calc/remote-route-calculator.ts reads): spec.vxlanTunnelMACAddr (vtepMacFor: derived from the node
// name, the same on every start), spec.vxlanTunnelAddress (one address from IPAM, as Calico: handle
// `vxlan-tunnel-addr-<node>`, use Tunnel, from a VXLAN IPv4 pool; kept while it stays inside one) and
// status.wireguardPublicKey (from the key file, created on first use). Only what a pool asks for is
// written. Compare-and-swap with a re-read on conflict, as the address write-back.
import {
  errorCode,
  errorMessage,
  tryParseIpAddress,
  tryParsePrefix,
  type Logger,
} from '../../../common/index.js';
import type { Backend, IPPool, Node } from '../../../datastore/index.js';
import { IpamAllocator } from '../../../ipam/index.js';
import { loadOrCreateKeyPair, vtepMacFor } from '../../../routing/encap/index.js';

export interface EncapWants {
  readonly vxlan: boolean;
  readonly wireguard: boolean;
}

/** The VTEP MAC this node publishes (and sets on its devices). */
export function publishedVtepMac(nodeName: string): string {
  return vtepMacFor(nodeName);
}

/** The IPAM handle the VXLAN tunnel address is allocated under (Calico's name for it). */
export function tunnelHandle(nodeName: string): string {
  return `vxlan-tunnel-addr-${nodeName}`;
}

/** The enabled IPv4 VXLAN pools that may hand out tunnel addresses. */
export function vxlanTunnelPools(pools: readonly IPPool[]): IPPool[] {
  return pools.filter(
    (p) =>
      p.spec.encapsulation.type === 'VXLAN' &&
      !p.spec.disabled &&
      p.spec.allowedUses.includes('Tunnel') &&
      tryParsePrefix(p.spec.cidr)?.family === 4,
  );
}

export async function writeBackEncap(
  backend: Backend,
  nodeName: string,
  wants: EncapWants,
  wireguardKeyFile: string,
  log: Logger,
): Promise<'updated' | 'unchanged'> {
  const publicKey = wants.wireguard
    ? (await loadOrCreateKeyPair(wireguardKeyFile)).publicKey.toString('base64')
    : undefined;
  const pools = wants.vxlan ? vxlanTunnelPools((await backend.list('IPPool')).items) : [];
  if (wants.vxlan && pools.length === 0)
    log.warn(
      'no enabled IPv4 VXLAN pool allows Tunnel use: no VXLAN tunnel address, the VTEP is not published',
    );
  for (let attempt = 1; ; attempt++) {
    const node = await backend.get('Node', nodeName);
    let spec: Node['spec'] = node.spec;
    let status: Node['status'] = node.status;
    if (pools.length > 0) {
      const mac = vtepMacFor(nodeName);
      const address = await tunnelAddress(backend, node, pools, log);
      if (spec.vxlanTunnelMACAddr !== mac || spec.vxlanTunnelAddress !== address)
        spec = { ...spec, vxlanTunnelMACAddr: mac, vxlanTunnelAddress: address };
    }
    if (publicKey !== undefined && status?.wireguardPublicKey !== publicKey)
      status = { ...status, wireguardPublicKey: publicKey };
    if (spec === node.spec && status === node.status) return 'unchanged';
    try {
      await backend.update<Node>({ ...node, spec, ...(status === undefined ? {} : { status }) });
      log.info('encapsulation published in the Node', {
        node: nodeName,
        vxlanTunnelAddress: spec.vxlanTunnelAddress,
        vxlanTunnelMACAddr: spec.vxlanTunnelMACAddr,
        wireguardPublicKey: status?.wireguardPublicKey,
      });
      return 'updated';
    } catch (error) {
      if (errorCode(error) === 'CONFLICT' && attempt < 5) continue;
      log.warn('could not publish the encapsulation in the Node', {
        node: nodeName,
        error: errorMessage(error),
      });
      throw error;
    }
  }
}

/** Keeps the Node's tunnel address while it is inside a VXLAN pool; else one from IPAM under our handle. */
async function tunnelAddress(
  backend: Backend,
  node: Node,
  pools: readonly IPPool[],
  log: Logger,
): Promise<string> {
  const current = tryParseIpAddress(node.spec.vxlanTunnelAddress ?? '');
  if (current !== undefined && pools.some((p) => tryParsePrefix(p.spec.cidr)?.contains(current) === true))
    return current.toString();
  const allocator = new IpamAllocator({ backend, node: node.metadata.name, log });
  const handleID = tunnelHandle(node.metadata.name);
  // A crash between allocating and writing the Node left an address under the handle: free it first.
  await allocator.releaseByHandle(handleID);
  const [address] = await allocator.allocate({
    handleID,
    family: 4,
    pools: pools.map((p) => p.metadata.name),
    use: 'Tunnel',
    attributes: { type: 'vxlanTunnelAddress', node: node.metadata.name },
  });
  if (address === undefined) throw new Error(`IPAM gave no VXLAN tunnel address for ${node.metadata.name}`);
  return address.toString();
}
