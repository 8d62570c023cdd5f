/**
 * What one BGP session needs to know about its peer and about us. The speaker builds it from its own
 * peer configuration; the FSM's timers come in as an FsmConfig (RFC 4271 §8.1.1, §10).
 */
import type { IpAddress, IPv4Address } from '../../common/index.js';
import type { FsmConfig } from '../fsm/index.js';
import type { Family } from '../wire/index.js';
import type { LocalGracefulRestart } from './local-graceful-restart.js';

export const BGP_PORT = 179;

export interface SessionConfig {
  readonly localAs: number;
  /** Our BGP Identifier (RFC 4271 §4.2, RFC 6286). */
  readonly routerId: IPv4Address;
  readonly peerAddress: IpAddress;
  readonly peerAs: number;
  /** TCP port we connect to (default 179). */
  readonly peerPort?: number;
  /** Bind outgoing connections to this address (the address the peer expects us on). */
  readonly sourceAddress?: IpAddress;
  /** Never connect out; wait for the peer (§8.1.1 PassiveTcpEstablishment). */
  readonly passive: boolean;
  /** Families offered with the Multiprotocol capability (RFC 4760 §8). */
  readonly families: readonly Family[];
  readonly fsm: FsmConfig;
  /** Advertise Graceful Restart (RFC 4724 §3); absent: no capability. */
  readonly gracefulRestart?: LocalGracefulRestart;
  /** RFC 2385: TCP MD5 signature key shared with the peer (on our connections and accepted ones). */
  readonly tcpMd5Key?: string;
  /** TTL of the packets we send (eBGP multihop); default 1 towards external peers (ttl-security.ts). */
  readonly multihopTtl?: number;
  /** GTSM (RFC 5082): send with TTL 255 and accept only packets from at most this many hops away. */
  readonly ttlSecurityHops?: number;
  /** The interface of a link-local IPv6 peer (fe80::1%eth1): the scope of its address. */
  readonly interface?: string;
  /** A dynamic peer (listen range): any peer AS in this range is taken from the OPEN. */
  readonly peerAsRange?: { readonly min: number; readonly max: number };
  /** RFC 8950: offer IPv4 NLRI with IPv6 next hops (default: on for IPv6 peers that carry IPv4). */
  readonly extendedNextHop?: boolean;
}

/** The peer's id in the RIB and in status: its address as text, with `%interface` for a link-local one. */
export function peerId(config: Pick<SessionConfig, 'peerAddress' | 'interface'>): string {
  const address = config.peerAddress.toString();
  return config.interface === undefined ? address : `${address}%${config.interface}`;
}
