// Prometheus metrics of twill-node, all named `twill_*`, read from one snapshot per scrape: update()
// sets every series from the snapshot, then the registry renders the text format. Nothing is cached
// between scrapes, so a peer that went away disappears from the next scrape. README.md maps these to
// the names operators already alert on (MetalLB, Cilium, kube-router).
import { Counter, Gauge, Registry } from 'prom-client';

import { BGP_SESSION_STATES } from '../../../datastore/index.js';
import { evaluateReadiness } from './readiness.js';
import type { SessionTransitions } from './session-transitions.js';
import type { NodeSnapshot } from './snapshot.js';

export class NodeMetrics {
  readonly registry = new Registry();
  private readonly gauges: Gauge[] = [];
  private readonly counters: Counter[] = [];

  private readonly buildInfo = this.gauge('twill_build_info', 'Always 1; the version in a label.', [
    'version',
  ]);
  private readonly ready = this.gauge(
    'twill_node_ready',
    '1 when /readyz answers ready (see README "Readiness").',
  );
  private readonly peerInfo = this.gauge(
    'twill_bgp_peer_info',
    'Always 1 per configured BGP peer; its type, BGPPeer, remote node and AS in labels.',
    ['peer', 'peer_type', 'bgp_peer', 'remote_node', 'peer_as'],
  );
  private readonly sessionUp = this.gauge(
    'twill_bgp_session_up',
    '1 when the session is Established, else 0.',
    ['peer', 'peer_type'],
  );
  private readonly sessionState = this.gauge(
    'twill_bgp_session_state',
    'One series per RFC 4271 state; 1 for the state the session is in.',
    ['peer', 'state'],
  );
  private readonly establishedSeconds = this.gauge(
    'twill_bgp_session_established_seconds',
    'Seconds since the session reached Established; 0 when it is not.',
    ['peer'],
  );
  private readonly flaps = this.counter(
    'twill_bgp_session_flaps_total',
    'Times the session left Established since twill-node started.',
    ['peer'],
  );
  private readonly prefixes = this.gauge(
    'twill_bgp_prefixes',
    'Prefixes per peer: received (Adj-RIB-In), accepted (after import policy), advertised (Adj-RIB-Out).',
    ['peer', 'direction'],
  );
  private readonly updates = this.counter('twill_bgp_updates_total', 'UPDATE messages, by direction.', [
    'peer',
    'direction',
  ]);
  private readonly notifications = this.counter(
    'twill_bgp_notifications_total',
    'NOTIFICATION messages by direction, RFC 4271 §4.5 error code and subcode (RFC 4486 for Cease), in words.',
    ['peer', 'direction', 'code', 'subcode'],
  );
  private readonly routesProgrammed = this.gauge(
    'twill_routes_programmed',
    'Routes Twill has in the kernel route table.',
  );
  private readonly unroutableBlocks = this.gauge(
    'twill_unroutable_blocks',
    'Remote blocks that cannot be routed yet (no address of their family).',
  );
  private readonly nftRules = this.gauge(
    'twill_dataplane_nft_rules',
    "Rules in Twill's nftables table after the last successful apply.",
  );
  private readonly applyErrors = this.counter(
    'twill_dataplane_apply_errors_total',
    'Dataplane applies that failed.',
  );
  private readonly driftRepairs = this.counter(
    'twill_dataplane_drift_repairs_total',
    'Kernel routes (kind deleted/changed/replaced/added) or the nftables table (nft-table) of ours changed by someone else and put back.',
    ['kind'],
  );
  private readonly encapUnsupported = this.gauge(
    'twill_encapsulation_unsupported',
    '1 while a pool asks for this encapsulation and the kernel cannot provide it (its remote blocks are not routed).',
    ['encapsulation'],
  );
  private readonly ignored = this.gauge(
    'twill_datastore_resources_ignored',
    'Datastore resources ignored because they failed validation.',
  );
  private readonly datastoreConnected = this.gauge(
    'twill_datastore_connected',
    '1 when connected to the datastore (or typha).',
  );
  private readonly datastoreInSync = this.gauge('twill_datastore_in_sync', '1 when the syncer is in sync.');
  private readonly resyncs = this.counter('twill_datastore_resyncs_total', 'Full re-lists of the datastore.');
  private readonly lag = this.gauge(
    'twill_datastore_lag_seconds',
    'Seconds from the syncer delivering a batch of updates to the dataplane work it caused being done (README).',
  );

