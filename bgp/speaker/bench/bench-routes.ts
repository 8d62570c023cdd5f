/**
 * The routes of the end-to-end benchmark, the same for BIRD's static protocol and for Twill's originate:
 * route i is the /24 at 16.0.0.0 + i × 256 (1M of them fill 16.0.0.0/4, all ordinary unicast space).
 */
import { IPv4Address, Prefix } from '../../../common/index.js';

const BASE = 0x1000_0000;
/** Stays below 127.0.0.0/8. */
export const MAX_BENCH_ROUTES = 6_000_000;

export function benchPrefix(i: number): Prefix {
  return Prefix.containing(IPv4Address.fromNumber(BASE + i * 256), 24);
}

export function benchPrefixText(i: number): string {
  const a = BASE + i * 256;
  return `${a >>> 24}.${(a >>> 16) & 0xff}.${(a >>> 8) & 0xff}.0/24`;
}
