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
  tryParseIpAddress,
  nullLogger,
  type Clock,
  type IpAddress,
  type Logger,
  type Prefix,
} from '../../common/index.js';
import {
  Rib,
  routeRefreshMessage,
  type BestPathListener,
  type PeerRouteCounts,
  type RouteAttributes,
} from '../rib/index.js';
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
import {
  DEFAULT_MAX_DYNAMIC_PEERS,
  dynamicPeerConfig,
  matchDynamicRange,
  type DynamicPeerRange,
} from './dynamic-peers.js';
import { packOptions } from './pack-options.js';
import { RestartFeatures, type RestartPeerStatus } from './restart-features.js';
import { peerIdOfRemote, splitScope } from './peer-transport.js';
import { peerSessionConfig } from './peer-session-config.js';
import { routeRows, type RouteViewQuery } from './route-views.js';
import { exportReasonRows, type ExportReasonRow } from './export-reasons.js';
import { prefixPaths, type PathJson } from './prefix-paths.js';
import type { RouteJson } from './route-json.js';
import { peerConfigChange } from './peer-config-change.js';
import { compilePeerPolicies, type CompiledPeerPolicies } from './peer-policy.js';
import { peerRibOptions, type SessionFacts } from './peer-rib-options.js';
import { peerPolicyStatus, type PeerPolicyStatus } from './policy-status.js';
import { clusterIds } from './route-reflection.js';
import type { PeerConfig, SpeakerOptions } from './speaker-config.js';
import { SpeakerError } from './speaker-error.js';
import { missingNextHopFamilies } from './next-hop-check.js';
import { UpdateFindings, type UpdateFindingsStatus } from './update-findings.js';

/** Routes one flush takes from a peer's Adj-RIB-Out: bounds the work of one turn of the event loop. */
const FLUSH_ROUTES_PER_TURN = 50_000;

export interface PeerStatusWithCounts
  extends PeerStatus, UpdateFindingsStatus, RestartPeerStatus, PeerPolicyStatus {
  readonly prefixes: Readonly<Partial<Record<Family, PeerRouteCounts>>>;
  /** The listen range a dynamic peer was accepted from. */
  readonly dynamicRange?: string;
  /** Present when BFD is enabled for the peer. */
  readonly bfd?: BfdPeerStatus;
}

interface PeerEntry {
  config: PeerConfig;
  readonly session: PeerSession;
  policies: CompiledPeerPolicies;
  /** RFC 8326 drain in force (kept across session resets until undrained). */
  draining: boolean;
  /** Set at Established: what reconfiguration needs to rebuild the RIB's options. */
  facts?: SessionFacts;
  /** Set for a peer accepted from a listen range; it is forgotten when its session ends. */
  readonly dynamic?: DynamicPeerRange;
  readonly bfd?: BfdBinding;
}

