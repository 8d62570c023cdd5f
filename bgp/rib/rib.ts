/**
 * The RIB of one speaker: the attribute store, an Adj-RIB-In per peer (and one for the speaker's own
 * routes), the Loc-RIB, and an Adj-RIB-Out per established peer, wired together. Pure and driven by calls:
 * the session feeds UPDATEs in, calls commit() when a batch is in (after each UPDATE, or after a burst of
 * them), and takes UPDATE messages out with flush(). Best-path changes reach the Adj-RIBs-Out and any
 * subscriber (the daemon's dataplane adapter) at commit().
 */
import { IPv4Address, type Prefix } from '../../common/index.js';
import type { Family } from '../wire/family.js';
import type { RouteRefreshMessage, UpdateMessage } from '../wire/model.js';
import { AdjRibIn, type ApplyOptions, type ApplyOutcome } from './adj-rib-in.js';
import { AdjRibOut } from './adj-rib-out.js';
import { AttributeStore } from './attribute-store.js';
import type { BestPathChange, BestPathListener } from './best-path-change.js';
import type { ExportOptions } from './export-policy.js';
import type { ImportOptions } from './import-checks.js';
import { LocRib, type LocRibOptions } from './loc-rib.js';
import { RibError } from './rib-errors.js';
import type { RibPeer } from './rib-route.js';
import {
  advertisedRows,
  bestRows,
  peerRouteCounts,
  receivedRows,
  type AdvertisedRouteRow,
  type BestRouteRow,
  type PeerRouteCounts,
  type ReceivedRouteRow,
} from './rib-views.js';
import type { RouteAttributes } from './route-attributes.js';
import { answerRouteRefresh } from './route-refresh.js';
import { packDiff, type PackOptions } from './update-packing.js';

export interface RibOptions extends LocRibOptions {
  readonly routerId: IPv4Address;
}

/** Per peer: import (loop detection) and, once established, export (families, next hop, ...). */
export interface PeerOptions {
  readonly allowasIn?: number;
  readonly export: Omit<ExportOptions, 'localAs'> & { readonly families: readonly Family[] };
}

export const LOCAL_PEER_ID = 'local';

export class Rib {
  readonly store = new AttributeStore();
  readonly locRib: LocRib;
  /** The speaker itself as a peer (rib-route.ts): originated prefixes live in its Adj-RIB-In. */
  readonly localPeer: RibPeer;
  private readonly local: AdjRibIn;
  private readonly adjRibIns = new Map<string, AdjRibIn>();
  private readonly adjRibOuts = new Map<string, AdjRibOut>();
  private selectionDeferred = false;

  constructor(private readonly options: RibOptions) {
    this.locRib = new LocRib(options);
    this.localPeer = {
      id: LOCAL_PEER_ID,
      kind: 'local',
      address: IPv4Address.ANY,
      asn: options.localAs,
      routerId: options.routerId,
    };
    this.local = new AdjRibIn(this.localPeer, this.store, this.importOptions(0), this.locRib);
    this.locRib.subscribe((changes) => {
      for (const out of this.adjRibOuts.values()) out.onBestPathChanges(changes);
    });
  }

  /**
   * A session reached Established: the peer gets an Adj-RIB-In and an Adj-RIB-Out seeded with the
   * current best routes (its initial table transfer, ended by End-of-RIB at the first flush).
   */
  addPeer(peer: RibPeer, options: PeerOptions): void {
    if (peer.id === LOCAL_PEER_ID || this.adjRibOuts.has(peer.id)) {
      throw new RibError('DUPLICATE_PEER', `peer ${peer.id} is already in the RIB`);
    }
    this.commit(); // seed from a decided Loc-RIB
    // A peer back from a graceful restart (RFC 4724 §4.2) finds its Adj-RIB-In, stale routes and all.
    if (!this.adjRibIns.has(peer.id))
      this.adjRibIns.set(
        peer.id,
        new AdjRibIn(peer, this.store, this.importOptions(options.allowasIn), this.locRib),
      );
    const out = new AdjRibOut(peer, this.store, {
      ...options.export,
      localAs: this.options.localAs,
      degreeOfPreference: (route) => this.locRib.degreeOfPreference(route),
    });
    for (const family of out.families) out.seed(family, this.locRib.bestEntries(family));
    this.adjRibOuts.set(peer.id, out);
  }

