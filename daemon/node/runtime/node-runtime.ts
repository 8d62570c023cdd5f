// twill-node's runtime: datastore → validation → calculation graph → BGP speaker, kernel routes and the
// nftables policy table, with the restart contract (restart-gate.ts, restart-state.ts) and a small read
// API (snapshot(), events) for status, metrics and health (daemon/node/observability/).
//
//   Syncer ─► ValidatingConsumer ─► CalcGraph ─┬─► SpeakerAdapter (peers, originate, eBGP policy)
//                                             │        │ best paths
//                                             ├────────┴─► kernel-route-plan ─► RestartGate ─► reconciler
//                                             └─► PolicyTable (nftables, policy.enabled)
import { EventEmitter } from 'node:events';
import { dirname, join } from 'node:path';

import { tryParseIpAddress, type Logger } from '../../../common/index.js';
import type { BgpSpeaker, PeerStatusWithCounts } from '../../../bgp/speaker/index.js';
import type { Backend, SyncStatus } from '../../../datastore/index.js';
import { CALC_GRAPH_KINDS, CalcGraph, type AutodetectedAddresses } from '../calc/index.js';
import type { NodeConfig } from '../config/index.js';
import { autodetect } from './autodetect-kernel.js';
import { DatastoreLag } from './datastore-lag.js';
import type { DatastoreConnection } from './datastore-probe.js';
import { EncapStage, type EncapStageStatus } from './encap-stage.js';
import { EncapPublisher } from './encap-publisher.js';
import { KernelDataplane, type KernelDataplaneStatus } from './kernel-dataplane.js';
import { planKernelRoutes } from './kernel-route-plan.js';
import { LatestOutputs, type DesiredSnapshot } from './latest-outputs.js';
import { LearnedRoutes } from './learned-routes.js';
import { writeBackAddresses } from './node-writeback.js';
import { PolicyStage, type PolicyStageStats } from './policy-stage.js';
import { isReady } from './restart-gate.js';
import { peerPasswords, type PeerPasswords } from './peer-passwords.js';
import { SpeakerAdapter } from './speaker-adapter.js';
import type { SyncSource, SyncSourceFactory } from './sync-source.js';
import type { ServiceChange } from '../kube/service-index.js';
import { ValidatingConsumer, type RejectedResource, type RejectionListener } from './validating-consumer.js';

export interface NodeRuntimeSnapshot {
  readonly nodeName: string;
  readonly ready: boolean;
  readonly restarting: boolean;
  readonly sync: { readonly status: SyncStatus | 'not-started'; readonly inSyncOnce: boolean };
  readonly rejectedResources: readonly RejectedResource[];
  readonly bgp: { readonly enabled: boolean; readonly running: boolean; readonly selectionDeferred: boolean };
  readonly peers: readonly PeerStatusWithCounts[];
  readonly kernel: KernelDataplaneStatus;
  /** VXLAN / WireGuard: which devices are driven, how many routes they give, failures. */
  readonly encap: EncapStageStatus;
  readonly policy: PolicyStageStats;
  readonly desired: DesiredSnapshot;
  /** Reachability (when the source probes it) and the node's own lag (datastore-lag.ts). */
  readonly datastore: { readonly connection?: DatastoreConnection; readonly lagSec?: number };
}

/**
 * Events: 'ready' (once), 'sync-status' (SyncStatus), 'desired' (DesiredSnapshot), 'kernel-apply',
 * 'policy-apply', 'datastore-connection' (DatastoreConnection, when it flips).
 */
export class NodeRuntime extends EventEmitter {
  private readonly outputs = new LatestOutputs();
  private readonly learned = new LearnedRoutes();
  private readonly kernel: KernelDataplane;
  private readonly encap: EncapStage;
  private addressWriteBack: Promise<void> | undefined;
  private readonly encapPublisher: EncapPublisher;
  private readonly speaker: SpeakerAdapter | undefined;
  private readonly passwords: PeerPasswords;
  private readonly graph: CalcGraph;
  private readonly consumer: ValidatingConsumer;
  private syncer: SyncSource | undefined;
  private readonly policy: PolicyStage;
  private readonly lag: DatastoreLag;
  private syncStatus: SyncStatus | 'not-started' = 'not-started';
  private inSyncOnce = false;
  private ready = false;
  private restarting = false;
  private readyTimer: ReturnType<typeof setInterval> | undefined;
  private deadlineAtMs = Infinity;
  private autodetected: AutodetectedAddresses = {};
  private stopped = false;
  private localAddresses: string[] = [];

