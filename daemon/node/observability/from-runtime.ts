// NodeRuntime.snapshot() (daemon/node/runtime) → NodeSnapshot: the one place that knows both shapes.
// Desired peers (why each session exists) are joined with the speaker's live status by address; the
// counters the runtime does not keep (resyncs, kernel apply failures, first successful apply) are
// counted here from the runtime's events.
import type { MessageCountersStatus, NotificationCount } from '../../../bgp/session/index.js';
import type { PeerStatusWithCounts } from '../../../bgp/speaker/index.js';
import {
  BGP_SESSION_STATES,
  type BgpPeerType,
  type BgpSessionState,
  type EncapsulationStatus,
  type SyncStatus,
} from '../../../datastore/index.js';
import type { DesiredBgpPeer, RemoteRoutes } from '../calc/index.js';
import type { NodeRuntimeSnapshot } from '../runtime/node-runtime.js';
import type { IgnoredResource, NodeSnapshot, PeerCounters, PeerSnapshot } from './snapshot.js';

export class RuntimeSnapshotAdapter {
  private resyncs = 0;
  private kernelApplyErrors = 0;
  private programmedOnce = false;
  private lastSync: SyncStatus | undefined;

  constructor(
    private readonly info: { readonly version: string; readonly startedAtMs: number },
    private readonly wallNow: () => number = Date.now,
  ) {}

  /** From the runtime's 'sync-status' event: a resync after in-sync is a re-list. */
  onSyncStatus(status: SyncStatus): void {
    if (status === 'resync' && this.lastSync === 'in-sync') this.resyncs += 1;
    this.lastSync = status;
  }

  /** From the runtime's 'kernel-apply' event. */
  onKernelApply(last: { readonly error?: string }): void {
    if (last.error === undefined) this.programmedOnce = true;
    else this.kernelApplyErrors += 1;
  }

  snapshot(r: NodeRuntimeSnapshot): NodeSnapshot {
    const now = this.wallNow();
    const kernel = r.kernel;
    if (kernel.lastApply !== undefined && kernel.lastApply.error === undefined && kernel.applies > 0)
      this.programmedOnce = true;
    const desiredBgp = r.desired.bgp;
    const status = new Map(r.peers.map((p) => [p.peer, p]));
    const lastApplyError = kernel.lastApply?.error ?? r.policy.last?.error;
    const lastApplyAtMs = Math.max(kernel.lastApply?.atMs ?? -1, r.policy.last?.atMs ?? -1);
    const sync = r.sync.status;
    const connection = r.datastore.connection;
    return {
      nodeName: r.nodeName,
      version: this.info.version,
      startedAtMs: this.info.startedAtMs,
      datastore: {
        // The probe knows (an outage leaves the syncer in sync); without one, the syncer's status.
        connected: connection?.connected ?? (sync !== 'wait-for-datastore' && sync !== 'not-started'),
        ...(connection?.sinceMs === undefined ? {} : { connectedSinceMs: connection.sinceMs }),
        ...(connection?.error === undefined ? {} : { connectionError: connection.error }),
        ...(connection?.lastOutage === undefined ? {} : { lastOutage: connection.lastOutage }),
        inSync: sync === 'in-sync',
        resyncs: this.resyncs,
        ...(r.datastore.lagSec === undefined ? {} : { lagSec: r.datastore.lagSec }),
      },
      ignoredResources: r.rejectedResources.map(ignored),
      ...(r.bgp.enabled && desiredBgp !== undefined
        ? {
            bgp: {
              routerId: desiredBgp.routerId,
              asNumber: desiredBgp.localAsNumber,
              peers: desiredBgp.peers.map((peer) => peerSnapshot(peer, status.get(peer.address), now)),
            },
          }
        : {}),
      routes: {
        localBlocks: r.desired.originated?.blocks ?? [],
        programmed: kernel.reconciler.inSync,
        unroutableBlocks: (r.desired.remote?.unroutable ?? []).map((b) => ({ ...b })),
      },
      dataplane: {
        programmed: this.programmedOnce && kernel.gateOpen,
        encapsulation: encapsulationOf(r.desired.remote),
        ...(lastApplyError === undefined ? {} : { lastApplyError }),
        // Both appliers stamp with Date.now(): wall-clock already.
        ...(lastApplyAtMs < 0 ? {} : { lastApplyAtMs }),
        applyErrors: this.kernelApplyErrors + r.policy.failures,
        driftRepairs: {
          ...kernel.reconciler.driftRepairs,
          ...(r.policy.enabled ? { 'nft-table': r.policy.driftRepairs } : {}),
        },
        ...(r.policy.nftRules === undefined ? {} : { nftRules: r.policy.nftRules }),
        ...(r.encap.ipip === 'unsupported'
          ? {
              unsupportedEncapsulations: [
                { encapsulation: 'ipip', pools: r.encap.ipipPools ?? [], message: r.encap.ipipError ?? '' },
              ],
            }
          : {}),
      },
    };
  }
}