  /** The session went down (without graceful restart): its routes leave, and so does its Adj-RIB-Out. */
  removePeer(peerId: string): BestPathChange[] {
    const adjRibIn = this.adjRibIn(peerId);
    adjRibIn.withdrawAll();
    this.adjRibIns.delete(peerId);
    this.adjRibOuts.get(peerId)?.dispose();
    this.adjRibOuts.delete(peerId);
    return this.commit();
  }

  /**
   * The session went down but the peer's routes stay (graceful restart, RFC 4724 §4.2): only its
   * Adj-RIB-Out goes; the Adj-RIB-In is kept for addPeer() on re-establishment or removePeer() later.
   */
  detachPeer(peerId: string): void {
    this.adjRibIn(peerId);
    this.adjRibOuts.get(peerId)?.dispose();
    this.adjRibOuts.delete(peerId);
  }

  /** The peer has an Adj-RIB-Out (its session is up), not only retained routes. */
  hasAdjRibOut(peerId: string): boolean {
    return this.adjRibOuts.has(peerId);
  }

  /**
   * Selection deferral (RFC 4724 §4.1): while on, commit() decides nothing, so neither the Adj-RIBs-Out
   * nor the subscribers see a half-learned table; turning it off runs the decision for everything
   * received meanwhile.
   */
  deferSelection(on: boolean): BestPathChange[] {
    this.selectionDeferred = on;
    return on ? [] : this.commit();
  }

  get isSelectionDeferred(): boolean {
    return this.selectionDeferred;
  }

  applyUpdate(peerId: string, update: UpdateMessage, options?: ApplyOptions): ApplyOutcome {
    return this.adjRibIn(peerId).applyUpdate(update, options);
  }

  /** Originates `prefix` (speaker API, static config). Defaults: ORIGIN IGP, empty AS_PATH (§5.1.2 a). */
  originate(prefix: Prefix, attributes: RouteAttributes = {}): void {
    const family: Family = prefix.family === 4 ? 'ipv4-unicast' : 'ipv6-unicast';
    this.local.announceNlri(family, [{ prefix }], { origin: 'igp', asPath: [], ...attributes });
  }

  withdrawOriginated(prefix: Prefix): void {
    const family: Family = prefix.family === 4 ? 'ipv4-unicast' : 'ipv6-unicast';
    this.local.withdrawNlri(family, [{ prefix }]);
  }

  /** Runs the decision for every prefix touched since the last commit and passes the changes on. */
  commit(): BestPathChange[] {
    if (this.selectionDeferred) return [];
    return this.locRib.commit();
  }

  subscribe(listener: BestPathListener): () => void {
    return this.locRib.subscribe(listener);
  }

  /** The UPDATE messages that bring the peer up to date for `family` (End-of-RIB after the first). */
  flush(peerId: string, family: Family, options: PackOptions): UpdateMessage[] {
    return packDiff(this.adjRibOut(peerId).flush(family), options);
  }

  routeRefresh(
    peerId: string,
    family: Family,
    options: PackOptions & { readonly enhanced: boolean },
  ): (UpdateMessage | RouteRefreshMessage)[] {
    return answerRouteRefresh(this.adjRibOut(peerId), family, options);
  }

  /** The peer's Adj-RIB-In, for graceful restart (markStale/sweepStale) and re-import. */
  adjRibIn(peerId: string): AdjRibIn {
    const adjRibIn = peerId === LOCAL_PEER_ID ? this.local : this.adjRibIns.get(peerId);
    if (adjRibIn === undefined) throw new RibError('UNKNOWN_PEER', `no peer ${peerId} in the RIB`);
    return adjRibIn;
  }

  adjRibOut(peerId: string): AdjRibOut {
    const out = this.adjRibOuts.get(peerId);
    if (out === undefined) throw new RibError('UNKNOWN_PEER', `no established peer ${peerId} in the RIB`);
    return out;
  }

  peerIds(): string[] {
    return [...this.adjRibIns.keys()];
  }

  counts(peerId: string, family: Family): PeerRouteCounts {
    return peerRouteCounts(this.adjRibIn(peerId), this.adjRibOuts.get(peerId), family);
  }

  received(peerId: string, family: Family): Iterable<ReceivedRouteRow> {
    return receivedRows(this.adjRibIn(peerId), family);
  }

  advertised(peerId: string, family: Family): Iterable<AdvertisedRouteRow> {
    return advertisedRows(this.adjRibOut(peerId), family);
  }

  best(family: Family): Iterable<BestRouteRow> {
    return bestRows(this.locRib, family);
  }

  private importOptions(allowasIn: number | undefined): ImportOptions {
    return { localAs: this.options.localAs, routerId: this.options.routerId, allowasIn: allowasIn ?? 0 };
  }
}
