// MTU auto-detection: the uplink is the interface that carries the node address; its MTU minus the
// encapsulation's overhead is the tunnel MTU, and its prefix is the "local subnet" of CrossSubnet.
import { Prefix, type IpAddress } from '../../common/index.js';
import type { AddressMessage, LinkMessage } from '../netlink/index.js';
import { EncapError } from './errors.js';
import type { LinkOps } from './link-ops.js';

export interface Uplink {
  readonly index: number;
  readonly name: string;
  readonly mtuBytes: number;
  /** The node address's prefix on the uplink (192.168.1.7/24 → 192.168.1.0/24). */
  readonly subnet: Prefix;
}

/** Pure: picks the uplink for `nodeAddress` from dumped addresses and links. */
export function findUplink(
  nodeAddress: IpAddress,
  addresses: readonly AddressMessage[],
  links: readonly LinkMessage[],
): Uplink {
  // IPv4 point-to-point addresses keep their own address in IFA_LOCAL; match either.
  const address = addresses.find(
    (a) => a.address.equals(nodeAddress) || (a.local !== undefined && a.local.equals(nodeAddress)),
  );
  if (address === undefined) {
    throw new EncapError(
      'NO_UPLINK',
      `no interface carries the node address ${nodeAddress.toString()}; configure it before starting the dataplane`,
      { details: { nodeAddress: nodeAddress.toString() } },
    );
  }
  const link = links.find((l) => l.index === address.index);
  if (link === undefined || link.mtu === undefined) {
    throw new EncapError(
      'NO_UPLINK',
      `interface ${address.index} carrying ${nodeAddress.toString()} vanished or reports no MTU`,
      { details: { index: address.index } },
    );
  }
  return {
    index: link.index,
    name: link.name ?? `if${link.index}`,
    mtuBytes: link.mtu,
    subnet: Prefix.containing(nodeAddress, address.prefixLength),
  };
}

/** Reads addresses and links from the kernel and finds the uplink of `nodeAddress`. */
export async function detectUplink(ops: LinkOps, nodeAddress: IpAddress): Promise<Uplink> {
  const [addresses, links] = await Promise.all([ops.addresses(), ops.links()]);
  return findUplink(nodeAddress, addresses, links);
}
