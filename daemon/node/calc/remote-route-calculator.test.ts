import { expect } from 'chai';

import type { AnyResource } from '../../../datastore/index.js';
import { calculateIdentity } from './local-identity-calculator.js';
import { calculateRemoteRoutes } from './remote-route-calculator.js';
import { indexOf } from './testing/index-of.js';
import { block, node, pool, wireguardKey } from './testing/resources.js';

function routesOf(me: string, ...resources: AnyResource[]) {
  const index = indexOf(...resources);
  return calculateRemoteRoutes(index, calculateIdentity(index, me, {}));
}

const me = node('n1', { bgp: { ipv4Address: '10.0.0.1/24' } });
const sameSubnet = node('n2', { bgp: { ipv4Address: '10.0.0.2/24' } });
const otherSubnet = node('n3', { bgp: { ipv4Address: '10.0.1.3/24' } });

describe('remote-route-calculator', () => {
  it('routes each remote block by its pool: native, IPIP Always, VXLAN CrossSubnet', () => {
    const routes = routesOf(
      'n1',
      me,
      sameSubnet,
      otherSubnet,
      pool('plain', '10.10.0.0/16'),
      pool('ipip', '10.20.0.0/16', { encapsulation: { type: 'IPIP', mode: 'Always' } }),
      pool('vxlan-cs', '10.30.0.0/16', { encapsulation: { type: 'VXLAN', mode: 'CrossSubnet' } }),
      block('10.10.0.0/26', 'n2'),
      block('10.20.0.0/26', 'n2'),
      block('10.30.0.0/26', 'n2'),
      block('10.30.0.64/26', 'n3'),
      block('10.10.0.64/26', 'n1'),
      block('10.10.0.128/26', undefined),
    );
    expect(
      routes.routes.map((r) => `${r.cidr} ${r.node} via ${r.nextHop} ${r.encapsulation} ${r.pool}`),
    ).to.deep.equal([
      '10.10.0.0/26 n2 via 10.0.0.2 native plain',
      '10.20.0.0/26 n2 via 10.0.0.2 ipip ipip',
      // Same L2 subnet: CrossSubnet sends it as is; across subnets it tunnels.
      '10.30.0.0/26 n2 via 10.0.0.2 native vxlan-cs',
      '10.30.0.64/26 n3 via 10.0.1.3 vxlan vxlan-cs',
    ]);
  });

  it('picks the innermost pool of nested pools, and routes a block outside every pool natively', () => {
    const routes = routesOf(
      'n1',
      me,
      otherSubnet,
      pool('outer', '10.0.0.0/8', { encapsulation: { type: 'VXLAN' } }),
      pool('inner', '10.40.0.0/16'),
      block('10.40.0.0/26', 'n3'),
      block('172.16.0.0/26', 'n3'),
    );
    expect(routes.routes.map((r) => [r.cidr, r.encapsulation, r.pool])).to.deep.equal([
      ['10.40.0.0/26', 'native', 'inner'],
      ['172.16.0.0/26', 'native', undefined],
    ]);
  });

  it('lists the VXLAN VTEPs of remote nodes', () => {
    const vtep = node('n3', {
      bgp: { ipv4Address: '10.0.1.3/24' },
      vxlanTunnelAddress: '10.30.0.129',
      vxlanTunnelMACAddr: '66:0a:1e:00:00:03',
    });
    const ownVtep = node('n1', {
      bgp: { ipv4Address: '10.0.0.1/24' },
      vxlanTunnelAddress: '10.30.0.1',
      vxlanTunnelMACAddr: '66:0a:1e:00:00:01',
    });
    expect(routesOf('n1', ownVtep, vtep, sameSubnet).vteps).to.deep.equal([
      { node: 'n3', tunnelAddress: '10.30.0.129', mac: '66:0a:1e:00:00:03', underlayAddress: '10.0.1.3' },
    ]);
  });

  it('encrypts WireGuard pools only when both ends have keys, and lists the peers with allowed IPs', () => {
    const wg = pool('wg', '10.50.0.0/16', { encapsulation: { type: 'WireGuard' } });
    const keyed = (n: typeof me, seed: number) => ({
      ...n,
      status: { wireguardPublicKey: wireguardKey(seed) },
    });
    const n2 = node('n2', {
      bgp: { ipv4Address: '10.0.0.2/24' },
      wireguard: { interfaceIPv4Address: '10.50.0.1' },
    });
    const blocks = [block('10.50.0.0/26', 'n2'), block('10.50.0.64/26', 'n3')];
    const both = routesOf('n1', keyed(me, 1), keyed(n2, 2), otherSubnet, wg, ...blocks);
    expect(both.routes.map((r) => [r.cidr, r.encapsulation, r.fallback])).to.deep.equal([
      ['10.50.0.0/26', 'wireguard', undefined],
      ['10.50.0.64/26', 'native', 'no-remote-wireguard-key'],
    ]);
    expect(both.wireguardPeers).to.deep.equal([
      {
        node: 'n2',
        publicKey: wireguardKey(2),
        endpoint: '10.0.0.2',
        allowedIps: ['10.50.0.0/26', '10.50.0.1/32'],
      },
    ]);
    const noLocalKey = routesOf('n1', me, keyed(n2, 2), wg, ...blocks);
    expect(noLocalKey.routes[0]?.fallback).to.equal('no-local-wireguard-key');
  });

  it('reports blocks of nodes without an address of the family as unroutable', () => {
    const routes = routesOf('n1', me, sameSubnet, block('fd65::/122', 'n2'), block('10.60.0.0/26', 'ghost'));
    expect(routes.routes).to.deep.equal([]);
    expect(routes.unroutable).to.deep.equal([
      { cidr: '10.60.0.0/26', node: 'ghost', reason: 'no Node resource' },
      { cidr: 'fd65::/122', node: 'n2', reason: 'node has no IPv6 address' },
    ]);
  });
});
