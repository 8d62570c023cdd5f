/**
 * The BGP speaker as the node daemon (and twill-bgpd) uses it: peers, originated prefixes, best-path
 * subscriptions, status and RIB views. It joins bgp/session (sockets, FSMs) to bgp/rib (tables): an
 * UPDATE in goes to the peer's Adj-RIB-In; changes are committed and every established peer's Adj-RIB-Out
 * is flushed at the end of the task that made them (one socket read: a burst costs one decision run).
 */
import {
  systemClock,
  nullLogger,
  type Clock,
  type IpAddress,
  type Logger,
  type Prefix,
} from '../../common/index.js';
import { Rib, type BestPathListener, type RouteAttributes } from '../rib/index.js';
import { BfdService, BgpListener, PeerSession, type SessionEvents } from '../session/index.js';
import { checkBfdConfig } from '../bfd/index.js';
import { BfdBinding, bfdConfigOf } from './bfd-binding.js';
import { admittingRange, dynamicPeerConfig, type DynamicPeerRange } from './dynamic-peers.js';
import { RestartFeatures } from './restart-features.js';
import { peerIdOfRemote, secureListener } from './peer-transport.js';
import { peerSessionConfig } from './peer-session-config.js';
import { routeRows, type RouteViewQuery } from './route-views.js';
import { speakerExportReasons, type ExportReasonRow } from './export-reasons.js';
import { prefixPaths, type PathJson } from './prefix-paths.js';
import type { RouteJson } from './route-json.js';
import { peerConfigChange } from './peer-config-change.js';
import { compilePeerPolicies } from './peer-policy.js';
import { peerRibOptions, type SessionFacts } from './peer-rib-options.js';
import { clusterIds } from './route-reflection.js';
import type { PeerConfig, SpeakerOptions } from './speaker-config.js';
import { SpeakerError } from './speaker-error.js';
import { UpdateFindings } from './update-findings.js';
import { entryId, findEntry, type PeerEntry } from './peer-entry.js';
import { PeerOperations, type SoftResetDirection } from './peer-operations.js';
import { FlushScheduler } from './flush-scheduler.js';
import { peerStatusOf, type PeerStatusWithCounts } from './peer-status.js';
import { sessionEvents } from './session-events.js';

export type { PeerStatusWithCounts } from './peer-status.js';
export type { SoftResetDirection } from './peer-operations.js';

export class BgpSpeaker {
  readonly rib: Rib;
  private readonly peers = new Map<string, PeerEntry>();
  private readonly listener: BgpListener;
  /** Graceful restart (RFC 4724) and max-prefix (RFC 4486 §4): restart-features.ts. */
  private readonly restart: RestartFeatures;
  private readonly flushes: FlushScheduler;
  /** shutdown, enable, reset, soft reset, drain: peer-operations.ts. */
  private readonly operations: PeerOperations;
  /** Opened with the first BFD-enabled peer, so a speaker without BFD binds no UDP port. */
  private bfdService: BfdService | undefined;
  private readonly findings: UpdateFindings;
  /** Sessions → RIB: session-events.ts. */
  private readonly events: SessionEvents;

