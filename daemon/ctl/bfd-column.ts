/**
 * The BFD column of `twillctl bgp peers`, shown only when some peer runs BFD:
 * "Up 300ms×3 det 900ms" (state, negotiated transmit interval × our multiplier, detection time), or
 * "Down holding BGP" while the BGP session waits for BFD (RFC 5882 §4.3). JSON output has every field.
 */
import type { BfdPeerStatus } from '../../bgp/speaker/index.js';

export function hasBfd(peers: readonly { readonly bfd?: BfdPeerStatus }[]): boolean {
  return peers.some((p) => p.bfd !== undefined);
}

export function bfdCell(bfd: BfdPeerStatus | undefined): string {
  if (bfd === undefined) return '-';
  if (bfd.error !== undefined) return `error: ${bfd.error}`;
  const parts = [bfd.state];
  if (bfd.txIntervalMs !== undefined) parts.push(`${bfd.txIntervalMs}ms×${bfd.multiplier}`);
  if (bfd.detectionTimeMs !== undefined) parts.push(`det ${bfd.detectionTimeMs}ms`);
  if (bfd.multihop) parts.push('multihop');
  if (bfd.holdingBgp) parts.push('holding BGP');
  return parts.join(' ');
}
