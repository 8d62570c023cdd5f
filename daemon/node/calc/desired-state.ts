// What the calculation graph emits: typed desired state, each piece only when it changed. The consumers
// (speaker adapter, dataplane, policy table, status writer) are the next slices; these types are the
// contract they will be written against.
import type {
  BGPFilterSpec,
  BgpTimers,
  BfdSettings,
  GracefulRestart,
  NextHopMode,
  SecretKeyRef,
} from '../../../datastore/index.js';

/** How this node's address of one family was chosen (shown in status, so operators can see why). */
export type AddressSource = 'node-resource' | 'autodetected';

export interface NodeAddress {
  /** The address with its subnet's prefix length (`10.0.1.5/24`): the subnet decides CrossSubnet. */
  readonly cidr: string;
  /** The bare address (`10.0.1.5`). */
  readonly address: string;
  readonly source: AddressSource;
  /** The autodetection method that found it, when autodetected (`interface=eth0`). */
  readonly method?: string;
}

export type AsSource = 'node' | 'bgp-configuration-node' | 'bgp-configuration' | 'default';
export type RouterIdSource = 'ipv4-address' | 'node-name-hash';

export interface NodeIdentity {
  readonly name: string;
  readonly ipv4?: NodeAddress;
  readonly ipv6?: NodeAddress;
  readonly asNumber: number;
  readonly asSource: AsSource;
  /** BGP Identifier (RFC 4271 §4.2), dotted quad. */
  readonly routerId: string;
  readonly routerIdSource: RouterIdSource;
  /** Set when this node is a route reflector (RFC 4456 CLUSTER_ID). */
  readonly routeReflectorClusterId?: string;
}

/** Why a peer exists: the mesh, or a BGPPeer (node-scoped by nodeSelector, or global). */
export type PeerOrigin =
  | { readonly kind: 'node-to-node-mesh' }
  | { readonly kind: 'bgp-peer'; readonly name: string; readonly scope: 'node' | 'global' };

export interface DesiredPeerOptions {
  readonly password?: { readonly secretKeyRef: SecretKeyRef };
  readonly timers?: BgpTimers;
  readonly gracefulRestart?: GracefulRestart;
  readonly bfd?: BfdSettings;
  readonly ttlSecurityHops?: number;
  readonly multihopMaxHops?: number;
  readonly nextHopMode?: NextHopMode;
  readonly importFilters?: readonly string[];
  readonly exportFilters?: readonly string[];
}

export interface DesiredBgpPeer {
  readonly address: string;
  readonly asNumber: number;
  /** This node's address of the same family: the session's source. */
  readonly localAddress: string;
  readonly origin: PeerOrigin;
  /** Set when the peer is a Twill node. */
  readonly remoteNode?: string;
  /** We are a route reflector and reflect routes to this peer (RFC 4456 §6). */
  readonly routeReflectorClient: boolean;
  readonly options: DesiredPeerOptions;
  /** Lower-precedence sources that named the same address and were dropped for this one. */
  readonly shadowed?: readonly PeerOrigin[];
}

export interface DesiredBgpState {
  readonly localAsNumber: number;
  readonly routerId: string;
  readonly listenPort: number;
  readonly routeReflectorClusterId?: string;
  /** Sorted by address. */
  readonly peers: readonly DesiredBgpPeer[];
  /** The BGPFilters the peers name, by name (absent: none named, or none of them exists). */
  readonly filters?: Readonly<Record<string, BGPFilterSpec>>;
}

export interface OriginatedPrefixes {
  /** Blocks affine to this node: advertised, and blackholed locally so unused addresses do not loop. */
  readonly blocks: readonly string[];
  /** Addresses of local pods inside blocks of other nodes, as /32 or /128. */
  readonly borrowed: readonly string[];
  /** BGPConfiguration's service CIDRs, and /32 (/128) of externalTrafficPolicy: Local services with a local endpoint. */
  readonly services: readonly string[];
}

export type BlockEncapsulation = 'native' | 'ipip' | 'vxlan' | 'wireguard';

export interface RemoteBlockRoute {
  readonly cidr: string;
  readonly node: string;
  /** The remote node's underlay address of the block's family. */
  readonly nextHop: string;
  readonly encapsulation: BlockEncapsulation;
  /** The pool the block was carved from (absent for a block outside every pool). */
  readonly pool?: string;
  /** Set when the pool asks for WireGuard but a key is missing, so the route goes unencrypted (as Calico). */
  readonly fallback?: 'no-local-wireguard-key' | 'no-remote-wireguard-key';
}

export interface VxlanVtep {
  readonly node: string;
  readonly tunnelAddress: string;
  readonly mac: string;
  readonly underlayAddress: string;
}

export interface WireguardPeer {
  readonly node: string;
  readonly publicKey: string;
  /** Underlay address; the port is the configured WireGuard listen port. */
  readonly endpoint: string;
  readonly allowedIps: readonly string[];
}

export interface UnroutableBlock {
  readonly cidr: string;
  readonly node: string;
  readonly reason: string;
}

export interface RemoteRoutes {
  /** Sorted by cidr. */
  readonly routes: readonly RemoteBlockRoute[];
  readonly vteps: readonly VxlanVtep[];
  readonly wireguardPeers: readonly WireguardPeer[];
  /** Blocks of remote nodes that cannot be routed yet (no address of that family published). */
  readonly unroutable: readonly UnroutableBlock[];
}

/**
 * A Kubernetes Service as far as BGP advertisement needs it; not a datastore kind, so the
 * Service/EndpointSlice watcher (daemon/node/kube) feeds it (hasLocalEndpoint: a ready endpoint of it
 * runs on this node).
 */
export interface ServiceInput {
  readonly namespace: string;
  readonly name: string;
  readonly clusterIPs: readonly string[];
  readonly externalIPs: readonly string[];
  readonly loadBalancerIPs: readonly string[];
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly hasLocalEndpoint: boolean;
}

/** What address autodetection found (outside the graph: it needs the kernel), per family. */
export interface AutodetectedAddresses {
  readonly ipv4?: { readonly cidr: string; readonly method: string };
  readonly ipv6?: { readonly cidr: string; readonly method: string };
}
