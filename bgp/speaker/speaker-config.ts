/** What the speaker is told: itself and its peers. Defaults follow RFC 4271 §10 and common practice. */
import type { IpAddress, IPv4Address } from '../../common/index.js';
import type { BfdAuthConfig } from '../bfd/index.js';
import type { NextHopMode } from '../rib/index.js';
import type { BfdServiceOptions, ListenAddress } from '../session/index.js';
import type { Family } from '../wire/index.js';
import type {
  GracefulRestartOptions,
  MaxPrefixByFamily,
  PeerGracefulRestartConfig,
} from './graceful-restart-config.js';

export interface SpeakerOptions {
  readonly localAs: number;
  readonly routerId: IPv4Address;
  /** Where to accept BGP connections; empty: connect out only (every peer must be active). */
  readonly listen: readonly ListenAddress[];
  /** Graceful restart (RFC 4724): absent, no capability unless a peer asks for it. */
  readonly gracefulRestart?: GracefulRestartOptions;
  /** BFD UDP ports to receive on and send to (default 3784/4784); tests pair speakers on loopback. */
  readonly bfdPorts?: BfdServiceOptions['ports'];
  readonly bfdPeerPorts?: BfdServiceOptions['peerPorts'];
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
  /** BFD for this peer (RFC 5880/5881/5883, tied to the session as RFC 5882 §4.3; see bfd-binding.ts). */
  readonly bfd?: PeerBfdConfig;
}

export interface PeerBfdConfig {
  readonly enabled: boolean;
  /** Our DesiredMinTxInterval once Up (default 300 ms). */
  readonly minTxMs?: number;
  /** Our RequiredMinRxInterval (default 300 ms). */
  readonly minRxMs?: number;
  /** Detect Mult (default 3). */
  readonly multiplier?: number;
  /** RFC 5883 multihop on UDP 4784 (default false: RFC 5881 single-hop on 3784, TTL 255). */
  readonly multihop?: boolean;
  readonly auth?: BfdAuthConfig;
}
