/** What the speaker is told: itself and its peers. Defaults follow RFC 4271 §10 and common practice. */
import type { IpAddress, IPv4Address } from '../../common/index.js';
import type { PolicyConfig } from '../policy/index.js';
import type { BfdAuthConfig } from '../bfd/index.js';
import type { NextHopMode } from '../rib/index.js';
import type { BfdServiceOptions, ListenAddress } from '../session/index.js';
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
  /** Route reflection (RFC 4456 §7): our CLUSTER_ID; default the router ID. Used once a peer is a client. */
  readonly clusterId?: IPv4Address;
  /**
   * RFC 8212 (default true): an eBGP peer without import policy accepts nothing, and without export
   * policy is sent nothing. false is an opt-out for labs and tests, as FRR's `no bgp ebgp-requires-policy`.
   */
  readonly ebgpRequiresPolicy?: boolean;
  /** Graceful restart (RFC 4724): absent, no capability unless a peer asks for it. */
  readonly gracefulRestart?: GracefulRestartOptions;
  /** Listen ranges whose peers are accepted without configuration (dynamic-peers.ts). */
  readonly dynamicPeers?: readonly DynamicPeerRange[];
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
  /** Import policy (bgp/policy); none on an eBGP peer: nothing accepted (RFC 8212), on iBGP: accept all. */
  readonly importPolicy?: PolicyConfig;
  /** Export policy; none on an eBGP peer: nothing sent (RFC 8212), on iBGP: the protocol rules alone. */
  readonly exportPolicy?: PolicyConfig;
  /** Route reflection (RFC 4456): this iBGP peer is our client. */
  readonly routeReflectorClient?: boolean;
  /** CLUSTER_ID for this client's cluster, overriding the speaker's. */
  readonly clusterId?: IPv4Address;
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
  /**
   * When BFD takes the session down and the peer's C bit is clear (its BFD shares fate with its control
   * plane), read it as a possible control-plane restart and keep the peer's routes under graceful
   * restart (RFC 5882 §4.3; default true). false: BFD down always removes the routes at once, as FRR
   * does without `check-control-plane-failure` — for peers whose removal must be seen in < 1 s.
   */
  readonly sharedFateGracefulRestart?: boolean;
}
