/**
 * The BGP speaker as the node daemon (and twill-bgpd) uses it: peers, originated prefixes, best-path
 * subscriptions, status and RIB views. It joins bgp/session (sockets, FSMs) to bgp/rib (tables): an
 * UPDATE in goes to the peer's Adj-RIB-In; changes are committed and every established peer's Adj-RIB-Out
 * is flushed once per turn of the event loop, so a burst of UPDATEs costs one decision run.
 */
import {
  errorMessage,
  IPv4Address,
  IPv6Address,
  parseIpAddress,
  systemClock,
  nullLogger,
  type Clock,
  type IpAddress,
  type Logger,
  type Prefix,
} from '../../common/index.js';
import { fsmConfig } from '../fsm/index.js';
import { Rib, type BestPathListener, type PeerRouteCounts, type RouteAttributes } from '../rib/index.js';
import {
  BfdService,
  BgpListener,
  PeerSession,
  peerId,
  type PeerStatus,
  type SessionEvents,
} from '../session/index.js';
import { checkBfdConfig } from '../bfd/index.js';
import { BfdBinding, bfdConfigOf, type BfdPeerStatus } from './bfd-binding.js';
import { FAMILIES, familyOf, type Family } from '../wire/index.js';
import { packOptions } from './pack-options.js';
import { RestartFeatures, type RestartPeerStatus } from './restart-features.js';
import { routeRows, type RouteViewQuery } from './route-views.js';
import type { RouteJson } from './route-json.js';
import type { PeerConfig, SpeakerOptions } from './speaker-config.js';
import { SpeakerError } from './speaker-error.js';
import { missingNextHopFamilies } from './next-hop-check.js';
import { UpdateFindings, type UpdateFindingsStatus } from './update-findings.js';

export interface PeerStatusWithCounts extends PeerStatus, UpdateFindingsStatus, RestartPeerStatus {
  readonly prefixes: Readonly<Partial<Record<Family, PeerRouteCounts>>>;
  /** Present when BFD is enabled for the peer. */
  readonly bfd?: BfdPeerStatus;
}

interface PeerEntry {
  readonly config: PeerConfig;
  readonly session: PeerSession;
  readonly bfd?: BfdBinding;
}

export class BgpSpeaker {
  readonly rib: Rib;
  private readonly peers = new Map<string, PeerEntry>();
  private readonly listener: BgpListener;
  /** Graceful restart (RFC 4724) and max-prefix (RFC 4486 §4): restart-features.ts. */
  private readonly restart: RestartFeatures;
  private flushScheduled = false;
  private stopped = false;
  /** Opened with the first BFD-enabled peer, so a speaker without BFD binds no UDP port. */
  private bfdService: BfdService | undefined;
  private readonly findings: UpdateFindings;

  constructor(
    readonly options: SpeakerOptions,
    private readonly clock: Clock = systemClock,
    private readonly log: Logger = nullLogger,
  ) {
    this.rib = new Rib({ localAs: options.localAs, routerId: options.routerId });
    this.restart = new RestartFeatures(options, this.rib, clock, log, () => this.scheduleFlush());
    this.findings = new UpdateFindings(log);
    this.listener = new BgpListener((address, socket) => {
      const entry = this.peers.get(canonical(address));
      return entry !== undefined && entry.session.incoming(socket);
    }, log);
  }

  /** Starts listening; peers added before or after start connecting at once. */
  async start(): Promise<void> {
    await this.listener.listen(this.options.listen);
  }

  /** Bound listen ports (tests listen on port 0). */
  listenPorts(): number[] {
    return this.listener.ports();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.restart.dispose();
    for (const { session, bfd } of this.peers.values()) {
      bfd?.dispose();
      session.dispose();
    }
    this.peers.clear();
    this.bfdService?.close();
    await this.listener.close();
  }

