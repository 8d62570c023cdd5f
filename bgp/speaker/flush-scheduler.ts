/**
 * Commit and Adj-RIB-Out flush, once per turn of the event loop (`setImmediate`): a burst of UPDATEs
 * costs one decision run and one packing pass. Each turn takes a bounded share of a large table, and a
 * peer whose socket is full is skipped until its session's 'drained' event schedules a flush again.
 */
import { errorMessage, type Logger } from '../../common/index.js';
import type { Rib } from '../rib/index.js';
import type { PeerSession } from '../session/index.js';
import { packOptions } from './pack-options.js';

/** Routes one flush takes from a peer's Adj-RIB-Out: bounds the work of one turn of the event loop. */
const FLUSH_ROUTES_PER_TURN = 50_000;

export interface FlushTarget {
  readonly rib: Rib;
  /** False during our own restart's selection deferral (RFC 4724 §4.1): commit, send nothing. */
  advertising(): boolean;
  sessions(): Iterable<PeerSession>;
  readonly log: Logger;
}

export class FlushScheduler {
  private scheduled = false;
  private stopped = false;

  constructor(private readonly target: FlushTarget) {}

  schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** No flush is scheduled after this (a flush already scheduled still runs). */
  stop(): void {
    this.stopped = true;
  }

  private flush(): void {
    const { rib, log } = this.target;
    rib.commit();
    if (!this.target.advertising()) return;
    for (const session of this.target.sessions()) {
      const conn = session.current;
      if (conn === undefined || !rib.hasPeer(session.id)) continue;
      // Flow control: while earlier UPDATEs wait for the socket, changes stay in the Adj-RIB-Out, where
      // they coalesce; the session's 'drained' event brings us back here.
      if (!conn.readyToSend) continue;
      for (const family of conn.negotiated?.families ?? []) {
        try {
          const packing = packOptions(conn.negotiated?.send);
          const part = rib.flushLazily(session.id, family, packing, FLUSH_ROUTES_PER_TURN);
          session.sendUpdates(part, packing.bytesOf);
          // More of a large table waits: next turn (or at 'drained', if the socket is full by then).
          if (rib.adjRibOut(session.id).hasPending(family)) this.schedule();
        } catch (err) {
          // A route we cannot encode must not take the process (or the other peers) down.
          log.error('cannot send routes', { peer: session.id, afi: family, error: errorMessage(err) });
        }
      }
    }
  }
}