function ignored(rejected: { readonly key: string; readonly issues: readonly string[] }): IgnoredResource {
  // Sync keys are `Kind/name` or `Kind/namespace/name` (datastore/syncer syncKey).
  const [kind = '?', ...rest] = rejected.key.split('/');
  const name = rest.pop() ?? '?';
  return {
    kind,
    name,
    ...(rest.length > 0 ? { namespace: rest.join('/') } : {}),
    reason: rejected.issues.join('; '),
  };
}

function peerType(peer: DesiredBgpPeer): BgpPeerType {
  if (peer.origin.kind === 'node-to-node-mesh') return 'NodeMesh';
  return peer.origin.scope === 'global' ? 'GlobalPeer' : 'NodePeer';
}

function sessionState(state: string | undefined): BgpSessionState {
  return (BGP_SESSION_STATES as readonly string[]).includes(state ?? '')
    ? (state as BgpSessionState)
    : 'Idle';
}

function peerSnapshot(
  peer: DesiredBgpPeer,
  live: PeerStatusWithCounts | undefined,
  nowMs: number,
): PeerSnapshot {
  const counts = Object.values(live?.prefixes ?? {});
  const sum = (key: 'received' | 'accepted' | 'advertised') =>
    counts.reduce((n, c) => n + (c?.[key] ?? 0), 0);
  const state = sessionState(live?.state);
  const gr = live?.gracefulRestart;
  return {
    address: peer.address,
    type: peerType(peer),
    ...(peer.origin.kind === 'bgp-peer' ? { bgpPeer: peer.origin.name } : {}),
    ...(peer.remoteNode === undefined ? {} : { remoteNode: peer.remoteNode }),
    peerAs: live?.peerAs ?? peer.asNumber,
    state,
    // The speaker knows since when a session is Established (uptime), not when other states began.
    ...(state === 'Established' && live?.uptimeSec !== undefined
      ? { stateSinceMs: nowMs - live.uptimeSec * 1000 }
      : {}),
    ...(live?.lastError === undefined ? {} : { lastError: live.lastError }),
    prefixesReceived: sum('received'),
    prefixesAccepted: sum('accepted'),
    prefixesAdvertised: sum('advertised'),
    ...(gr === undefined
      ? {}
      : {
          gracefulRestart: !gr.enabled
            ? 'off'
            : gr.helper !== undefined
              ? `on, peer ${gr.helper.state} (stale routes kept)`
              : 'on',
        }),
    ...(live?.bfd === undefined ? {} : { bfd: live.bfd.state }),
    ...(live?.messages === undefined ? {} : { counters: counters(live.messages) }),
  };
}

function counters(messages: MessageCountersStatus): PeerCounters {
  const words = (n: NotificationCount) => ({ code: n.code, subcode: n.subcode, count: n.count });
  return {
    updatesReceived: messages.updatesReceived,
    updatesSent: messages.updatesSent,
    notificationsSent: messages.notificationsSent.map(words),
    notificationsReceived: messages.notificationsReceived.map(words),
  };
}

function encapsulationOf(remote: RemoteRoutes | undefined): EncapsulationStatus {
  const kinds = new Set((remote?.routes ?? []).map((r) => r.encapsulation));
  if (kinds.size === 0) return 'None';
  if (kinds.size > 1) return 'Mixed';
  const [only] = kinds;
  switch (only) {
    case 'ipip':
      return 'IPIP';
    case 'vxlan':
      return 'VXLAN';
    case 'wireguard':
      return 'WireGuard';
    default:
      return 'None';
  }
}
