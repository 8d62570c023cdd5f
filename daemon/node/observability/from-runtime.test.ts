// The runtime → snapshot join, on hand-made runtime snapshots (the lab test runs it on a real one).
import { expect } from 'chai';

import type { NodeRuntimeSnapshot } from '../runtime/node-runtime.js';
import { RuntimeSnapshotAdapter } from './from-runtime.js';

const NOW = Date.parse('2026-11-26T10:00:00Z');

function runtimeSnapshot(
  extra: Partial<Record<keyof NodeRuntimeSnapshot, unknown>> = {},
): NodeRuntimeSnapshot {
  return {
    nodeName: 'n1',
    ready: true,
    restarting: false,
    sync: { status: 'in-sync', inSyncOnce: true },
    rejectedResources: [{ key: 'BGPPeer/tor-b', issues: ['spec.asNumber: is required'] }],
    bgp: { enabled: true, running: true, selectionDeferred: false },
    peers: [
      {
        peer: '10.0.1.1',
        state: 'Established',
        peerAs: 65000,
        uptimeSec: 90,
        lastError: undefined,
        prefixes: {
          'ipv4-unicast': { received: 3, accepted: 2, advertised: 1 },
          'ipv6-unicast': { received: 1, accepted: 1, advertised: 1 },
        },
        gracefulRestart: { enabled: true, helper: { state: 'refreshing' } },
        bfd: { state: 'Up' },
        messages: {
          updatesReceived: 7,
          updatesSent: 3,
          notificationsSent: [],
          notificationsReceived: [
            { code: 'Cease', subcode: 'Administrative Reset', codeNumber: 6, subcodeNumber: 4, count: 2 },
          ],
        },
      },
      { peer: '10.0.1.12', state: 'Active', peerAs: 64512, lastError: 'connect ECONNREFUSED', prefixes: {} },
    ],
    kernel: {
      reconciler: { inSync: 4, driftRepairs: { deleted: 1, changed: 0, replaced: 0, added: 0 } },
      gateOpen: true,
      applies: 2,
      lastApply: { atMs: NOW - 1_000 },
    },
    encap: { vxlan: true, vxlan6: false, wireguard: 'off', ipip: 'off', routes: 1, failures: 0 },
    policy: {
      enabled: true,
      applies: 1,
      failures: 1,
      nftRules: 17,
      driftRepairs: 2,
      last: { atMs: NOW - 5_000, error: 'nft: syntax error' },
    },
    datastore: { connection: { connected: false, sinceMs: NOW - 3_000, error: 'etcd down' }, lagSec: 0.25 },
    desired: {
      bgp: {
        localAsNumber: 64512,
        routerId: '10.0.1.11',
        listenPort: 179,
        peers: [
          {
            address: '10.0.1.1',
            asNumber: 65000,
            origin: { kind: 'bgp-peer', name: 'tor', scope: 'global' },
          },
          { address: '10.0.1.12', asNumber: 64512, remoteNode: 'n2', origin: { kind: 'node-to-node-mesh' } },
          { address: '10.0.1.13', asNumber: 64512, remoteNode: 'n3', origin: { kind: 'node-to-node-mesh' } },
        ],
      },
      originated: { blocks: ['10.244.1.0/26'], borrowed: [], services: [] },
      remote: {
        routes: [{ cidr: '10.244.2.0/26', node: 'n2', nextHop: '10.0.1.12', encapsulation: 'vxlan' }],
        vteps: [],
        wireguardPeers: [],
        unroutable: [{ cidr: '10.244.3.0/26', node: 'n3', reason: 'no IPv4 address' }],
      },
    },
    ...extra,
  } as unknown as NodeRuntimeSnapshot;
}