  constructor(
    private readonly config: NodeConfig,
    /** Where resources come from (a Syncer over the backend, or typha). */
    private readonly source: SyncSourceFactory,
    /** For writing this node's own facts back (its address); undefined with typha (read-only). */
    private readonly backend: Backend | undefined,
    private readonly log: Logger,
    restarting: boolean,
  ) {
    super();
    this.restarting = restarting;
    this.kernel = new KernelDataplane({
      table: config.dataplane.routeTable,
      protocol: config.dataplane.routeProtocol,
      log: log.child({ component: 'routes' }),
    });
    this.kernel.onApply((last) => this.emit('kernel-apply', last));
    // Next to the restart marker, so it survives a restart of the daemon (a reboot makes a new one).
    const wireguardKeyFile = join(dirname(config.restart.stateFile), `${config.nodeName}.wireguard.key`);
    this.encapPublisher = new EncapPublisher({
      nodeName: config.nodeName,
      backend,
      wireguardKeyFile,
      log,
      addressWriteBack: () => this.addressWriteBack,
    });
    this.encap = new EncapStage({
      nodeName: config.nodeName,
      vxlanVni: config.dataplane.vxlanVni,
      vxlanPort: config.dataplane.vxlanPort,
      wireguardListenPort: config.dataplane.wireguardListenPort,
      wireguardKeyFile,
      wireguardSocketDir: config.dataplane.wireguardSocketDir,
      log: log.child({ component: 'encap' }),
      onApplied: (inputs) => {
        this.planRoutes();
        this.encapPublisher.publish(inputs);
      },
    });
    this.passwords = peerPasswords(config, log.child({ component: 'secrets' }));
    this.speaker = config.bgp.enabled
      ? new SpeakerAdapter({
          log: log.child({ component: 'bgp' }),
          gracefulRestartTimeSec: config.bgp.gracefulRestartTimeSec,
          forwardingPreserved: restarting,
          passwords: this.passwords,
          onBestPaths: (changes) => {
            this.learned.apply(changes);
            this.planRoutes();
          },
          onSpeaker: () => {
            // A new speaker has learned nothing yet: the old one's routes leave the plan (the restart
            // gate does not hold them; its peers re-advertise within seconds).
            this.learned.clear();
            this.planRoutes();
          },
        })
      : undefined;
    this.policy = new PolicyStage({
      enabled: config.policy.enabled,
      failsafeInboundPorts: config.policy.failsafeInboundPorts,
      log: log.child({ component: 'policy' }),
      isLatest: (policy) => this.outputs.latest().policy === policy,
      onApply: (last) => this.emit('policy-apply', last),
    });
    this.lag = new DatastoreLag(async () => {
      await Promise.all([this.kernel.settled(), this.policy.settled()]);
    });
    this.graph = new CalcGraph({
      nodeName: config.nodeName,
      defaultListenPort: config.bgp.listenPort,
      outputs: this.outputs.tap({
        onIdentityUpdate: (identity) => {
          this.localAddresses = [identity.ipv4?.address, identity.ipv6?.address].flatMap((a) => a ?? []);
          this.encap.setLocalAddresses(
            tryParseIpAddress(identity.ipv4?.address ?? ''),
            tryParseIpAddress(identity.ipv6?.address ?? ''),
          );
          this.changed();
        },
        onBgpUpdate: (bgp) => {
          void this.speaker?.setDesired(bgp);
          this.changed();
        },
        onOriginatedPrefixesUpdate: (originated) => {
          void this.speaker?.setOriginated([
            ...originated.blocks,
            ...originated.borrowed,
            ...originated.services,
          ]);
          this.speakerPolicyInputs();
          this.planRoutes();
          this.changed();
        },
        onRemoteRoutesUpdate: (remote) => {
          for (const u of remote.unroutable)
            this.log.warn('remote block not routable', { block: u.cidr, node: u.node, reason: u.reason });
          this.encap.setRemote(remote);
          this.planRoutes();
          this.changed();
        },
        onPolicyUpdate: (policy) => {
          this.speakerPolicyInputs();
          this.policy.sync(policy);
          this.changed();
        },
      }),
    });
    this.consumer = new ValidatingConsumer(
      {
        onStatus: (status) => {
          this.syncStatus = status;
          if (status === 'in-sync' && !this.inSyncOnce) {
            this.inSyncOnce = true;
            log.info('datastore in sync');
            this.addressWriteBack = this.writeBack();
          }
          this.graph.onStatus(status);
          this.emit('sync-status', status);
          this.checkReady();
        },
        onUpdates: (updates) => {
          const receivedAtMs = Date.now();
          this.graph.onUpdates(updates);
          this.lag.received(receivedAtMs);
        },
      },
      log.child({ component: 'datastore' }),
    );
  }