  addPeer(config: PeerConfig): void {
    const id = peerId({ peerAddress: config.address });
    if (this.peers.has(id)) throw new SpeakerError('DUPLICATE_PEER', `peer ${id} is already configured`);
    const bfdConfig = config.bfd?.enabled === true ? bfdConfigOf(config.bfd) : undefined;
    if (bfdConfig !== undefined) checkBfdConfig(bfdConfig, `peer ${id}`);
    const session = new PeerSession(
      {
        localAs: this.options.localAs,
        routerId: this.options.routerId,
        peerAddress: config.address,
        peerAs: config.asn,
        passive: config.passive ?? false,
        families: config.families ?? FAMILIES,
        fsm: fsmConfig({
          ...(config.holdTimeSec === undefined ? {} : { holdTimeSec: config.holdTimeSec }),
          ...(config.keepaliveTimeSec === undefined ? {} : { keepaliveTimeSec: config.keepaliveTimeSec }),
          ...(config.connectRetryTimeSec === undefined
            ? {}
            : { connectRetryTimeSec: config.connectRetryTimeSec }),
        }),
        ...(config.port === undefined ? {} : { peerPort: config.port }),
        ...(config.sourceAddress === undefined ? {} : { sourceAddress: config.sourceAddress }),
        ...gracefulRestartOf(this.restart, config),
      },
      this.clock,
      this.log,
      this.sessionEvents(),
    );
    const bfd = bfdConfig === undefined ? undefined : new BfdBinding(session, bfdConfig, this.log);
    this.peers.set(id, { config, session, ...(bfd === undefined ? {} : { bfd }) });
    this.restart.addPeer(id, config);
    session.start();
    if (bfd !== undefined) {
      this.bfdService ??= new BfdService(this.log, {
        clock: this.clock,
        ...(this.options.bfdPorts === undefined ? {} : { ports: this.options.bfdPorts }),
        ...(this.options.bfdPeerPorts === undefined ? {} : { peerPorts: this.options.bfdPeerPorts }),
      });
      bfd.start(this.bfdService, config.address, config.sourceAddress);
    }
  }

  /** A changed peer restarts its session (Cease / Administrative Shutdown, then a fresh start). */
  updatePeer(config: PeerConfig): void {
    this.removePeer(config.address);
    this.addPeer(config);
  }

  removePeer(address: IpAddress): void {
    const id = peerId({ peerAddress: address });
    const entry = this.peers.get(id);
    if (entry === undefined) throw new SpeakerError('UNKNOWN_PEER', `no peer ${id}`);
    this.peers.delete(id);
    entry.bfd?.dispose();
    entry.session.dispose();
    this.restart.removePeer(id);
    this.dropFromRib(id);
  }

  originate(prefix: Prefix, attributes: RouteAttributes = {}): void {
    this.rib.originate(prefix, attributes);
    this.scheduleFlush();
  }

  withdraw(prefix: Prefix): void {
    this.rib.withdrawOriginated(prefix);
    this.scheduleFlush();
  }

  /** Best-path changes, one batch per commit. Returns the unsubscribe function. */
  subscribe(listener: BestPathListener): () => void {
    return this.rib.subscribe(listener);
  }

  peerStatus(): PeerStatusWithCounts[] {
    return [...this.peers.values()].map(({ session, bfd }) => {
      const inRib = this.rib.peerIds().includes(session.id);
      const prefixes: Partial<Record<Family, PeerRouteCounts>> = {};
      if (inRib) for (const f of FAMILIES) prefixes[f] = this.rib.counts(session.id, f);
      const entry = this.peers.get(session.id) as PeerEntry;
      return {
        ...session.status(),
        prefixes,
        ...this.findings.status(session.id),
        ...this.restart.status(session, entry.config),
        ...(bfd === undefined ? {} : { bfd: bfd.status() }),
      };
    });
  }

  routes(query: RouteViewQuery): RouteJson[] {
    return routeRows(this.rib, query);
  }

  // --- sessions → RIB ---------------------------------------------------------------------------------

