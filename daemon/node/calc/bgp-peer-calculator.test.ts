import { expect } from 'chai';

import type { AnyResource } from '../../../datastore/index.js';
import { calculateBgp } from './bgp-peer-calculator.js';
import type { DesiredBgpPeer } from './desired-state.js';
import { calculateIdentity } from './local-identity-calculator.js';
import { indexOf } from './testing/index-of.js';
import { bgpConfiguration, bgpPeer, node } from './testing/resources.js';

function peersOf(me: string, ...resources: AnyResource[]): DesiredBgpPeer[] {
  const index = indexOf(...resources);
  return [...calculateBgp(index, calculateIdentity(index, me, {}), 179).peers];
}

const summary = (peers: DesiredBgpPeer[]): string[] =>
  peers.map(
    (peer) =>
      `${peer.address} AS${peer.asNumber} ${peer.origin.kind === 'bgp-peer' ? peer.origin.name : 'mesh'}`,
  );

const n1 = node('n1', { bgp: { ipv4Address: '10.0.0.1/24', ipv6Address: 'fd00::1/64' } }, { rack: 'r1' });
const n2 = node('n2', { bgp: { ipv4Address: '10.0.0.2/24', asNumber: 65002 } }, { rack: 'r1' });
const n3 = node('n3', { bgp: { ipv4Address: '10.0.1.3/24', ipv6Address: 'fd00::3/64' } }, { rack: 'r2' });

