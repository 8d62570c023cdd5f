/**
 * Precomputed network masks, indexed by prefix length. 33 numbers and 129 bigints built once at load
 * beat rebuilding a mask (and for IPv6, allocating several bigints) on every contains() or mask().
 */

/** IPV4_MASKS[n] is the 32-bit mask with the top n bits set, as an unsigned number. */
export const IPV4_MASKS: readonly number[] = Array.from({ length: 33 }, (_, n) =>
  n === 0 ? 0 : (0xffff_ffff << (32 - n)) >>> 0,
);

const IPV6_ALL_ONES = (1n << 128n) - 1n;

/** IPV6_MASKS[n] is the 128-bit mask with the top n bits set. */
export const IPV6_MASKS: readonly bigint[] = Array.from(
  { length: 129 },
  (_, n) => (IPV6_ALL_ONES << BigInt(128 - n)) & IPV6_ALL_ONES,
);

export function ipv4Mask(length: number): number {
  return IPV4_MASKS[length] as number;
}

export function ipv6Mask(length: number): bigint {
  return IPV6_MASKS[length] as bigint;
}

export function ipv6HostMask(length: number): bigint {
  return IPV6_ALL_ONES ^ (IPV6_MASKS[length] as bigint);
}