  constructor(private readonly transitions: SessionTransitions) {}

  /** Sets every series from one snapshot; called at scrape time. */
  update(snapshot: NodeSnapshot, nowWallMs: number): void {
    for (const metric of [...this.gauges, ...this.counters]) metric.reset();
    this.buildInfo.set({ version: snapshot.version }, 1);
    this.ready.set(evaluateReadiness(snapshot).ready ? 1 : 0);
    const peers = snapshot.bgp?.peers ?? [];
    for (const p of peers) {
      const peer = p.address;
      this.transitions.record(peer, p.state);
      this.peerInfo.set(
        {
          peer,
          peer_type: p.type,
          bgp_peer: p.bgpPeer ?? '',
          remote_node: p.remoteNode ?? '',
          peer_as: p.peerAs,
        },
        1,
      );
      const up = p.state === 'Established';
      this.sessionUp.set({ peer, peer_type: p.type }, up ? 1 : 0);
      for (const state of BGP_SESSION_STATES)
        this.sessionState.set({ peer, state }, state === p.state ? 1 : 0);
      const since = up && p.stateSinceMs !== undefined ? Math.max(0, (nowWallMs - p.stateSinceMs) / 1000) : 0;
      this.establishedSeconds.set({ peer }, Math.floor(since));
      this.flaps.inc({ peer }, this.transitions.flaps(peer));
      this.prefixes.set({ peer, direction: 'received' }, p.prefixesReceived);
      this.prefixes.set({ peer, direction: 'accepted' }, p.prefixesAccepted);
      this.prefixes.set({ peer, direction: 'advertised' }, p.prefixesAdvertised);
      if (p.counters !== undefined) {
        this.updates.inc({ peer, direction: 'received' }, p.counters.updatesReceived);
        this.updates.inc({ peer, direction: 'sent' }, p.counters.updatesSent);
        for (const n of p.counters.notificationsSent)
          this.notifications.inc({ peer, direction: 'sent', code: n.code, subcode: n.subcode }, n.count);
        for (const n of p.counters.notificationsReceived)
          this.notifications.inc({ peer, direction: 'received', code: n.code, subcode: n.subcode }, n.count);
      }
    }
    this.transitions.retain(new Set(peers.map((p) => p.address)));
    const { routes, dataplane, datastore } = snapshot;
    this.routesProgrammed.set(routes.programmed);
    this.unroutableBlocks.set(routes.unroutableBlocks.length);
    if (dataplane.nftRules !== undefined) this.nftRules.set(dataplane.nftRules);
    this.applyErrors.inc(dataplane.applyErrors);
    for (const [kind, n] of Object.entries(dataplane.driftRepairs ?? {})) this.driftRepairs.inc({ kind }, n);
    for (const u of dataplane.unsupportedEncapsulations ?? [])
      this.encapUnsupported.set({ encapsulation: u.encapsulation }, 1);
    this.ignored.set(snapshot.ignoredResources.length);
    this.datastoreConnected.set(datastore.connected ? 1 : 0);
    this.datastoreInSync.set(datastore.inSync ? 1 : 0);
    this.resyncs.inc(datastore.resyncs);
    if (datastore.lagSec !== undefined) this.lag.set(datastore.lagSec);
  }

  /** The Prometheus text format (version 0.0.4). */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private gauge<T extends string>(name: string, help: string, labelNames: readonly T[] = []): Gauge<T> {
    const gauge = new Gauge<T>({ name, help, labelNames, registers: [this.registry] });
    this.gauges.push(gauge as unknown as Gauge);
    return gauge;
  }

  private counter<T extends string>(name: string, help: string, labelNames: readonly T[] = []): Counter<T> {
    const counter = new Counter<T>({ name, help, labelNames, registers: [this.registry] });
    this.counters.push(counter as unknown as Counter);
    return counter;
  }
}
