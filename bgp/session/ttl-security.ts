/**
 * What the kernel must do with a peer's TCP connection, from its session configuration: the TCP MD5 key
 * (RFC 2385), the TTL of our packets and the minimum TTL of the peer's (GTSM, RFC 5082). Pure.
 */
import type { SessionConfig } from './session-config.js';

export const MAX_TTL = 255;

export interface TransportSecurity {
  readonly md5Key?: string;
  /** IP_TTL / IPV6_UNICAST_HOPS; undefined keeps the system default (64). */
  readonly ttl?: number;
  /** IP_MINTTL / IPV6_MINHOPCOUNT; undefined: no check. */
  readonly minTtl?: number;
}

type Security = Pick<
  SessionConfig,
  'tcpMd5Key' | 'multihopTtl' | 'ttlSecurityHops' | 'peerAs' | 'localAs' | 'peerAsRange'
>;

/** Whether the peer is external; a dynamic peer is, unless its AS range holds only our own AS. */
export function isExternal(config: Pick<SessionConfig, 'peerAs' | 'localAs' | 'peerAsRange'>): boolean {
  const range = config.peerAsRange;
  if (range !== undefined && config.peerAs === 0)
    return !(range.min === config.localAs && range.max === config.localAs);
  return config.peerAs !== config.localAs;
}

export function transportSecurity(config: Security): TransportSecurity {
  const md5 = config.tcpMd5Key === undefined || config.tcpMd5Key === '' ? {} : { md5Key: config.tcpMd5Key };
  if (config.ttlSecurityHops !== undefined) {
    // RFC 5082 §3: send with TTL 255; a packet from `hops` hops away arrives with 255 - hops + 1.
    return { ...md5, ttl: MAX_TTL, minTtl: MAX_TTL - config.ttlSecurityHops + 1 };
  }
  if (config.multihopTtl !== undefined) return { ...md5, ttl: config.multihopTtl };
  // Routers send single-hop eBGP with TTL 1 so a session cannot form across a router by accident.
  return isExternal(config) ? { ...md5, ttl: 1 } : md5;
}

/** Whether anything needs the native socket options (otherwise a plain net.connect does). */
export function needsSocketOptions(security: TransportSecurity): boolean {
  return security.md5Key !== undefined || security.ttl !== undefined || security.minTtl !== undefined;
}
