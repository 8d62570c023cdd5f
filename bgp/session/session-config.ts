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
}

/** The peer's id in the RIB and in status: its address as text. */
export function peerId(config: Pick<SessionConfig, 'peerAddress'>): string {
  return config.peerAddress.toString();
}