describe('RuntimeSnapshotAdapter', () => {
  it('joins desired peers (why) with live sessions (how), by address', () => {
    const s = new RuntimeSnapshotAdapter({ version: '1.2.3', startedAtMs: NOW - 60_000 }, () => NOW).snapshot(
      runtimeSnapshot(),
    );
    expect(s.bgp?.routerId).to.equal('10.0.1.11');
    expect(s.bgp?.peers).to.deep.equal([
      {
        address: '10.0.1.1',
        type: 'GlobalPeer',
        bgpPeer: 'tor',
        peerAs: 65000,
        state: 'Established',
        stateSinceMs: NOW - 90_000,
        prefixesReceived: 4,
        prefixesAccepted: 3,
        prefixesAdvertised: 2,
        gracefulRestart: 'on, peer refreshing (stale routes kept)',
        bfd: 'Up',
        counters: {
          updatesReceived: 7,
          updatesSent: 3,
          notificationsSent: [],
          notificationsReceived: [{ code: 'Cease', subcode: 'Administrative Reset', count: 2 }],
        },
      },
      {
        address: '10.0.1.12',
        type: 'NodeMesh',
        remoteNode: 'n2',
        peerAs: 64512,
        state: 'Active',
        lastError: 'connect ECONNREFUSED',
        prefixesReceived: 0,
        prefixesAccepted: 0,
        prefixesAdvertised: 0,
      },
      // Desired but not (yet) known to the speaker: Idle, not missing.
      {
        address: '10.0.1.13',
        type: 'NodeMesh',
        remoteNode: 'n3',
        peerAs: 64512,
        state: 'Idle',
        prefixesReceived: 0,
        prefixesAccepted: 0,
        prefixesAdvertised: 0,
      },
    ]);
  });

  it('maps datastore, ignored resources, routes and dataplane', () => {
    const adapter = new RuntimeSnapshotAdapter({ version: '1.2.3', startedAtMs: NOW - 60_000 }, () => NOW);
    adapter.onSyncStatus('in-sync');
    adapter.onSyncStatus('resync');
    adapter.onSyncStatus('in-sync');
    adapter.onKernelApply({ error: 'netlink: EBUSY' });
    const s = adapter.snapshot(runtimeSnapshot());
    // The probe says disconnected while the syncer is still in sync (an outage keeps the last data).
    expect(s.datastore).to.deep.equal({
      connected: false,
      connectedSinceMs: NOW - 3_000,
      connectionError: 'etcd down',
      inSync: true,
      resyncs: 1,
      lagSec: 0.25,
    });
    expect(s.ignoredResources).to.deep.equal([
      { kind: 'BGPPeer', name: 'tor-b', reason: 'spec.asNumber: is required' },
    ]);
    expect(s.routes).to.deep.equal({
      localBlocks: ['10.244.1.0/26'],
      programmed: 4,
      unroutableBlocks: [{ cidr: '10.244.3.0/26', node: 'n3', reason: 'no IPv4 address' }],
    });
    expect(s.dataplane).to.deep.equal({
      programmed: true,
      encapsulation: 'VXLAN',
      lastApplyError: 'nft: syntax error',
      lastApplyAtMs: NOW - 1_000,
      applyErrors: 2,
      driftRepairs: { deleted: 1, changed: 0, replaced: 0, added: 0, 'nft-table': 2 },
      nftRules: 17,
    });
  });

  it('is not connected while waiting for the datastore, and not programmed before the gate opens', () => {
    const s = new RuntimeSnapshotAdapter({ version: 'x', startedAtMs: NOW }, () => NOW).snapshot(
      runtimeSnapshot({
        sync: { status: 'wait-for-datastore', inSyncOnce: false },
        kernel: { reconciler: { inSync: 0 }, gateOpen: false, applies: 0, lastApply: undefined },
        bgp: { enabled: false, running: false, selectionDeferred: false },
        // A source that does not probe: the syncer's status decides.
        datastore: {},
      }),
    );
    expect(s.datastore.connected).to.equal(false);
    expect(s.dataplane.programmed).to.equal(false);
    expect(s.bgp).to.equal(undefined);
  });

  it('reports an encapsulation the kernel lacks (IP-in-IP) with its pools and message', () => {
    const adapter = new RuntimeSnapshotAdapter({ version: '1', startedAtMs: NOW }, () => NOW);
    expect(adapter.snapshot(runtimeSnapshot()).dataplane.unsupportedEncapsulations).to.equal(undefined);
    const message = 'IPPool tunnel asks for IP-in-IP, but this kernel has no IP-in-IP support.';
    const s = adapter.snapshot(
      runtimeSnapshot({
        encap: {
          vxlan: false,
          vxlan6: false,
          wireguard: 'off',
          ipip: 'unsupported',
          ipipPools: ['tunnel'],
          ipipError: message,
          routes: 0,
          failures: 0,
        },
      }),
    );
    expect(s.dataplane.unsupportedEncapsulations).to.deep.equal([
      { encapsulation: 'ipip', pools: ['tunnel'], message },
    ]);
  });
});
