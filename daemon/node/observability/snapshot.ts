// What the twill-node runtime tells observability, as plain data: a snapshot read on demand (at scrape
// time, when the status writer runs, when readiness is asked). Nothing here reaches into the speaker,
// the dataplane or the syncer; the runtime fills this in from their read APIs, so every consumer
// (status object, metrics, readiness) is a pure function of it and testable without a daemon.
import type {
  BgpPeerType,
  BgpSessionState,
  EncapsulationStatus,
  UnroutableBlockStatus,
} from '../../../datastore/index.js';

/** NOTIFICATIONs of one error code and subcode, in RFC 4271 §4.5 / RFC 4486 words. */
export interface NotificationCounter {
  /** `Cease`, `Hold Timer Expired`, ... */
  readonly code: string;
  /** `Administrative Shutdown`, `Unspecific` (subcode 0), ... */
  readonly subcode: string;
  readonly count: number;
}

export interface PeerCounters {
  readonly updatesReceived: number;
  readonly updatesSent: number;
  readonly notificationsSent: readonly NotificationCounter[];
  readonly notificationsReceived: readonly NotificationCounter[];
}

export interface PeerSnapshot {
  readonly address: string;
  readonly type: BgpPeerType;
  /** The BGPPeer resource (absent for the mesh). */
  readonly bgpPeer?: string;
  readonly remoteNode?: string;
  readonly peerAs: number;
  readonly state: BgpSessionState;
  /** Wall-clock ms (Date.now()) when the session entered its current state. */
  readonly stateSinceMs?: number;
  readonly lastError?: string;
  readonly prefixesReceived: number;
  readonly prefixesAccepted: number;
  readonly prefixesAdvertised: number;
  /** In words: `off`, `on`, `peer restarting (stale routes kept)`. */
  readonly gracefulRestart?: string;
  /** RFC 5880 session state, absent when BFD is off. */
  readonly bfd?: string;
  /** Absent when the speaker does not count messages (the metrics then leave those series out). */
  readonly counters?: PeerCounters;
}

/** A datastore resource the node ignored because it failed validation. */
export interface IgnoredResource {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The validation error in words, with field paths. */
  readonly reason: string;
}

export interface DatastoreSnapshot {
  /** The datastore (or typha) answers now; false during an outage even while the syncer is in sync. */
  readonly connected: boolean;
  /** Wall-clock ms since when `connected` holds, when known (the probe's last flip). */
  readonly connectedSinceMs?: number;
  /** Why the datastore is unreachable, while it is. */
  readonly connectionError?: string;
  /** The last outage that ended (wall-clock ms), shown once the datastore is back. */
  readonly lastOutage?: { readonly fromMs: number; readonly toMs: number; readonly error?: string };
  /** The syncer delivered its snapshot and `in-sync` (and has not needed a resync since). */
  readonly inSync: boolean;
  readonly resyncs: number;
  /**
   * The node's own lag (runtime/datastore-lag.ts): seconds from the syncer delivering a batch of updates
   * to the dataplane work it caused being done; absent before the first batch.
   */
  readonly lagSec?: number;
}

/** An encapsulation a pool asks for that this node cannot provide (IP-in-IP on a kernel without ipip). */
export interface UnsupportedEncapsulation {
  readonly encapsulation: 'ipip';
  readonly pools: readonly string[];
  /** What is missing and what to do, naming the pools. */
  readonly message: string;
}

export interface DataplaneSnapshot {
  /** The first full apply after start succeeded: routes and policy are in the kernel. */
  readonly programmed: boolean;
  readonly encapsulation: EncapsulationStatus;
  readonly vtepMac?: string;
  readonly wireguardPublicKey?: string;
  readonly lastApplyError?: string;
  /** Wall-clock ms of the last apply (success or failure). */
  readonly lastApplyAtMs?: number;
  readonly applyErrors: number;
  /**
   * Kernel objects of ours deleted or changed from outside and put back, by kind: routes (`deleted`,
   * `changed`, `replaced`, `added`: routing/routetable/drift-repairs.ts) and the nftables table
   * (`nft-table`). Absent: the metric is left out.
   */
  readonly driftRepairs?: Readonly<Record<string, number>>;
  /** Rules in Twill's nftables table after the last successful apply; absent with policy off. */
  readonly nftRules?: number;
  /** Absent or empty: every encapsulation a pool asks for is available. */
  readonly unsupportedEncapsulations?: readonly UnsupportedEncapsulation[];
}

export interface NodeSnapshot {
  readonly nodeName: string;
  readonly version: string;
  /** Wall-clock ms when the daemon started. */
  readonly startedAtMs: number;
  readonly datastore: DatastoreSnapshot;
  readonly ignoredResources: readonly IgnoredResource[];
  /** Absent when BGP is disabled on this node. */
  readonly bgp?: {
    readonly routerId: string;
    readonly asNumber: number;
    readonly peers: readonly PeerSnapshot[];
  };
  readonly routes: {
    /** Blocks affine to this node (what it originates). */
    readonly localBlocks: readonly string[];
    readonly programmed: number;
    readonly unroutableBlocks: readonly UnroutableBlockStatus[];
  };
  readonly dataplane: DataplaneSnapshot;
}

/** The runtime's read API, as observability sees it: called at scrape time, never cached here. */
export type SnapshotProvider = () => NodeSnapshot;