describe('bgp-peer-calculator', () => {
  it('meshes with every other node, per family both have, each with its own AS', () => {
    const peers = peersOf('n1', n1, n2, n3, bgpConfiguration('default', { asNumber: 65000 }));
    expect(summary(peers)).to.deep.equal([
      '10.0.0.2 AS65002 mesh',
      '10.0.1.3 AS65000 mesh',
      'fd00::3 AS65000 mesh',
    ]);
    expect(peers.find((p) => p.address === 'fd00::3')?.localAddress).to.equal('fd00::1');
    expect(peers.every((p) => p.remoteNode !== undefined && !p.routeReflectorClient)).to.equal(true);
  });

  it('has no mesh when BGPConfiguration default disables it', () => {
    expect(
      peersOf('n1', n1, n2, n3, bgpConfiguration('default', { nodeToNodeMeshEnabled: false })),
    ).to.deep.equal([]);
  });

  it('gives each rack its own ToR through nodeSelector, and global peers to every node', () => {
    const mesh = bgpConfiguration('default', { nodeToNodeMeshEnabled: false });
    const tors = [
      bgpPeer('tor-r1', { peerIP: '10.0.0.254', asNumber: 65101, nodeSelector: "rack == 'r1'" }),
      bgpPeer('tor-r2', { peerIP: '10.0.1.254', asNumber: 65102, nodeSelector: "rack == 'r2'" }),
      bgpPeer('route-server', { peerIP: '10.9.9.9', asNumber: 65200 }),
    ];
    expect(summary(peersOf('n1', n1, n2, n3, mesh, ...tors))).to.deep.equal([
      '10.0.0.254 AS65101 tor-r1',
      '10.9.9.9 AS65200 route-server',
    ]);
    expect(summary(peersOf('n3', n1, n2, n3, mesh, ...tors))).to.deep.equal([
      '10.0.1.254 AS65102 tor-r2',
      '10.9.9.9 AS65200 route-server',
    ]);
    const [tor] = peersOf('n1', n1, mesh, ...tors);
    expect(tor?.origin).to.deep.equal({ kind: 'bgp-peer', name: 'tor-r1', scope: 'node' });
    expect(tor?.remoteNode).to.equal(undefined);
  });

  it('builds route reflector topologies from peerSelector, marking clients on the reflector (RFC 4456)', () => {
    const rrSpec = (ip: string) => ({ bgp: { ipv4Address: ip, routeReflectorClusterID: '224.0.0.1' } });
    const rr1 = node('rr1', rrSpec('10.0.0.11/24'), { 'route-reflector': 'true' });
    const rr2 = node('rr2', rrSpec('10.0.0.12/24'), { 'route-reflector': 'true' });
    const resources = [
      n1,
      n2,
      rr1,
      rr2,
      bgpConfiguration('default', { nodeToNodeMeshEnabled: false }),
      bgpPeer('to-reflectors', { nodeSelector: 'all()', peerSelector: 'has(route-reflector)' }),
    ];
    const client = peersOf('n1', ...resources);
    expect(summary(client)).to.deep.equal([
      '10.0.0.11 AS64512 to-reflectors',
      '10.0.0.12 AS64512 to-reflectors',
    ]);
    expect(client.map((p) => p.routeReflectorClient)).to.deep.equal([false, false]);
    const reflector = peersOf(
      'rr1',
      ...resources,
      bgpPeer('rr-to-clients', {
        nodeSelector: 'has(route-reflector)',
        peerSelector: '!has(route-reflector)',
      }),
    );
    // Never itself; the other reflector of the same cluster is a non-client, the nodes are clients.
    expect(reflector.map((p) => [p.remoteNode, p.routeReflectorClient])).to.deep.equal([
      ['n1', true],
      ['n2', true],
      ['rr2', false],
    ]);
  });

  it('keeps one session per address: node-scoped BGPPeer > global BGPPeer > mesh, then by name', () => {
    const resources = [
      n1,
      n2,
      bgpPeer('b-global', { peerIP: '10.0.0.2', asNumber: 65002, nodeSelector: undefined }),
      bgpPeer('a-global', { peerIP: '10.0.0.2', asNumber: 65002, ttlSecurity: { hops: 1 } }),
      bgpPeer('scoped', {
        peerIP: '10.0.0.2',
        asNumber: 65002,
        nodeSelector: "rack == 'r1'",
        multihop: { maxHops: 2 },
      }),
    ];
    const [peer, ...others] = peersOf('n1', ...resources);
    expect(others).to.deep.equal([]);
    expect(peer?.origin).to.deep.equal({ kind: 'bgp-peer', name: 'scoped', scope: 'node' });
    expect(peer?.options.multihopMaxHops).to.equal(2);
    expect(peer?.remoteNode).to.equal('n2');
    expect(peer?.shadowed).to.deep.equal([
      { kind: 'bgp-peer', name: 'a-global', scope: 'global' },
      { kind: 'bgp-peer', name: 'b-global', scope: 'global' },
      { kind: 'node-to-node-mesh' },
    ]);
    const [globalOnly] = peersOf('n1', ...resources.slice(0, 4));
    expect(globalOnly?.origin).to.deep.equal({ kind: 'bgp-peer', name: 'a-global', scope: 'global' });
    expect(globalOnly?.options.ttlSecurityHops).to.equal(1);
  });

  it('never peers with itself and skips a family this node has no address of', () => {
    const peers = peersOf(
      'n2',
      n1,
      n2,
      bgpConfiguration('default', { nodeToNodeMeshEnabled: false }),
      bgpPeer('self', { peerIP: '10.0.0.2', asNumber: 65002 }),
      bgpPeer('v6-router', { peerIP: 'fd00::fe', asNumber: 65100 }),
      bgpPeer('everyone', { peerSelector: 'all()' }),
    );
    expect(summary(peers)).to.deep.equal(['10.0.0.1 AS64512 everyone']);
  });

  it('takes the listen port from BGPConfiguration (per node, then default), else the configured one', () => {
    const index = indexOf(n1, bgpConfiguration('default', { listenPort: 1790 }));
    const identity = calculateIdentity(index, 'n1', {});
    expect(calculateBgp(index, identity, 179).listenPort).to.equal(1790);
    const perNode = indexOf(
      n1,
      bgpConfiguration('default', { listenPort: 1790 }),
      bgpConfiguration('node.n1', { listenPort: 1791 }),
    );
    expect(calculateBgp(perNode, identity, 179).listenPort).to.equal(1791);
    expect(calculateBgp(indexOf(n1), identity, 179).listenPort).to.equal(179);
  });
});