  constructor(
    readonly options: SpeakerOptions,
    private readonly clock: Clock = systemClock,
    private readonly log: Logger = nullLogger,
  ) {
    this.rib = new Rib({ localAs: options.localAs, routerId: options.routerId });
    this.restart = new RestartFeatures(options, this.rib, clock, log, () => this.scheduleFlush());
    this.findings = new UpdateFindings(log);
    this.flushes = new FlushScheduler({
      rib: this.rib,
      log,
      advertising: () => this.restart.advertising,
      sessions: () => [...this.peers.values()].map((e) => e.session),
    });
    this.operations = new PeerOperations({
      rib: this.rib,
      entry: (address) => this.entry(address),
      entries: () => this.peers.values(),
      reconfigure: (entry) => this.reconfigure(entry),
      scheduleFlush: () => this.scheduleFlush(),
    });
    this.events = sessionEvents({
      rib: this.rib,
      restart: this.restart,
      findings: this.findings,
      log,
      localAs: options.localAs,
      peer: (id) => this.peers.get(id),
      ribOptions: (entry, facts) => this.ribOptions(entry, facts),
      dropFromRib: (id) => this.dropFromRib(id),
      forgetDynamic: (session) => this.forgetDynamic(session),
      answerRouteRefresh: (session, message) => this.operations.answerRouteRefresh(session, message),
      scheduleFlush: () => this.scheduleFlush(),
    });
    this.listener = new BgpListener((address, socket) => {
      const entry = this.peers.get(peerIdOfRemote(address)) ?? this.acceptDynamic(address);
      return entry !== undefined && entry.session.incoming(socket);
    }, log);
    for (const range of options.dynamicPeers ?? [])
      secureListener(this.listener, range.template ?? {}, range);
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
    this.flushes.stop();
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
    const id = entryId(config.address, config.interface);
    if (this.peers.has(id)) throw new SpeakerError('DUPLICATE_PEER', `peer ${id} is already configured`);
    const policies = compilePeerPolicies(config); // a bad policy fails here, before any session starts
    const bfdConfig = config.bfd?.enabled === true ? bfdConfigOf(config.bfd) : undefined;
    if (bfdConfig !== undefined) checkBfdConfig(bfdConfig, `peer ${id}`);
    const session = new PeerSession(
      peerSessionConfig(this.options, config, this.restart, dynamic),
      this.clock,
      this.log,
      this.events,
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
    if (dynamic === undefined) secureListener(this.listener, config);
    session.start();
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
    this.operations.shutdown(address, message);
  }

  enablePeer(address: IpAddress): void {
    this.operations.enable(address);
  }

  /** Hard reset: Cease 6/4 Administrative Reset with the message, then a new session. */
  resetPeer(address: IpAddress, message = ''): void {
    this.operations.reset(address, message);
  }

  /** Soft reset without dropping the session: import again ('in', plus ROUTE-REFRESH), or resend ('out'). */
  softReset(address: IpAddress, direction: SoftResetDirection): void {
    this.operations.softReset(address, direction);
  }

  /**
   * RFC 8326 graceful shutdown drain towards one peer or all: our routes are advertised again with
   * GRACEFUL_SHUTDOWN (and LOCAL_PREF 0 to iBGP) so peers move to other paths before a shutdown.
   * `on: false` ends the drain. Returns the peers it applies to.
   */
  drain(options: { readonly peer?: IpAddress; readonly on?: boolean } = {}): string[] {
    return this.operations.drain(options);
  }

  removePeer(address: IpAddress, iface?: string): void {
    const entry = findEntry(this.peers, address, iface);
    const id = entry.session.id;
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
    const ctx = {
      rib: this.rib,
      localAs: this.options.localAs,
      ebgpRequiresPolicy: this.rfc8212,
      findings: this.findings,
      restart: this.restart,
    };
    return [...this.peers.values()].map((entry) => peerStatusOf(entry, ctx));
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
    return speakerExportReasons(this.rib, this.peers, query, originSource);
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
    return findEntry(this.peers, address, iface);
  }

  /** A connection from a listen range with no configured peer: a new dynamic peer, or none. */
  private acceptDynamic(remote: string): PeerEntry | undefined {
    const admitted = admittingRange(
      this.options.dynamicPeers ?? [],
      remote,
      (range) => [...this.peers.values()].filter((e) => e.dynamic === range).length,
    );
    if (admitted === undefined) return undefined;
    const { address, range } = admitted;
    this.log.info('dynamic peer', { peer: address.toString(), range: range.prefix.toString() });
    this.addPeer(dynamicPeerConfig(range, address), range);
    return this.peers.get(address.toString());
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

  private dropFromRib(id: string): void {
    if (!this.rib.hasPeer(id)) return;
    this.rib.removePeer(id);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    this.flushes.schedule();
  }
}
