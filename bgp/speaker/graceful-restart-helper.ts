/**
 * The Receiving Speaker of graceful restart (RFC 4724 §4.2) and of long-lived graceful restart (RFC 9494
 * §4.2), one per speaker, for every peer that advertised the capability. When such a peer's session ends
 * without a NOTIFICATION, its routes stay in the RIB, marked stale and still used, for the Restart Time it
 * advertised; then, for families with a long-lived stale time, they stay longer marked LLGR_STALE (least
 * preferred, not sent to peers without LLGR), NO_LLGR ones excepted. When the peer comes back, what it
 * sends again replaces them and End-of-RIB (or the stale-routes timer) sweeps the rest. Families it no
 * longer lists with the F bit are flushed at once. Timers come from the Clock, so tests drive them.
 */
import type { Clock, Logger, TimerHandle } from '../../common/index.js';
import type { DownCause } from '../fsm/index.js';
import { hasCommunity, NO_LLGR, withLlgrStale, type Rib } from '../rib/index.js';
import { afiSafiOf, type Capability, type Family } from '../wire/index.js';

export type GracefulRestartCapability = Extract<Capability, { name: 'graceful-restart' }>;
export type LongLivedGracefulRestartCapability = Extract<Capability, { name: 'long-lived-graceful-restart' }>;

/** The peer's capabilities from its last OPEN, kept only where we advertised them too (negotiated). */
export interface PeerRestartCapabilities {
  readonly gr: GracefulRestartCapability | undefined;
  readonly llgr: LongLivedGracefulRestartCapability | undefined;
}

/** What status shows of the helper for one peer. */
export interface HelperStatus {
  /**
   * 'restarting': down, routes kept until the restart timer; 'long-lived-stale': down past it, routes kept
   * with LLGR_STALE (RFC 9494); 'refreshing': back, waiting for End-of-RIB.
   */
  readonly state: 'restarting' | 'long-lived-stale' | 'refreshing';
  readonly staleFamilies: readonly Family[];
  /** Seconds until the current timer removes what is still stale. */
  readonly timerRemainingSec: number;
}

interface PeerState {
  state: HelperStatus['state'];
  families: Set<Family>;
  timers: TimerHandle[];
  dueAtMs: number;
  /** Long-lived stale time per family (RFC 9494), for the phase after the restart timer. */
  llst: Map<Family, number>;
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
   *
   * `bfdSharedFate`: we stopped the session because BFD went down, and the peer's BFD said its control
   * plane shares fate with its forwarding (C bit clear, RFC 5880 §4.1). RFC 5882 §4.3 then reads the BFD
   * failure as possibly a control-plane restart, which graceful restart is there to ride out, so the
   * routes are kept as for a TCP failure. With the C bit set, BFD going down means forwarding failed, and
   * the routes go at once (the Cease we sent makes the session ineligible, as without BFD).
   */
  peerDown(
    peerId: string,
    caps: PeerRestartCapabilities,
    negotiated: readonly Family[],
    cause: DownCause,
    bfdSharedFate = false,
  ): boolean {
    const eligible =
      bfdSharedFate ||
      (cause.received === undefined && (cause.sent === undefined || cause.event === 'HoldTimer_Expires'));
    const gr = caps.gr;
    const llst = new Map<Family, number>();
    for (const f of negotiated) {
      const x = caps.llgr?.families.find((y) => sameFamily(y, f));
      if (x !== undefined && x.staleTimeSec > 0) llst.set(f, x.staleTimeSec);
    }
    // RFC 9494 §4.2: LLGR comes with the GR capability; a family may be listed for LLGR only.
    const inGr = gr === undefined ? [] : negotiated.filter((f) => advertises(gr, f));
    const families = gr === undefined ? [] : negotiated.filter((f) => inGr.includes(f) || llst.has(f));
    if (!eligible || families.length === 0 || !this.rib.peerIds().includes(peerId)) {
      this.forget(peerId);
      return false;
    }
    this.forget(peerId);
    const adjRibIn = this.rib.adjRibIn(peerId);
    this.rib.detachPeer(peerId);
    // Families the peer did not list keep no routes (§4.2).
    for (const f of negotiated) if (!families.includes(f)) adjRibIn.withdrawAll(f);
    for (const f of families) adjRibIn.markStale(f);
    const restartTimeSec = gr?.restartTimeSec ?? 0;
    this.log.info('graceful restart: peer restarting, keeping its routes stale', {
      peer: peerId,
      restartTimeSec,
      families: families.join(','),
    });
    if (restartTimeSec > 0 && inGr.length > 0) {
      this.arm(peerId, 'restarting', new Set(families), restartTimeSec, 'restart timer expired', llst);
    } else {
      this.peers.set(peerId, {
        state: 'restarting',
        families: new Set(families),
        timers: [],
        dueAtMs: 0,
        llst,
      });
      this.longLived(peerId);
    }
    this.hooks.changed();
    return true;
  }

