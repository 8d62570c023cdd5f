/**
 * The Receiving Speaker of graceful restart (RFC 4724 §4.2), one per speaker, for every peer that
 * advertised the capability. When such a peer's session ends without a NOTIFICATION, its routes stay in
 * the RIB, marked stale and still used, for the Restart Time it advertised; when it comes back, what it
 * sends again replaces them and End-of-RIB (or the stale-routes timer) sweeps the rest. Families it no
 * longer lists with the F bit are flushed at once. Timers come from the Clock, so tests drive them.
 */
import type { Clock, Logger, TimerHandle } from '../../common/index.js';
import type { DownCause } from '../fsm/index.js';
import type { Rib } from '../rib/index.js';
import { afiSafiOf, type Capability, type Family } from '../wire/index.js';

export type GracefulRestartCapability = Extract<Capability, { name: 'graceful-restart' }>;

/** What status shows of the helper for one peer. */
export interface HelperStatus {
  /** 'restarting': down, routes kept until the restart timer; 'refreshing': back, waiting for End-of-RIB. */
  readonly state: 'restarting' | 'refreshing';
  readonly staleFamilies: readonly Family[];
  /** Seconds until the restart (or stale-routes) timer removes what is still stale. */
  readonly timerRemainingSec: number;
}

interface PeerState {
  state: HelperStatus['state'];
  families: Set<Family>;
  timer: TimerHandle;
  dueAtMs: number;
}

export interface HelperHooks {
  /** The peer's routes changed in the RIB (commit and flush soon). */
  changed(): void;
}

export class GracefulRestartHelper {
  private readonly peers = new Map<string, PeerState>();

  constructor(
    private readonly rib: Rib,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly hooks: HelperHooks,
  ) {}

  /**
   * The session with `peerId` went down. Returns true when its routes are retained (the caller must then
   * not drop them): the peer advertised the capability with at least one negotiated family, and the session
   * ended without a NOTIFICATION either way (§4.2; RFC 8538's N bit is not supported), or by our hold
   * timer expiring, which is how a peer whose process died without closing TCP looks.
   */
  peerDown(
    peerId: string,
    cap: GracefulRestartCapability | undefined,
    negotiated: readonly Family[],
    cause: DownCause,
  ): boolean {
    const eligible =
      cause.received === undefined && (cause.sent === undefined || cause.event === 'HoldTimer_Expires');
    const families = cap === undefined ? [] : negotiated.filter((f) => advertises(cap, f));
    if (!eligible || families.length === 0 || !this.rib.peerIds().includes(peerId)) {
      this.forget(peerId);
      return false;
    }
    const adjRibIn = this.rib.adjRibIn(peerId);
    this.rib.detachPeer(peerId);
    // Families the peer did not list keep no routes (§4.2: "routes for other address families" go).
    for (const f of negotiated) if (!families.includes(f)) adjRibIn.withdrawAll(f);
    for (const f of families) adjRibIn.markStale(f);
    const restartTimeSec = cap?.restartTimeSec ?? 0;
    this.log.info('graceful restart: peer restarting, keeping its routes stale', {
      peer: peerId,
      restartTimeSec,
      families: families.join(','),
    });
    this.arm(peerId, 'restarting', new Set(families), restartTimeSec, 'restart timer expired');
    this.hooks.changed();
    return true;
  }

  /**
   * The session is back (§4.2): the restart timer stops; families not listed again with the F bit lose
   * their stale routes now; the others wait for End-of-RIB, at most `staleRoutesTimeSec`.
   */
  peerEstablished(
    peerId: string,
    cap: GracefulRestartCapability | undefined,
    staleRoutesTimeSec: number,
  ): void {
    const p = this.peers.get(peerId);
    if (p === undefined) return;
    this.clock.clearTimeout(p.timer);
    const adjRibIn = this.rib.adjRibIn(peerId);
    for (const f of [...p.families]) {
      const kept = cap?.families.some((x) => sameFamily(x, f) && x.forwardingState) ?? false;
      if (kept) continue;
      const n = adjRibIn.sweepStale(f);
      p.families.delete(f);
      this.log.info('graceful restart: forwarding state not kept, flushing family', {
        peer: peerId,
        family: f,
        removed: n,
      });
    }
    this.peers.delete(peerId);
    if (p.families.size > 0)
      this.arm(peerId, 'refreshing', p.families, staleRoutesTimeSec, 'stale-routes timer expired');
    this.hooks.changed();
  }

  /** End-of-RIB for `family` from a peer that is refreshing: what it did not send again goes. */
  endOfRib(peerId: string, family: Family): void {
    const p = this.peers.get(peerId);
    if (p?.state !== 'refreshing' || !p.families.has(family)) return;
    const removed = this.rib.adjRibIn(peerId).sweepStale(family);
    this.log.info('graceful restart: End-of-RIB, stale routes swept', { peer: peerId, family, removed });
    p.families.delete(family);
    if (p.families.size === 0) this.forget(peerId);
    this.hooks.changed();
  }

  status(peerId: string): HelperStatus | undefined {
    const p = this.peers.get(peerId);
    if (p === undefined) return undefined;
    return {
      state: p.state,
      staleFamilies: [...p.families],
      timerRemainingSec: Math.max(0, Math.ceil((p.dueAtMs - this.clock.now()) / 1000)),
    };
  }

  /** The peer was removed or its routes dropped another way: no timer may fire for it. */
  forget(peerId: string): void {
    const p = this.peers.get(peerId);
    if (p !== undefined) this.clock.clearTimeout(p.timer);
    this.peers.delete(peerId);
  }

  dispose(): void {
    for (const id of [...this.peers.keys()]) this.forget(id);
  }

  private arm(
    peerId: string,
    state: PeerState['state'],
    families: Set<Family>,
    seconds: number,
    why: string,
  ): void {
    const timer = this.clock.setTimeout(() => this.expire(peerId, why), seconds * 1000);
    this.peers.set(peerId, { state, families, timer, dueAtMs: this.clock.now() + seconds * 1000 });
  }

  private expire(peerId: string, why: string): void {
    const p = this.peers.get(peerId);
    if (p === undefined) return;
    this.peers.delete(peerId);
    if (p.state === 'restarting') {
      // §4.2: the peer did not come back within its Restart Time: all its routes go.
      this.log.info(`graceful restart: ${why}, removing the peer's routes`, { peer: peerId });
      if (this.rib.peerIds().includes(peerId) && !this.rib.hasAdjRibOut(peerId)) this.rib.removePeer(peerId);
    } else {
      let removed = 0;
      for (const f of p.families) removed += this.rib.adjRibIn(peerId).sweepStale(f);
      this.log.info(`graceful restart: ${why}, stale routes swept`, { peer: peerId, removed });
    }
    this.hooks.changed();
  }
}

function sameFamily(x: { afi: number; safi: number }, f: Family): boolean {
  const { afi, safi } = afiSafiOf(f);
  return x.afi === afi && x.safi === safi;
}

function advertises(cap: GracefulRestartCapability, f: Family): boolean {
  return cap.families.some((x) => sameFamily(x, f));
}
