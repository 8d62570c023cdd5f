/**
 * Dynamic peers: sessions accepted from a listen range (a prefix) instead of one configured address.
 * The peer's AS comes from its OPEN, restricted to the range's AS range (else NOTIFICATION 2/2 Bad Peer
 * AS, RFC 4271 §6.2); timers, families and transport options come from the range's template. A dynamic
 * peer exists only while its session does. Pure: which range takes an address, and the PeerConfig for it.
 */
import { tryParseIpAddress, type IpAddress, type Prefix } from '../../common/index.js';
import { splitScope } from './peer-transport.js';
import type { PeerConfig } from './speaker-config.js';

/** What a dynamic peer inherits: everything a configured peer has but its identity and how it connects. */
export type PeerTemplate = Omit<
  PeerConfig,
  'address' | 'asn' | 'passive' | 'port' | 'sourceAddress' | 'interface'
>;

export interface DynamicPeerRange {
  /** Peers connecting from inside this prefix are accepted. */
  readonly prefix: Prefix;
  /** The peer AS must lie in min..max (inclusive). */
  readonly asnRange: { readonly min: number; readonly max: number };
  readonly template?: PeerTemplate;
  /** At most this many dynamic peers from the range at once (default 100). */
  readonly maxPeers?: number;
}

export const DEFAULT_MAX_DYNAMIC_PEERS = 100;

/** The most specific range holding `address`, or undefined when none does. */
export function matchDynamicRange(
  ranges: readonly DynamicPeerRange[],
  address: IpAddress,
): DynamicPeerRange | undefined {
  let best: DynamicPeerRange | undefined;
  for (const range of ranges) {
    if (range.prefix.family !== address.family || !range.prefix.contains(address)) continue;
    if (best === undefined || range.prefix.length > best.prefix.length) best = range;
  }
  return best;
}

/** The peer configuration of a dynamic peer at `address`: passive, AS 0 until its OPEN says. */
export function dynamicPeerConfig(range: DynamicPeerRange, address: IpAddress): PeerConfig {
  return { ...range.template, address, asn: 0, passive: true };
}

/**
 * The range that admits a connection from `remote` (as Node reports it) with no configured peer, or
 * undefined: outside every range, scoped (link-local peers are configured, not dynamic), or the range
 * already has its `maxPeers`.
 */
export function admittingRange(
  ranges: readonly DynamicPeerRange[],
  remote: string,
  peersOf: (range: DynamicPeerRange) => number,
): { readonly address: IpAddress; readonly range: DynamicPeerRange } | undefined {
  const { address, scope } = splitScope(remote);
  const parsed = tryParseIpAddress(address);
  const range = parsed === undefined ? undefined : matchDynamicRange(ranges, parsed);
  if (parsed === undefined || range === undefined || scope !== undefined) return undefined;
  if (peersOf(range) >= (range.maxPeers ?? DEFAULT_MAX_DYNAMIC_PEERS)) return undefined;
  return { address: parsed, range };
}
