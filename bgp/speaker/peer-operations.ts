/**
 * Operator actions on a running peer (twillctl bgp peer shutdown|enable|reset|soft-reset|drain): admin
 * shutdown and reset are Cease NOTIFICATIONs with an RFC 9003 Shutdown Communication; soft reset runs
 * import again or resends the Adj-RIB-Out without dropping the session; drain is RFC 8326.
 */
import type { IpAddress } from '../../common/index.js';
import { routeRefreshMessage, type Rib } from '../rib/index.js';
import type { Connection, PeerSession } from '../session/index.js';
import { familyOf, type Family, type RouteRefreshMessage } from '../wire/index.js';
import { packOptions } from './pack-options.js';
import type { PeerEntry } from './peer-entry.js';
import { SpeakerError } from './speaker-error.js';

export type SoftResetDirection = 'in' | 'out';

export interface PeerOperationsContext {
  readonly rib: Rib;
  entry(address: IpAddress): PeerEntry;
  entries(): Iterable<PeerEntry>;
  /** Rebuilds an established peer's RIB options (drain changes its export). */
  reconfigure(entry: PeerEntry): void;
  scheduleFlush(): void;
}

export class PeerOperations {
  constructor(private readonly ctx: PeerOperationsContext) {}

  /** Cease 6/2 Administrative Shutdown; the peer stays down until enable. */
  shutdown(address: IpAddress, message: string): void {
    this.ctx.entry(address).session.disable(message);
  }

  enable(address: IpAddress): void {
    this.ctx.entry(address).session.enable();
  }

  /** Cease 6/4 Administrative Reset, then a new session. */
  reset(address: IpAddress, message: string): void {
    this.ctx.entry(address).session.reset(message);
  }

  /**
   * 'in': import runs again over the stored Adj-RIB-In (kept as received), and a ROUTE-REFRESH (RFC 2918)
   * asks the peer to resend when it supports that, in case what we kept is not what it has now.
   * 'out': the whole Adj-RIB-Out is sent again.
   */
  softReset(address: IpAddress, direction: SoftResetDirection): void {
    const { rib } = this.ctx;
    const entry = this.ctx.entry(address);
    const conn = entry.session.current;
    if (conn === undefined || !rib.peerIds().includes(entry.session.id))
      throw new SpeakerError('NOT_ESTABLISHED', `peer ${entry.session.id} is not established`);
    const families = conn.negotiated?.families ?? [];
    if (direction === 'in') {
      rib.reimportPeer(entry.session.id);
      if (conn.peerOpen?.capabilities.some((c) => c.name === 'route-refresh') === true)
        for (const family of families) conn.send(routeRefreshMessage(family, 0));
    } else {
      for (const family of families)
        for (const m of this.adjRibOut(entry.session.id, conn, family)) conn.send(m);
    }
    this.ctx.scheduleFlush();
  }

  /**
   * RFC 2918 §4: a ROUTE-REFRESH from the peer re-advertises the Adj-RIB-Out of that family, queued
   * behind UPDATEs not yet sent, so the answer cannot overtake older state.
   */
  answerRouteRefresh(session: PeerSession, message: RouteRefreshMessage): void {
    const family = familyOf(message.afi, message.safi);
    const conn = session.current;
    if (family === undefined || conn === undefined) return;
    conn.sendQueued(this.adjRibOut(session.id, conn, family));
  }

  /** RFC 8326 drain on (or off) towards one peer or all; returns the peers it applies to. */
  drain(options: { readonly peer?: IpAddress; readonly on?: boolean }): string[] {
    const entries = options.peer === undefined ? [...this.ctx.entries()] : [this.ctx.entry(options.peer)];
    for (const entry of entries) {
      entry.draining = options.on ?? true;
      this.ctx.reconfigure(entry);
    }
    return entries.map((e) => e.session.id);
  }

  /** The whole Adj-RIB-Out of one family as UPDATEs, packed as the session negotiated. */
  private adjRibOut(id: string, conn: Connection, family: Family) {
    return this.ctx.rib.routeRefresh(id, family, { ...packOptions(conn.negotiated?.send), enhanced: false });
  }
}
