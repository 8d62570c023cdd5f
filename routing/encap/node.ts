// What every encapsulation manager is told: this node, and the remote nodes with their pod blocks.
import type { IpAddress, Prefix } from '../../common/index.js';

export interface LocalNode {
  readonly name: string;
  /** The underlay address other nodes reach this one at (the BGP next hop, the tunnel endpoint). */
  readonly address: IpAddress;
}

export interface RemoteNode {
  readonly name: string;
  readonly address: IpAddress;
  /** Pod address blocks affine to the node. */
  readonly blocks: readonly Prefix[];
  /**
   * VXLAN: the next hop on the device (its neighbour entry carries the VTEP MAC); default `address`.
   * IPv6 needs another one when `address` is inside a connected subnet of ours: the kernel refuses an
   * IPv6 gateway that a route on another device covers, onlink or not (IPv4 onlink allows it).
   */
  readonly tunnelGateway?: IpAddress;
  /** VXLAN: the MAC of the node's VTEP device, as it publishes it. */
  readonly vtepMac?: string;
  /** WireGuard: the node's public key (base64, as `wg` prints it). */
  readonly wireguardPublicKey?: string;
  /** WireGuard: the node's listen port (default: the local listen port). */
  readonly wireguardPort?: number;
}

/** How pod traffic between nodes is carried. */
export type EncapKind = 'native' | 'vxlan' | 'ipip' | 'wireguard';

/**
 * 'always': every remote node through the tunnel. 'cross-subnet': only nodes outside the local
 * uplink's subnet; the others get native routes, since a shared L2 segment forwards pod traffic as is.
 */
export type EncapScope = 'always' | 'cross-subnet';
