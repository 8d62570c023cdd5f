/** The transport part of a peer's status: what `twillctl bgp peers` shows about MD5, TTL and GTSM. */
import type { SessionConfig } from './session-config.js';
import { transportSecurity } from './ttl-security.js';

export interface TransportStatus {
  readonly tcpMd5: boolean;
  /** TTL / hop limit we send with; undefined: the system default. */
  readonly ttl: number | undefined;
  /** GTSM: packets with a lower TTL are dropped by the kernel; undefined: off. */
  readonly minTtl: number | undefined;
  /** The interface of a link-local peer. */
  readonly interface: string | undefined;
  /** GTSM: incoming connections closed because their SYN came with too low a TTL (incoming-gtsm.ts). */
  readonly gtsmRefusedConnections?: number;
  /** The last such refusal in words, e.g. "refused an incoming connection with TTL 254 (GTSM allows ≥ 255)". */
  readonly gtsmLastRefusal?: string;
}

export function transportStatus(config: SessionConfig, learnedPeerAs?: number): TransportStatus {
  const security = transportSecurity({ ...config, peerAs: learnedPeerAs ?? config.peerAs });
  return {
    tcpMd5: security.md5Key !== undefined,
    ttl: security.ttl,
    minTtl: security.minTtl,
    interface: config.interface,
  };
}