  /** Starts everything; resolves once the syncer runs (not when in sync: see the 'ready' event). */
  async start(): Promise<void> {
    const preserved = await this.kernel.adoptPreserved();
    if (preserved > 0) this.restarting = true;
    this.log.info('starting', {
      restarting: this.restarting,
      preservedRoutes: preserved,
      gracefulRestartTimeSec: this.config.bgp.gracefulRestartTimeSec,
    });
    const { addresses, selections } = await autodetect(this.config.autodetection);
    for (const s of selections)
      if (s.kind === 'found')
        this.log.info('address autodetected', { method: s.method, cidr: s.cidr, interface: s.interface });
      else if (s.method !== 'none')
        this.log.warn('address autodetection found nothing', { method: s.method, reason: s.reason });
    this.autodetected = addresses;
    this.graph.setAutodetected(addresses);
    this.policy.start();
    this.deadlineAtMs = Date.now() + this.config.bgp.gracefulRestartTimeSec * 1000;
    this.readyTimer = setInterval(() => this.checkReady(), 500);
    this.syncer = this.source(this.consumer, CALC_GRAPH_KINDS, (connection) =>
      this.emit('datastore-connection', connection),
    );
    this.syncer.start();
  }

  /** Service inputs from the Kubernetes Service/EndpointSlice watcher (daemon/node/kube), one batch. */
  applyServiceChanges(changes: readonly ServiceChange[]): void {
    this.graph.onServiceChanges(
      changes.flatMap((c) => (c.type === 'update' ? [c.input] : [])),
      changes.flatMap((c) => (c.type === 'remove' ? [c] : [])),
    );
  }

  /** Every resource validation refuses (for Kubernetes Events, daemon/node/kube). */
  onRejectedResource(listener: RejectionListener): void {
    this.consumer.rejectionListeners.add(listener);
  }

  /** The running speaker (for the control socket's bgp.* methods). */
  currentSpeaker(): BgpSpeaker | undefined {
    return this.speaker?.current;
  }

  desired(): DesiredSnapshot {
    return this.outputs.latest();
  }

  kernelRoutes(): ReturnType<KernelDataplane['kernelRoutes']> {
    return this.kernel.kernelRoutes();
  }

  snapshot(): NodeRuntimeSnapshot {
    const speaker = this.speaker?.current;
    return {
      nodeName: this.config.nodeName,
      ready: this.ready,
      restarting: this.restarting,
      sync: { status: this.syncStatus, inSyncOnce: this.inSyncOnce },
      rejectedResources: [...this.consumer.rejected.values()],
      bgp: {
        enabled: this.config.bgp.enabled,
        running: speaker !== undefined,
        selectionDeferred: speaker?.selectionDeferred ?? false,
      },
      peers: speaker?.peerStatus() ?? [],
      kernel: this.kernel.status(),
      encap: this.encap.status(),
      policy: this.policy.stats,
      desired: this.outputs.latest(),
      datastore: {
        ...(this.syncer?.connection === undefined ? {} : { connection: this.syncer.connection() }),
        ...optionalLag(this.lag.lagSec()),
      },
    };
  }

  /**
   * Stops reading and watching. Deliberately leaves kernel routes and the nftables table in place and
   * sends no NOTIFICATION: the sessions just close, so graceful-restart peers keep our routes.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.readyTimer !== undefined) clearInterval(this.readyTimer);
    this.policy.close();
    this.encapPublisher.close();
    await this.syncer?.stop();
    this.encap.close();
    this.kernel.close();
    this.passwords.stop();
  }

  private checkReady(): void {
    if (this.ready) return;
    const speaker = this.speaker?.current;
    const ready = isReady({
      datastoreInSync: this.inSyncOnce,
      bgpConverged: this.speaker === undefined || (speaker !== undefined && !speaker.selectionDeferred),
      deadlinePassed: Date.now() >= this.deadlineAtMs,
    });
    if (!ready) return;
    this.ready = true;
    if (this.readyTimer !== undefined) clearInterval(this.readyTimer);
    this.kernel.open();
    this.log.info('node ready', {
      datastoreInSync: this.inSyncOnce,
      byDeadline: !this.inSyncOnce || (speaker?.selectionDeferred ?? false),
      peers: speaker?.peerStatus().length ?? 0,
    });
    this.emit('ready');
  }

  private planRoutes(): void {
    const { originated, remote } = this.outputs.latest();
    this.kernel.setDesired([
      ...planKernelRoutes({
        originated,
        remote,
        learned: this.learned.values(),
        localAddresses: this.localAddresses,
      }),
      // Tunnelled blocks (left out of the plan above) through twill.vxlan / twill.wg.
      ...this.encap.routes(),
    ]);
  }

  private speakerPolicyInputs(): void {
    const { policy, originated } = this.outputs.latest();
    if (policy === undefined) return;
    void this.speaker?.setPolicyInputs(
      policy.pools.map((p) => p.cidr),
      originated?.services ?? [],
    );
  }

  private async writeBack(): Promise<void> {
    if (this.backend === undefined) {
      this.log.info('datastore is typha (read-only): the autodetected address is not written back');
      return;
    }
    try {
      await writeBackAddresses(this.backend, this.config.nodeName, this.autodetected, this.log);
    } catch {
      // logged there; the next start tries again
    }
  }

  private changed(): void {
    this.emit('desired', this.outputs.latest());
  }
}

function optionalLag(lagSec: number | undefined): { lagSec?: number } {
  return lagSec === undefined ? {} : { lagSec };
}