  private sessionEvents(): SessionEvents {
    return {
      established: (session) => this.established(session),
      update: (session, update, report) => {
        this.findings.record(session.id, report);
        const outcome = this.rib.applyUpdate(session.id, update, report);
        if (outcome.endOfRib !== undefined) this.restart.endOfRib(session.id, outcome.endOfRib);
        this.restart.checkMaxPrefix(session);
        this.scheduleFlush();
      },
      routeRefresh: (session, message) => {
        const family = familyOf(message.afi, message.safi);
        const conn = session.current;
        if (family === undefined || conn === undefined) return;
        // RFC 2918 §4: re-advertise the Adj-RIB-Out of that family.
        for (const m of this.rib.routeRefresh(session.id, family, {
          ...packOptions(conn.negotiated?.send),
          enhanced: false,
        }))
          conn.send(m);
      },
      down: (session, cause) => {
        if (this.restart.down(session.id, cause)) return;
        this.dropFromRib(session.id);
      },
    };
  }

  private established(session: PeerSession): void {
    const entry = this.peers.get(session.id);
    const conn = session.current;
    if (entry === undefined || conn === undefined) return;
    this.restart.established(session, entry.config);
    // Routes kept from a graceful restart stay (the RIB re-attaches them); otherwise start afresh.
    if (this.restart.helper.status(session.id) === undefined) this.dropFromRib(session.id);
    this.findings.reset(session.id);
    const local = conn.localAddress === undefined ? undefined : parseIpAddress(canonical(conn.localAddress));
    const ipv6 = entry.config.ipv6NextHop ?? (local instanceof IPv6Address ? local : undefined);
    // Over an IPv6 session there is no local IPv4 address to put in NEXT_HOP: IPv4 routes need one set.
    const ipv4 = entry.config.ipv4NextHop ?? (local instanceof IPv4Address ? local : undefined);
    const selfNextHop = {
      ...(ipv4 instanceof IPv4Address ? { ipv4 } : {}),
      ...(ipv6 instanceof IPv6Address ? { ipv6 } : {}),
    };
    const missing = missingNextHopFamilies(conn.negotiated?.families ?? [], selfNextHop);
    if (missing.length > 0)
      this.log.warn('no next hop of ours for a negotiated family: our own routes are not sent in it', {
        peer: session.id,
        families: missing.join(', '),
      });
    this.rib.addPeer(
      {
        id: session.id,
        kind: entry.config.asn === this.options.localAs ? 'internal' : 'external',
        address: entry.config.address,
        asn: entry.config.asn,
        routerId: conn.peerOpen?.bgpIdentifier ?? IPv4Address.ANY,
      },
      {
        export: {
          families: conn.negotiated?.families ?? [],
          llgr: this.restart.llgrNegotiated(session.id),
          ...(entry.config.nextHopMode === undefined ? {} : { nextHopMode: entry.config.nextHopMode }),
          selfNextHop,
        },
      },
    );
    this.restart.afterEstablished(session.id, entry.config);
    this.scheduleFlush();
  }

  private dropFromRib(id: string): void {
    if (!this.rib.peerIds().includes(id)) return;
    this.rib.removePeer(id);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.stopped) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    this.rib.commit();
    // RFC 4724 §4.1: after our own restart nothing is advertised until selection deferral ends.
    if (!this.restart.advertising) return;
    for (const { session } of this.peers.values()) {
      const conn = session.current;
      if (conn === undefined || !this.rib.peerIds().includes(session.id)) continue;
      for (const family of conn.negotiated?.families ?? []) {
        try {
          const packing = packOptions(conn.negotiated?.send);
          session.sendUpdates(this.rib.flush(session.id, family, packing), packing.bytesOf);
        } catch (err) {
          // A route we cannot encode must not take the process (or the other peers) down.
          this.log.error('cannot send routes', { peer: session.id, afi: family, error: errorMessage(err) });
        }
      }
    }
  }
}

function gracefulRestartOf(restart: RestartFeatures, config: PeerConfig) {
  const gr = restart.localGracefulRestart(config);
  return gr === undefined ? {} : { gracefulRestart: gr };
}

/** Node reports IPv4 peers on dual-stack sockets as ::ffff:a.b.c.d; IPv6 text in canonical form. */
function canonical(address: string): string {
  const plain = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  try {
    return parseIpAddress(plain).toString();
  } catch {
    return plain;
  }
}
