// A node snapshot for tests: a rack with two ToR sessions (one BGPPeer) and two mesh peers.
import type { NodeSnapshot, PeerSnapshot } from '../snapshot.js';

export const T0 = Date.parse('2026-11-26T10:00:00Z');

export function peer(address: string, extra: Partial<PeerSnapshot> = {}): PeerSnapshot {
  return {
    address,
    type: 'NodeMesh',
    peerAs: 64512,
    state: 'Established',
    stateSinceMs: T0 - 60_000,
    prefixesReceived: 1,
    prefixesAccepted: 1,
    prefixesAdvertised: 1,
    ...extra,
  };
}

export function snapshot(extra: Partial<NodeSnapshot> = {}): NodeSnapshot {
  return {
    nodeName: 'node-1',
    version: '0.1.0-test',
    startedAtMs: T0 - 3_600_000,
    datastore: { connected: true, inSync: true, resyncs: 2 },
    ignoredResources: [],
    bgp: {
      routerId: '10.0.1.1',
      asNumber: 64512,
      peers: [
        peer('10.0.1.254', {
          type: 'GlobalPeer',
          bgpPeer: 'tor',
          peerAs: 65000,
          prefixesReceived: 5,
          prefixesAccepted: 3,
          prefixesAdvertised: 2,
        }),
        peer('10.0.1.253', {
          type: 'GlobalPeer',
          bgpPeer: 'tor',
          peerAs: 65000,
          state: 'Active',
          stateSinceMs: T0 - 5_000,
          lastError: 'connection refused',
        }),
        peer('10.0.2.1', { remoteNode: 'node-2' }),
        peer('10.0.3.1', { remoteNode: 'node-3' }),
      ],
    },
    routes: { localBlocks: ['10.65.1.0/26', '10.65.1.64/26'], programmed: 12, unroutableBlocks: [] },
    dataplane: {
      programmed: true,
      encapsulation: 'VXLAN',
      vtepMac: '66:77:88:99:aa:bb',
      applyErrors: 1,
      driftRepairs: { deleted: 2, changed: 1, replaced: 0, added: 0 },
      nftRules: 42,
    },
    ...extra,
  };
}