export type SoftResetDirection = 'in' | 'out';

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
      const entry = this.peers.get(peerIdOfRemote(address)) ?? this.acceptDynamic(address);
      return entry !== undefined && entry.session.incoming(socket);
    }, log);
    for (const range of options.dynamicPeers ?? []) this.secureListener(range.template ?? {}, range);
  }

  /** Starts listening; peers added before or after start connecting at once. */
  async start(): Promise<void> {
    await this.listener.listen(this.options.listen);
  }

  /**
   * True while our own restart's selection deferral runs (RFC 4724 §4.1: waiting for End-of-RIB from
   * every graceful-restart peer, or the timer): the node daemon keeps stale kernel routes until then.
   */
  get selectionDeferred(): boolean {
    return this.restart.deferral?.active ?? false;
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

  addPeer(config: PeerConfig, dynamic?: DynamicPeerRange): void {
    const id = peerId({
      peerAddress: config.address,
      ...(config.interface === undefined ? {} : { interface: config.interface }),
    });
    if (this.peers.has(id)) throw new SpeakerError('DUPLICATE_PEER', `peer ${id} is already configured`);
    const policies = compilePeerPolicies(config); // a bad policy fails here, before any session starts
    const bfdConfig = config.bfd?.enabled === true ? bfdConfigOf(config.bfd) : undefined;
    if (bfdConfig !== undefined) checkBfdConfig(bfdConfig, `peer ${id}`);
    const session = new PeerSession(
      peerSessionConfig(this.options, config, this.restart, dynamic),
      this.clock,
      this.log,
      this.sessionEvents(),
    );
    const bfd = bfdConfig === undefined ? undefined : new BfdBinding(session, bfdConfig, this.log);
    this.restart.addPeer(id, config);
    this.peers.set(id, {
      config,
      session,
      policies,
      draining: false,
      ...(dynamic === undefined ? {} : { dynamic }),
      ...(bfd === undefined ? {} : { bfd }),
    });
    if (dynamic === undefined) this.secureListener(config);
    if (config.adminDownReason === undefined) session.start();
    else session.disable(config.adminDownReason); // never started: no connection, incoming refused
    if (config.routeReflectorClient === true || config.clusterId !== undefined) this.reconfigureAll();
    if (bfd !== undefined) {
      this.bfdService ??= new BfdService(this.log, {
        clock: this.clock,
        ...(this.options.bfdPorts === undefined ? {} : { ports: this.options.bfdPorts }),
        ...(this.options.bfdPeerPorts === undefined ? {} : { peerPorts: this.options.bfdPeerPorts }),
      });
      bfd.start(this.bfdService, config.address, config.sourceAddress);
    }
  }

  /**
   * A changed peer. Policy, route-reflection and next-hop changes apply to the running session (import
   * runs again over the stored Adj-RIB-In, the Adj-RIB-Out sends only the differences); other changes
   * restart the session (Cease / Administrative Shutdown, then a fresh start). Returns which it was.
   */
  updatePeer(config: PeerConfig): 'none' | 'soft' | 'restart' {
    const entry = this.entry(config.address, config.interface);
    const change = peerConfigChange(entry.config, config);
    if (change === 'restart') {
      const draining = entry.draining;
      this.removePeer(config.address, config.interface);
      this.addPeer(config);
      this.entry(config.address, config.interface).draining = draining;
      return change;
    }
    if (change === 'none') return change;
    const reflectionChanged =
      (entry.config.routeReflectorClient === true) !== (config.routeReflectorClient === true) ||
      entry.config.clusterId?.toString() !== config.clusterId?.toString();
    entry.policies = compilePeerPolicies(config);
    entry.config = config;
    if (reflectionChanged) this.reconfigureAll();
    else this.reconfigure(entry);
    return change;
  }

  /** Admin shutdown: Cease 6/2 with the message (RFC 9003); the peer stays down until enablePeer. */
  shutdownPeer(address: IpAddress, message = ''): void {
    this.entry(address).session.disable(message);
  }

  enablePeer(address: IpAddress): void {
    this.entry(address).session.enable();
  }

  /** Hard reset: Cease 6/4 Administrative Reset with the message, then a new session. */
  resetPeer(address: IpAddress, message = ''): void {
    this.entry(address).session.reset(message);
  }

  /**
   * Soft reset without dropping the session. 'in': import runs again over the stored Adj-RIB-In (kept as
   * received), and a ROUTE-REFRESH (RFC 2918) asks the peer to resend when it supports that, in case
   * what we kept is not what it has now. 'out': the whole Adj-RIB-Out is sent again.
   */
  softReset(address: IpAddress, direction: SoftResetDirection): void {
    const entry = this.entry(address);
    const conn = entry.session.current;
    if (conn === undefined || !this.rib.peerIds().includes(entry.session.id))
      throw new SpeakerError('NOT_ESTABLISHED', `peer ${entry.session.id} is not established`);
    const families = conn.negotiated?.families ?? [];
    if (direction === 'in') {
      this.rib.reimportPeer(entry.session.id);
      if (conn.peerOpen?.capabilities.some((c) => c.name === 'route-refresh') === true)
        for (const family of families) conn.send(routeRefreshMessage(family, 0));
    } else {
      for (const family of families)
        for (const m of this.rib.routeRefresh(entry.session.id, family, {
          ...packOptions(conn.negotiated?.send),
          enhanced: false,
        }))
          conn.send(m);
    }
    this.scheduleFlush();
  }

  /**
   * RFC 8326 graceful shutdown drain towards one peer or all: our routes are advertised again with
   * GRACEFUL_SHUTDOWN (and LOCAL_PREF 0 to iBGP) so peers move to other paths before a shutdown.
   * `on: false` ends the drain. Returns the peers it applies to.
   */
  drain(options: { readonly peer?: IpAddress; readonly on?: boolean } = {}): string[] {
    const entries = options.peer === undefined ? [...this.peers.values()] : [this.entry(options.peer)];
    for (const entry of entries) {
      entry.draining = options.on ?? true;
      this.reconfigure(entry);
    }
    return entries.map((e) => e.session.id);
  }

  removePeer(address: IpAddress, iface?: string): void {
    const id = peerId({ peerAddress: address, ...(iface === undefined ? {} : { interface: iface }) });
    const entry = this.peers.get(id);
    if (entry === undefined) throw new SpeakerError('UNKNOWN_PEER', `no peer ${id}`);
    this.peers.delete(id);
    if (entry.dynamic === undefined && entry.config.tcpMd5Key !== undefined)
      this.listener.security.setKey(address.toString(), undefined);
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
    return [...this.peers.values()].map(({ session, dynamic, config, policies, draining, bfd }) => {
      const inRib = this.rib.hasPeer(session.id);
      const prefixes: Partial<Record<Family, PeerRouteCounts>> = {};
      if (inRib) for (const f of FAMILIES) prefixes[f] = this.rib.counts(session.id, f);
      const external = config.asn !== this.options.localAs;
      const admin = session.admin.status === 'Enabled' ? 'enabled' : `disabled: ${session.admin.reason}`;
      return {
        ...session.status(),
        ...peerPolicyStatus(config, policies, external, external && this.rfc8212, draining, admin, prefixes),
        prefixes,
        ...this.findings.status(session.id),
        ...this.restart.status(session, config),
        ...(dynamic === undefined ? {} : { dynamicRange: dynamic.prefix.toString() }),
        ...(bfd === undefined ? {} : { bfd: bfd.status() }),
      };
    });
  }

  routes(query: RouteViewQuery): RouteJson[] {
    return routeRows(this.rib, query);
  }

  /** Every path for one prefix: best, losers with the decision step, import-rejected (prefix-paths.ts). */
  paths(prefix: Prefix): PathJson[] {
    return prefixPaths(this.rib, prefix);
  }

  /** The advertised view with why each best route is or is not sent to each peer (export-reasons.ts). */
  exportReasons(
    query: Omit<RouteViewQuery, 'view'>,
    originSource?: (prefix: Prefix) => string | undefined,
  ): ExportReasonRow[] {
    return exportReasonRows(
      this.rib,
      {
        peerConfig: (id) => this.peers.get(id)?.config,
        exportPolicy: (id) => this.peers.get(id)?.policies.export,
        ...(originSource === undefined ? {} : { originSource }),
      },
      query,
    );
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
        // Queued behind UPDATEs not yet sent, so the answer cannot overtake older state.
        conn.sendQueued(
          this.rib.routeRefresh(session.id, family, {
            ...packOptions(conn.negotiated?.send),
            enhanced: false,
          }),
        );
      },
      down: (session, cause) => {
        // RFC 5882 §4.3: a BFD failure of a peer whose BFD shares fate with its control plane may be a
        // restart; graceful restart then keeps its routes (see GracefulRestartHelper.peerDown).
        const bfd = this.peers.get(session.id)?.bfd;
        const bfdSharedFate =
          session.downBy === 'bfd' && bfd !== undefined && !bfd.status().remoteControlPlaneIndependent;
        if (this.restart.down(session.id, cause, bfdSharedFate)) return;
        this.dropFromRib(session.id);
      },
      drained: () => this.scheduleFlush(),
      idle: (session) => this.forgetDynamic(session),
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
    const local =
      conn.localAddress === undefined ? undefined : parseIpAddress(splitScope(conn.localAddress).address);
    const ipv6 = entry.config.ipv6NextHop ?? (local instanceof IPv6Address ? local : undefined);
    // Over an IPv6 session there is no local IPv4 address to put in NEXT_HOP: IPv4 routes need one set,
    // or (RFC 8950, when negotiated) go with our IPv6 address as next hop.
    const extendedNextHop = conn.negotiated?.send.extendedNextHop.includes('ipv4-unicast') === true;
    const ipv4 =
      entry.config.ipv4NextHop ??
      (local instanceof IPv4Address
        ? local
        : extendedNextHop && ipv6 instanceof IPv6Address
          ? ipv6
          : undefined);
    const selfNextHop = {
      ...(ipv4 === undefined ? {} : { ipv4 }),
      ...(ipv6 instanceof IPv6Address ? { ipv6 } : {}),
    };
    const missing = missingNextHopFamilies(conn.negotiated?.families ?? [], selfNextHop);
    if (missing.length > 0)
      this.log.warn('no next hop of ours for a negotiated family: our own routes are not sent in it', {
        peer: session.id,
        families: missing.join(', '),
      });
    entry.facts = {
      families: conn.negotiated?.families ?? [],
      selfNextHop,
      llgr: this.restart.llgrNegotiated(session.id),
    };
    this.rib.addPeer(
      {
        id: session.id,
        kind: conn.peerAs === this.options.localAs ? 'internal' : 'external',
        address: entry.config.address,
        asn: conn.peerAs,
        routerId: conn.peerOpen?.bgpIdentifier ?? IPv4Address.ANY,
      },
      this.ribOptions(entry, entry.facts),
    );
    this.restart.afterEstablished(session.id, entry.config);
    this.scheduleFlush();
  }

  // --- policy, reflection, drain ------------------------------------------------------------------------

  private get rfc8212(): boolean {
    return this.options.ebgpRequiresPolicy ?? true;
  }

  private ribOptions(entry: PeerEntry, facts: SessionFacts): ReturnType<typeof peerRibOptions> {
    const clusterId = this.options.clusterId ?? this.options.routerId;
    const configs = [...this.peers.values()].map((e) => e.config);
    return peerRibOptions(entry.config, entry.policies, entry.draining, facts, {
      localAs: this.options.localAs,
      ebgpRequiresPolicy: this.rfc8212,
      reflection: {
        clusterId,
        peerConfig: (id) => this.peers.get(id)?.config,
      },
      clusterIds: clusterIds(configs, clusterId, this.options.clusterId !== undefined),
    });
  }

  /** Applies changed options to an established peer's RIB tables, without touching its session. */
  private reconfigure(entry: PeerEntry): void {
    const id = entry.session.id;
    if (entry.facts === undefined || !this.rib.peerIds().includes(id)) return;
    // Import runs again too when only export changed: unchanged verdicts change nothing in the Loc-RIB.
    this.rib.reconfigurePeer(id, this.ribOptions(entry, entry.facts));
    this.scheduleFlush();
  }

  /** Who is a client (or which cluster) changed: every peer's reflection rules and loop checks change. */
  private reconfigureAll(): void {
    for (const entry of this.peers.values()) this.reconfigure(entry);
  }

  private entry(address: IpAddress, iface?: string): PeerEntry {
    const id = peerId({ peerAddress: address, ...(iface === undefined ? {} : { interface: iface }) });
    const entry = this.peers.get(id);
    if (entry === undefined) throw new SpeakerError('UNKNOWN_PEER', `no peer ${id}`);
    return entry;
  }

  /** A connection from a listen range with no configured peer: a new dynamic peer, or none. */
  private acceptDynamic(remote: string): PeerEntry | undefined {
    const { address, scope } = splitScope(remote);
    const parsed = tryParseIpAddress(address);
    const range =
      parsed === undefined ? undefined : matchDynamicRange(this.options.dynamicPeers ?? [], parsed);
    if (parsed === undefined || range === undefined || scope !== undefined) return undefined;
    const count = [...this.peers.values()].filter((e) => e.dynamic === range).length;
    if (count >= (range.maxPeers ?? DEFAULT_MAX_DYNAMIC_PEERS)) return undefined;
    this.log.info('dynamic peer', { peer: parsed.toString(), range: range.prefix.toString() });
    this.addPeer(dynamicPeerConfig(range, parsed), range);
    return this.peers.get(parsed.toString());
  }

  /** A dynamic peer whose session ended leaves (deferred: its FSM is still applying actions). */
  private forgetDynamic(session: PeerSession): void {
    const entry = this.peers.get(session.id);
    if (entry?.dynamic === undefined || entry.session !== session) return;
    queueMicrotask(() => {
      if (this.peers.get(session.id)?.session !== session) return;
      this.peers.delete(session.id);
      session.dispose();
      this.dropFromRib(session.id);
    });
  }

  /** The listener signs accepted connections with the peer's (or range's) MD5 key; GTSM needs TTL 255. */
  private secureListener(
    config: Pick<PeerConfig, 'tcpMd5Key' | 'ttlSecurityHops'> & { address?: IpAddress },
    range?: DynamicPeerRange,
  ): void {
    if (config.ttlSecurityHops !== undefined) this.listener.security.enableTtlSecurity();
    if (config.tcpMd5Key === undefined) return;
    if (range !== undefined)
      this.listener.security.setKey(range.prefix.network.toString(), config.tcpMd5Key, range.prefix.length);
    else if (config.address !== undefined)
      this.listener.security.setKey(config.address.toString(), config.tcpMd5Key);
  }

  private dropFromRib(id: string): void {
    if (!this.rib.hasPeer(id)) return;
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
      if (conn === undefined || !this.rib.hasPeer(session.id)) continue;
      // Flow control: while earlier UPDATEs wait for the socket, changes stay in the Adj-RIB-Out, where
      // they coalesce; the session's 'drained' event brings us back here.
      if (!conn.readyToSend) continue;
      for (const family of conn.negotiated?.families ?? []) {
        try {
          const packing = packOptions(conn.negotiated?.send);
          const part = this.rib.flushLazily(session.id, family, packing, FLUSH_ROUTES_PER_TURN);
          session.sendUpdates(part, packing.bytesOf);
          // More of a large table waits: next turn (or at 'drained', if the socket is full by then).
          if (this.rib.adjRibOut(session.id).hasPending(family)) this.scheduleFlush();
        } catch (err) {
          // A route we cannot encode must not take the process (or the other peers) down.
          this.log.error('cannot send routes', { peer: session.id, afi: family, error: errorMessage(err) });
        }
      }
    }
  }
}
