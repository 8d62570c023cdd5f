/**
 * Commit and Adj-RIB-Out flush, at the end of the task that made the change (a microtask: one socket
 * read, one API call), so a burst of UPDATEs in one read costs one decision run and one packing pass, and
 * an idle speaker sends a change without waiting for a turn of the event loop. There is no
 * MinRouteAdvertisementInterval (RFC 4271 §9.2.1.1; 0 as in BIRD and FRR's datacenter profile). Each
 * flush takes a bounded share of a large table, the rest one share per turn (`setImmediate`, so I/O and
 * timers run between), and a peer whose socket is full is skipped until its session's 'drained' event
 * schedules a flush again.
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

  /** `nextTurn`: the rest of a large table, after a turn of the event loop; else at the end of this task. */
  schedule(nextTurn = false): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    (nextTurn ? setImmediate : queueMicrotask)(() => {
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
          if (rib.adjRibOut(session.id).hasPending(family)) this.schedule(true);
        } catch (err) {
          // A route we cannot encode must not take the process (or the other peers) down.
          log.error('cannot send routes', { peer: session.id, afi: family, error: errorMessage(err) });
        }
      }
    }
  }
}
