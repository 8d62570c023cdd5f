// Counts BGP session flaps (a session leaving Established, as BIRD and FRR count "established ->
// down"). Fed from the runtime's state-change events when it sends them, and from every snapshot
// observed (scrapes, status builds) so a flap between two looks is still counted once it shows.
import type { BgpSessionState } from '../../../datastore/index.js';

export class SessionTransitions {
  private readonly last = new Map<string, BgpSessionState>();
  private readonly flapCounts = new Map<string, number>();

  record(peer: string, state: BgpSessionState): void {
    const before = this.last.get(peer);
    if (before === 'Established' && state !== 'Established') {
      this.flapCounts.set(peer, (this.flapCounts.get(peer) ?? 0) + 1);
    }
    this.last.set(peer, state);
  }

  /** Flaps of this peer since the daemon started. */
  flaps(peer: string): number {
    return this.flapCounts.get(peer) ?? 0;
  }

  /** Forgets peers no longer configured, so their counters do not live forever. */
  retain(peers: ReadonlySet<string>): void {
    for (const peer of this.last.keys()) {
      if (!peers.has(peer)) {
        this.last.delete(peer);
        this.flapCounts.delete(peer);
      }
    }
  }
}
