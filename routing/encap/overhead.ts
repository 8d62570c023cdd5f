// Per-encapsulation header overhead and the tunnel MTU derived from the uplink's.
import { assertNever } from '../../common/index.js';
import type { EncapKind } from './node.js';

/**
 * Bytes each encapsulation adds to an inner IP packet, by underlay family.
 * - VXLAN: outer IP (20 / 40) + UDP 8 + VXLAN 8 + inner Ethernet 14 = 50 / 70.
 * - IP-in-IP: outer IPv4 20 (ipip has no IPv6 underlay; 40 is ip6tnl's, for completeness).
 * - WireGuard: outer IP + UDP 8 + WireGuard data header 16 + Poly1305 tag 16 = 60 / 80. We always take
 *   80, the IPv6 figure, so one MTU is safe whatever family the peer endpoints end up using.
 */
export function encapOverheadBytes(kind: EncapKind, underlayFamily: 4 | 6): number {
  const ipHeaderBytes = underlayFamily === 4 ? 20 : 40;
  switch (kind) {
    case 'native':
      return 0;
    case 'vxlan':
      return ipHeaderBytes + 8 + 8 + 14;
    case 'ipip':
      return ipHeaderBytes;
    case 'wireguard':
      return 40 + 8 + 16 + 16;
    default:
      return assertNever(kind, 'encapsulation kind');
  }
}

/** The MTU for pod traffic carried by `kind` over an uplink of `uplinkMtuBytes`. */
export function tunnelMtuBytes(kind: EncapKind, uplinkMtuBytes: number, underlayFamily: 4 | 6): number {
  return uplinkMtuBytes - encapOverheadBytes(kind, underlayFamily);
}
