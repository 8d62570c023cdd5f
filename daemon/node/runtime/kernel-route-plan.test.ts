import { expect } from 'chai';

import { IPv4Address, parsePrefix } from '../../../common/index.js';
import { planKernelRoutes } from './kernel-route-plan.js';

const hop = (a: string) => IPv4Address.parse(a);

describe('planKernelRoutes (what twill-node wants in its route table)', () => {
  const originated = { blocks: ['10.244.1.0/26'], borrowed: ['10.244.2.7/32'], services: ['10.96.0.0/12'] };
  const remote = {
    routes: [
      { cidr: '10.244.2.0/26', node: 'n2', nextHop: '10.0.1.12', encapsulation: 'native' as const },
      { cidr: '10.245.3.0/26', node: 'n3', nextHop: '10.0.9.13', encapsulation: 'vxlan' as const },
    ],
    vteps: [],
    wireguardPeers: [],
    unroutable: [],
  };

  it('blackholes own blocks and routes learned prefixes by their BGP next hops (ECMP as multipath)', () => {
    const routes = planKernelRoutes({
      originated,
      remote,
      localAddresses: ['10.0.1.11'],
      learned: [
        { prefix: parsePrefix('10.244.2.0/26'), nextHops: [hop('10.0.1.12')] },
        { prefix: parsePrefix('10.244.8.0/26'), nextHops: [hop('10.0.1.1'), hop('10.0.1.2')] },
      ],
    });
    expect(routes.map((r) => ({ ...r, dst: r.dst.toString() }))).to.deep.equal([
      { dst: '10.244.1.0/26', type: 'blackhole' },
      { dst: '10.244.2.0/26', gateway: hop('10.0.1.12') },
      { dst: '10.244.8.0/26', multipath: [{ gateway: hop('10.0.1.1') }, { gateway: hop('10.0.1.2') }] },
    ]);
  });

  it('never routes our own prefixes, tunnelled blocks, or via our own address', () => {
    const routes = planKernelRoutes({
      originated,
      remote,
      localAddresses: ['10.0.1.11'],
      learned: [
        { prefix: parsePrefix('10.244.1.0/26'), nextHops: [hop('10.0.1.12')] }, // our block, reflected back
        { prefix: parsePrefix('10.244.2.7/32'), nextHops: [hop('10.0.1.12')] }, // borrowed by us
        { prefix: parsePrefix('10.96.0.0/12'), nextHops: [hop('10.0.1.12')] }, // service CIDR we originate too
        { prefix: parsePrefix('10.245.3.0/26'), nextHops: [hop('10.0.9.13')] }, // VXLAN: the encap manager's
        { prefix: parsePrefix('10.244.5.0/26'), nextHops: [hop('10.0.1.11')] }, // next hop is us
      ],
    });
    expect(routes.map((r) => r.dst.toString())).to.deep.equal(['10.244.1.0/26']);
  });

  it('leaves IP-in-IP blocks to the encapsulation stage: no native route even when BGP offers one', () => {
    // Whether the kernel has ipip or not: a native route would carry the pool's traffic unencapsulated.
    const ipip = {
      ...remote,
      routes: [
        ...remote.routes,
        { cidr: '10.246.2.0/26', node: 'n2', nextHop: '10.0.1.12', encapsulation: 'ipip' as const },
        { cidr: '10.246.4.0/26', node: 'n4', nextHop: '10.0.1.14', encapsulation: 'native' as const },
      ],
    };
    const routes = planKernelRoutes({
      originated,
      remote: ipip,
      localAddresses: ['10.0.1.11'],
      learned: [
        { prefix: parsePrefix('10.246.2.0/26'), nextHops: [hop('10.0.1.12')] },
        // Same pool, CrossSubnet on our subnet: the graph chose native, so BGP's route stands.
        { prefix: parsePrefix('10.246.4.0/26'), nextHops: [hop('10.0.1.14')] },
      ],
    });
    expect(routes.map((r) => r.dst.toString())).to.deep.equal(['10.244.1.0/26', '10.246.4.0/26']);
  });
});
