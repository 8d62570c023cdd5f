/** What the speaker is told: itself and its peers. Defaults follow RFC 4271 §10 and common practice. */
import type { IpAddress, IPv4Address } from '../../common/index.js';
import type { NextHopMode } from '../rib/index.js';
import type { ListenAddress } from '../session/index.js';
import type { Family } from '../wire/index.js';
import type {
  GracefulRestartOptions,
  MaxPrefixByFamily,
  PeerGracefulRestartConfig,
} from './graceful-restart-config.js';
import type { DynamicPeerRange } from './dynamic-peers.js';

export interface SpeakerOptions {
  readonly localAs: number;
  readonly routerId: IPv4Address;
  /** Where to accept BGP connections; empty: connect out only (every peer must be active). */
  readonly listen: readonly ListenAddress[];
  /** Graceful restart (RFC 4724): absent, no capability unless a peer asks for it. */
  readonly gracefulRestart?: GracefulRestartOptions;
  /** Listen ranges whose peers are accepted without configuration (dynamic-peers.ts). */
  readonly dynamicPeers?: readonly DynamicPeerRange[];
}

export interface PeerConfig {
  readonly address: IpAddress;
  readonly asn: number;
  /** Wait for the peer to connect (default false). */
  readonly passive?: boolean;
  /** TCP port to connect to (default 179). */
  readonly port?: number;
  readonly sourceAddress?: IpAddress;
  /** Default 90 s (RFC 4271 §10). */
  readonly holdTimeSec?: number;
  /** Default: a third of the negotiated hold time. */
  readonly keepaliveTimeSec?: number;
  /** Default 120 s (§10); shorter in labs and data centres. */
  readonly connectRetryTimeSec?: number;
  /** Default both IPv4 and IPv6 unicast. */
  readonly families?: readonly Family[];
  /** Default: self towards external peers, keep towards internal ones. */
  readonly nextHopMode?: NextHopMode;
  /** Our global IPv6 next hop for IPv6 routes when the session runs over IPv4. */
  readonly ipv6NextHop?: IpAddress;
  /** Graceful restart with this peer (RFC 4724 §4.2 helper; restart time advertised to it). */
  readonly gracefulRestart?: PeerGracefulRestartConfig;
  /** Limits on received prefixes per family (RFC 4486 §4). */
  readonly maxPrefix?: MaxPrefixByFamily;
  /** Our IPv4 next hop for IPv4 routes when the session runs over IPv6 (NEXT_HOP, RFC 4271 §5.1.3). */
  readonly ipv4NextHop?: IpAddress;
  /** RFC 2385 TCP MD5 key (at most 80 octets), on our connections and accepted ones. */
  readonly tcpMd5Key?: string;
  /** TTL of our packets for eBGP multihop, 1..255 (default 1 for external peers, as routers do). */
  readonly multihopTtl?: number;
  /** GTSM (RFC 5082): TTL 255 out, and only packets from at most this many hops in (1..254). */
  readonly ttlSecurityHops?: number;
  /** The interface of a link-local IPv6 peer (the address's scope), e.g. eth1 for fe80::1%eth1. */
  readonly interface?: string;
  /** RFC 8950 extended next hop for IPv4 routes (default: on for IPv6 peers). */
  readonly extendedNextHop?: boolean;
}
