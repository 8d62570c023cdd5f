/**
 * The transport and identity options of a PeerConfig as SessionConfig fields (MD5, TTL/GTSM, link-local
 * interface, extended next hop), and peer ids as Node reports remote addresses ("fe80::2%eth1",
 * "::ffff:10.0.0.1").
 */
import { parseIpAddress, type IpAddress } from '../../common/index.js';
import type { BgpListener, SessionConfig } from '../session/index.js';
import type { DynamicPeerRange } from './dynamic-peers.js';
import type { PeerConfig } from './speaker-config.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function transportFields(config: PeerConfig): Partial<SessionConfig> {
  const out: Mutable<Partial<SessionConfig>> = {};
  if (config.tcpMd5Key !== undefined) out.tcpMd5Key = config.tcpMd5Key;
  if (config.multihopTtl !== undefined) out.multihopTtl = config.multihopTtl;
  if (config.ttlSecurityHops !== undefined) out.ttlSecurityHops = config.ttlSecurityHops;
  if (config.interface !== undefined) out.interface = config.interface;
  if (config.extendedNextHop !== undefined) out.extendedNextHop = config.extendedNextHop;
  return out;
}

/** An address as Node reports it, without the scope: the bare address, and the scope (interface). */
export function splitScope(address: string): { address: string; scope: string | undefined } {
  const plain = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  const at = plain.indexOf('%');
  return at < 0
    ? { address: plain, scope: undefined }
    : { address: plain.slice(0, at), scope: plain.slice(at + 1) };
}

/** The peer id (peerId() of bgp/session) of a remote address as Node reports it. */
export function peerIdOfRemote(remote: string): string {
  const { address, scope } = splitScope(remote);
  let text = address;
  try {
    text = parseIpAddress(address).toString();
  } catch {
    // Not an address we can parse: matched as is (and so matches no peer).
  }
  return scope === undefined ? text : `${text}%${scope}`;
}

/** The listener signs accepted connections with the peer's (or range's) MD5 key; GTSM needs TTL 255. */
export function secureListener(
  listener: BgpListener,
  config: Pick<PeerConfig, 'tcpMd5Key' | 'ttlSecurityHops'> & { address?: IpAddress },
  range?: DynamicPeerRange,
): void {
  if (config.ttlSecurityHops !== undefined) listener.security.enableTtlSecurity();
  if (config.tcpMd5Key === undefined) return;
  if (range !== undefined)
    listener.security.setKey(range.prefix.network.toString(), config.tcpMd5Key, range.prefix.length);
  else if (config.address !== undefined)
    listener.security.setKey(config.address.toString(), config.tcpMd5Key);
}
