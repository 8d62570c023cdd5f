/**
 * Map keys for prefixes. Decoded prefixes are fresh objects, so tables key them by value: an IPv4 prefix
 * as one number (address × 64 + length < 2^38, exact in a double, and the fastest Map key V8 has), an
 * IPv6 prefix as text. With ADD-PATH (RFC 7911) the Path Identifier joins the key, so one peer's paths
 * for a prefix are kept apart.
 */
import type { Prefix } from '../../common/index.js';

export type PrefixKey = number | string;

export function prefixKey(prefix: Prefix): PrefixKey {
  const network = prefix.network;
  if (network.family === 4) return network.value * 64 + prefix.length;
  return `${network.value.toString(16)}/${prefix.length}`;
}

/** The key of one path: the prefix key alone for Path Identifier 0 (and for sessions without ADD-PATH). */
export function pathKey(prefix: Prefix, pathId: number): PrefixKey {
  const key = prefixKey(prefix);
  return pathId === 0 ? key : `${key}#${pathId}`;
}