  /**
   * The session is back (§4.2): the timers stop; families not listed again with the F bit lose their stale
   * routes now; the others wait for End-of-RIB, at most `staleRoutesTimeSec`.
   */
  peerEstablished(peerId: string, caps: PeerRestartCapabilities, staleRoutesTimeSec: number): void {
    const p = this.peers.get(peerId);
    if (p === undefined) return;
    for (const t of p.timers) this.clock.clearTimeout(t);
    const adjRibIn = this.rib.adjRibIn(peerId);
    for (const f of [...p.families]) {
      const kept =
        (caps.gr?.families.some((x) => sameFamily(x, f) && x.forwardingState) ?? false) ||
        (caps.llgr?.families.some((x) => sameFamily(x, f) && x.forwardingState) ?? false);
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
      this.arm(peerId, 'refreshing', p.families, staleRoutesTimeSec, 'stale-routes timer expired', new Map());
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
    if (p !== undefined) for (const t of p.timers) this.clock.clearTimeout(t);
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
    llst: Map<Family, number>,
  ): void {
    const timer = this.clock.setTimeout(() => this.expire(peerId, why), seconds * 1000);
    const dueAtMs = this.clock.now() + seconds * 1000;
    this.peers.set(peerId, { state, families, timers: [timer], dueAtMs, llst });
  }

  private expire(peerId: string, why: string): void {
    const p = this.peers.get(peerId);
    if (p === undefined) return;
    if (p.state === 'restarting' && p.llst.size > 0) {
      this.log.info(`graceful restart: ${why}, entering long-lived stale`, { peer: peerId });
      this.longLived(peerId);
      this.hooks.changed();
      return;
    }
    this.peers.delete(peerId);
    if (p.state === 'restarting') {
      // §4.2: the peer did not come back within its Restart Time: all its routes go.
      this.log.info(`graceful restart: ${why}, removing the peer's routes`, { peer: peerId });
      this.removeIfDown(peerId);
    } else {
      let removed = 0;
      for (const f of p.families) removed += this.rib.adjRibIn(peerId).sweepStale(f);
      this.log.info(`graceful restart: ${why}, stale routes swept`, { peer: peerId, removed });
    }
    this.hooks.changed();
  }

  /**
   * RFC 9494 §4.2: the restart time is over (or was 0). Families with a long-lived stale time keep their
   * routes, each until its own stale time: NO_LLGR ones are removed, the others re-announced with
   * LLGR_STALE (least preferred, §4.3) and still stale for the End-of-RIB sweep. Other families go now.
   */
  private longLived(peerId: string): void {
    const p = this.peers.get(peerId);
    if (p === undefined) return;
    const adjRibIn = this.rib.adjRibIn(peerId);
    for (const f of [...p.families]) {
      if (p.llst.has(f)) continue;
      adjRibIn.withdrawAll(f);
      p.families.delete(f);
    }
    if (p.families.size === 0) {
      this.peers.delete(peerId);
      this.removeIfDown(peerId);
      return;
    }
    p.state = 'long-lived-stale';
    p.timers = [];
    p.dueAtMs = 0;
    for (const f of p.families) {
      for (const route of [...adjRibIn.routes(f)]) {
        const attributes = route.attributes.value;
        const nlri = [{ prefix: route.prefix, ...(route.pathId === 0 ? {} : { pathId: route.pathId }) }];
        if (hasCommunity(attributes, NO_LLGR)) adjRibIn.withdrawNlri(f, nlri);
        else adjRibIn.announceNlri(f, nlri, withLlgrStale(attributes));
      }
      adjRibIn.markStale(f);
      const seconds = p.llst.get(f) as number;
      this.log.info('long-lived graceful restart: routes kept as LLGR_STALE', {
        peer: peerId,
        family: f,
        seconds,
      });
      p.dueAtMs = Math.max(p.dueAtMs, this.clock.now() + seconds * 1000);
      p.timers.push(this.clock.setTimeout(() => this.longLivedExpired(peerId, f), seconds * 1000));
    }
  }

  private longLivedExpired(peerId: string, family: Family): void {
    const p = this.peers.get(peerId);
    if (p?.state !== 'long-lived-stale' || !p.families.has(family)) return;
    this.log.info('long-lived graceful restart: stale time over, removing', { peer: peerId, family });
    this.rib.adjRibIn(peerId).withdrawAll(family);
    p.families.delete(family);
    if (p.families.size === 0) {
      this.peers.delete(peerId);
      this.removeIfDown(peerId);
    }
    this.hooks.changed();
  }

  private removeIfDown(peerId: string): void {
    if (this.rib.peerIds().includes(peerId) && !this.rib.hasAdjRibOut(peerId)) this.rib.removePeer(peerId);
  }
}

function sameFamily(x: { afi: number; safi: number }, f: Family): boolean {
  const { afi, safi } = afiSafiOf(f);
  return x.afi === afi && x.safi === safi;
}

function advertises(cap: GracefulRestartCapability, f: Family): boolean {
  return cap.families.some((x) => sameFamily(x, f));
}
