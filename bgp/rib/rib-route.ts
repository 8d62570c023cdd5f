/**
 * A peer as the RIB sees it, and one route (path) received from it. The route object is shared: the
 * peer's Adj-RIB-In holds it and the Loc-RIB entry of its prefix points at the same object, so a route
 * costs one small object plus a pointer to its interned attributes.
 */
import type { IpAddress, IPv4Address, Prefix } from '../../common/index.js';
import type { AttributeSet } from './attribute-store.js';

/**
 * 'local' is the speaker itself: prefixes the node originates (speaker API, static config) enter the
 * Loc-RIB as routes of this pseudo-peer, so they go through the same decision process as learned ones.
 */
export type PeerKind = 'internal' | 'external' | 'local';

export interface RibPeer {
  /** Unique among the RIB's peers; the session uses the peer's address as text. */
  readonly id: string;
  readonly kind: PeerKind;
  /** The peer's address (§9.1.2.2 g); 0.0.0.0 for the local pseudo-peer, the lowest of all. */
  readonly address: IpAddress;
  /** The peer's AS (4-octet values, RFC 6793); our own AS for internal peers and the local pseudo-peer. */
  readonly asn: number;
  /** The BGP Identifier from the peer's OPEN (§9.1.2.2 f); ours for the local pseudo-peer. */
  readonly routerId: IPv4Address;
}

/** Why import refused a received route; it stays in the Adj-RIB-In (the "received" view) but is not used. */
export type ImportRejection =
  | 'as-path-loop'
  | 'originator-id-loop'
  | 'cluster-list-loop'
  /** The peer's import policy rejected it (bgp/policy). */
  | 'import-policy'
  /** RFC 8212 §2: an eBGP peer without import policy: nothing is accepted. */
  | 'no-import-policy';

export class RibRoute {
  constructor(
    readonly peer: RibPeer,
    readonly prefix: Prefix,
    /** ADD-PATH Path Identifier (RFC 7911); 0 on sessions without ADD-PATH. */
    readonly pathId: number,
    /** What the Loc-RIB and export use: the received attributes after import policy. */
    readonly attributes: AttributeSet,
    readonly rejection: ImportRejection | undefined,
    /** The Adj-RIB-In generation of the last (re-)announcement; older than the stale mark means stale. */
    public generation: number,
    /** The attributes as received, when import policy changed them (soft reconfiguration inbound). */
    private readonly received?: AttributeSet,
  ) {}

  /** The attributes as the peer sent them: the Adj-RIB-In is kept unmodified so policy can run again. */
  get receivedAttributes(): AttributeSet {
    return this.received ?? this.attributes;
  }

  /** Received and accepted by import: a candidate for the Loc-RIB. */
  get accepted(): boolean {
    return this.rejection === undefined;
  }
}
