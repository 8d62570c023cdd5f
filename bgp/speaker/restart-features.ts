/**
 * Graceful restart (both roles) and max-prefix, as the speaker uses them: one object the speaker calls at
 * each session event, so speaker.ts stays a thin join of sessions and RIB. The rules live in
 * graceful-restart-helper.ts, selection-deferral.ts and max-prefix.ts.
 */
import type { Clock, Logger } from '../../common/index.js';
import type { DownCause } from '../fsm/index.js';
import { CeaseSubcode } from '../fsm/index.js';
import type { Rib } from '../rib/index.js';
import type { LocalGracefulRestart, PeerSession } from '../session/index.js';
import { familyOf, type Family, type OpenMessage } from '../wire/index.js';
import {
  DEFAULT_MAX_PREFIX_RESTART_TIME_SEC,
  DEFAULT_SELECTION_DEFERRAL_TIME_SEC,
  DEFAULT_STALE_ROUTES_TIME_SEC,
} from './graceful-restart-config.js';
import {
  GracefulRestartHelper,
  type GracefulRestartCapability,
  type HelperStatus,
  type LongLivedGracefulRestartCapability,
  type PeerRestartCapabilities,
} from './graceful-restart-helper.js';
import { MaxPrefixGuard, maxPrefixNotificationData, type MaxPrefixFamilyStatus } from './max-prefix.js';
import { SelectionDeferral } from './selection-deferral.js';
import type { PeerConfig, SpeakerOptions } from './speaker-config.js';

/** Per peer, in `twillctl bgp peers -o json`. */
export interface GracefulRestartPeerStatus {
  /** We advertise the capability to this peer (and help it restart). */
  readonly enabled: boolean;
  /** The Restart Time we advertise to it. */
  readonly restartTimeSec: number | undefined;
  /** From the peer's last OPEN: its Restart Time, R bit, and the families it keeps forwarding for (F bit). */
  readonly peer:
    | {
        readonly restartTimeSec: number;
        readonly restartState: boolean;
        readonly forwardingFamilies: string[];
        /** RFC 9494: the peer's long-lived stale time per family, when LLGR is negotiated. */
        readonly longLivedStaleTimeSec?: Readonly<Record<string, number>>;
      }
    | undefined;
  /** Its routes are kept stale (it is restarting, or back and not yet at End-of-RIB). */
  readonly helper: HelperStatus | undefined;
  /** Our own restart: selection and advertisement wait for this peer's End-of-RIB. */
  readonly deferringForPeer: boolean;
}

export interface RestartPeerStatus {
  readonly gracefulRestart: GracefulRestartPeerStatus;
  readonly maxPrefix?: Partial<Record<Family, MaxPrefixFamilyStatus>>;
  /** Held down after a max-prefix reset: why, in words, and for how long still. */
  readonly heldDown?: { readonly reason: string; readonly remainingSec: number };
}

interface PeerFacts {
  caps: PeerRestartCapabilities;
  families: readonly Family[];
  guard: MaxPrefixGuard | undefined;
}

export class RestartFeatures {
  readonly helper: GracefulRestartHelper;
  readonly deferral: SelectionDeferral | undefined;
  private readonly facts = new Map<string, PeerFacts>();

  constructor(
    private readonly options: SpeakerOptions,
    private readonly rib: Rib,
    private readonly clock: Clock,
    private readonly log: Logger,
    changed: () => void,
  ) {
    this.helper = new GracefulRestartHelper(rib, clock, log, { changed });
    const gr = options.gracefulRestart;
    if (gr?.forwardingPreserved === true) {
      const timeSec = gr.selectionDeferralTimeSec ?? DEFAULT_SELECTION_DEFERRAL_TIME_SEC;
      rib.deferSelection(true);
      this.deferral = new SelectionDeferral(clock, timeSec, (by) => {
        log.info('graceful restart: selection deferral over, deciding and advertising', { by });
        rib.deferSelection(false);
        changed();
      });
      log.info('graceful restart: restarted with forwarding preserved, deferring selection', { timeSec });
    }
  }

  /** What the session puts in its OPEN for this peer, or undefined when GR is off for it. */
  localGracefulRestart(config: PeerConfig): LocalGracefulRestart | undefined {
    const gr = this.options.gracefulRestart;
    const peer = config.gracefulRestart;
    if (peer?.enabled === false || (gr === undefined && peer === undefined)) return undefined;
    const deferral = this.deferral;
    return {
      restartTimeSec: peer?.restartTimeSec ?? gr?.restartTimeSec ?? 120,
      forwardingPreserved: gr?.forwardingPreserved ?? false,
      ...(gr?.longLivedStaleTimeSec === undefined ? {} : { longLivedStaleTimeSec: gr.longLivedStaleTimeSec }),
      restarting: () => deferral?.active ?? false,
    };
  }

  addPeer(id: string, config: PeerConfig): void {
    this.facts.set(id, {
      caps: { gr: undefined, llgr: undefined },
      families: [],
      guard: config.maxPrefix === undefined ? undefined : new MaxPrefixGuard(config.maxPrefix),
    });
    this.deferral?.addPeer(id);
  }

  removePeer(id: string): void {
    this.facts.delete(id);
    this.helper.forget(id);
    this.deferral?.removePeer(id);
  }

  /** Before the RIB hears of the session: the helper and the deferral read the peer's new capability. */
  established(session: PeerSession, config: PeerConfig): void {
    const conn = session.current;
    const facts = this.facts.get(session.id);
    if (conn === undefined || facts === undefined) return;
    const local = this.localGracefulRestart(config);
    const weLlgr = Object.values(local?.longLivedStaleTimeSec ?? {}).some((t) => t > 0);
    facts.caps = {
      gr: local === undefined ? undefined : grCapability(conn.peerOpen),
      llgr: local === undefined || !weLlgr ? undefined : llgrCapability(conn.peerOpen),
    };
    facts.families = conn.negotiated?.families ?? [];
    this.deferral?.established(session.id, facts.caps.gr, facts.families);
  }

  /** After the RIB re-attached the peer: stale families not kept by the peer are flushed now. */
  afterEstablished(id: string, config: PeerConfig): void {
    const staleSec = config.gracefulRestart?.staleRoutesTimeSec ?? DEFAULT_STALE_ROUTES_TIME_SEC;
    this.helper.peerEstablished(id, this.facts.get(id)?.caps ?? { gr: undefined, llgr: undefined }, staleSec);
  }

  /** True when the peer's routes are kept (graceful restart); false: the caller drops them. */
  down(id: string, cause: DownCause, bfdSharedFate = false): boolean {
    const facts = this.facts.get(id);
    return this.helper.peerDown(
      id,
      facts?.caps ?? { gr: undefined, llgr: undefined },
      facts?.families ?? [],
      cause,
      bfdSharedFate,
    );
  }

  endOfRib(id: string, family: Family): void {
    this.helper.endOfRib(id, family);
    this.deferral?.endOfRib(id, family);
  }

  /** After an UPDATE: over a limit, the session is reset with Cease/1 and held down (RFC 4486 §4). */
  checkMaxPrefix(session: PeerSession): void {
    const guard = this.facts.get(session.id)?.guard;
    if (guard === undefined || !this.rib.peerIds().includes(session.id)) return;
    const adjRibIn = this.rib.adjRibIn(session.id);
    const over = guard.check(
      (f) => adjRibIn.receivedCount(f),
      (family, received, config) =>
        this.log.warn('max-prefix warning threshold crossed', {
          peer: session.id,
          family,
          received,
          limit: config.limit,
        }),
    );
    if (over === undefined) return;
    const holdSec = over.config.restartTimeSec ?? DEFAULT_MAX_PREFIX_RESTART_TIME_SEC;
    this.log.warn('max-prefix limit exceeded: resetting the session', {
      peer: session.id,
      family: over.family,
      received: over.received,
      limit: over.config.limit,
      restartTimeSec: holdSec,
    });
    session.ceaseAndHoldDown(
      CeaseSubcode.MaximumNumberOfPrefixesReached,
      maxPrefixNotificationData(over.family, over.config.limit),
      holdSec,
    );
  }

  /** Both sides advertised LLGR: the peer may receive LLGR_STALE routes (RFC 9494 §4.5). */
  llgrNegotiated(id: string): boolean {
    return this.facts.get(id)?.caps.llgr !== undefined;
  }

  /** No more advertisement until our own restart's selection deferral is over (§4.1). */
  get advertising(): boolean {
    return !(this.deferral?.active ?? false);
  }

  status(session: PeerSession, config: PeerConfig): RestartPeerStatus {
    const facts = this.facts.get(session.id);
    const local = this.localGracefulRestart(config);
    const cap = facts?.caps.gr;
    const inRib = this.rib.peerIds().includes(session.id);
    const received = (f: Family) => (inRib ? this.rib.adjRibIn(session.id).receivedCount(f) : 0);
    const held = session.heldDownUntilMs;
    return {
      gracefulRestart: {
        enabled: local !== undefined,
        restartTimeSec: local?.restartTimeSec,
        peer:
          cap === undefined
            ? undefined
            : {
                restartTimeSec: cap.restartTimeSec,
                restartState: cap.restartState,
                forwardingFamilies: cap.families
                  .filter((f) => f.forwardingState)
                  .map((f) => familyOf(f.afi, f.safi) ?? `${f.afi}/${f.safi}`),
                ...llgrStatus(facts?.caps.llgr),
              },
        helper: this.helper.status(session.id),
        deferringForPeer: this.deferral?.pendingPeers().includes(session.id) ?? false,
      },
      ...(facts?.guard === undefined ? {} : { maxPrefix: facts.guard.status(received) }),
      ...(held === undefined
        ? {}
        : {
            heldDown: {
              reason: facts?.guard?.lastExceeded ?? 'held down',
              remainingSec: Math.max(0, Math.ceil((held - this.clock.now()) / 1000)),
            },
          }),
    };
  }

  dispose(): void {
    this.helper.dispose();
    this.deferral?.dispose();
  }
}

function llgrStatus(llgr: LongLivedGracefulRestartCapability | undefined) {
  if (llgr === undefined) return {};
  const name = (f: { afi: number; safi: number }) => familyOf(f.afi, f.safi) ?? `${f.afi}/${f.safi}`;
  return { longLivedStaleTimeSec: Object.fromEntries(llgr.families.map((f) => [name(f), f.staleTimeSec])) };
}

function grCapability(open: OpenMessage | undefined): GracefulRestartCapability | undefined {
  return open?.capabilities.find((c): c is GracefulRestartCapability => c.name === 'graceful-restart');
}

function llgrCapability(open: OpenMessage | undefined): LongLivedGracefulRestartCapability | undefined {
  return open?.capabilities.find(
    (c): c is LongLivedGracefulRestartCapability => c.name === 'long-lived-graceful-restart',
  );
}
