// The calculation step reads twill-node's node.desired (runtime/latest-outputs.ts shape); pure.
import { expect } from 'chai';

import { parsePrefix } from '../../../common/index.js';
import type { NodeDesiredResult } from '../../bgpd/control-protocol.js';
import { verdict } from '../explain-command.js';
import { calculationStep } from './calculation-step.js';

const desired: NodeDesiredResult = {
  identity: {
    name: 'n1',
    asNumber: 64512,
    asSource: 'default',
    routerId: '10.0.0.11',
    routerIdSource: 'ipv4-address',
  },
  originated: { blocks: ['10.65.1.0/26'], borrowed: ['10.65.9.7/32'], services: ['10.96.0.0/12'] },
  remote: {
    routes: [
      { cidr: '10.65.2.0/26', node: 'n2', nextHop: '10.0.0.12', encapsulation: 'vxlan', pool: 'pool-a' },
    ],
    vteps: [],
    wireguardPeers: [],
    unroutable: [{ cidr: '10.65.3.0/26', node: 'n3', reason: 'node n3 has no IPv4 address' }],
  },
};

describe('twillctl explain route: the calculation step', () => {
  it('originated here: affine block, borrowed address, service', () => {
    expect(calculationStep(desired, parsePrefix('10.65.1.0/26'))).to.include({
      status: 'present',
      summary: 'originated by n1 (IPAM block affine to node n1)',
    });
    expect(calculationStep(desired, parsePrefix('10.65.9.7/32')).summary).to.include('borrowed');
    expect(calculationStep(desired, parsePrefix('10.96.0.10/32')).summary).to.include('service');
  });

  it('a remote route with its encapsulation and next hop; unroutable with the reason; not wanted', () => {
    const remote = calculationStep(desired, parsePrefix('10.65.2.5/32'));
    expect(remote.summary).to.equal('a remote route to node n2 (vxlan via 10.0.0.12)');
    expect(remote.lines).to.include(
      'remote route 10.65.2.0/26 to node n2: encapsulation vxlan via next hop 10.0.0.12, pool pool-a',
    );
    const unroutable = calculationStep(desired, parsePrefix('10.65.3.0/26'));
    expect(unroutable).to.include({ status: 'missing', summary: 'unroutable: node n3 has no IPv4 address' });
    expect(calculationStep(desired, parsePrefix('192.168.0.0/24'))).to.include({ status: 'missing' });
    expect(verdict([unroutable])).to.equal('MISSING at calculation: unroutable: node n3 has no IPv4 address');
  });

  it('verdict: a missing datastore step counts only when no later step has the route', () => {
    const ds = {
      step: 'datastore',
      status: 'missing',
      summary: 'in no IPPool and no IPAMBlock',
      lines: [],
    } as const;
    const bgp = { step: 'bgp', status: 'present', summary: 'best path', lines: [] } as const;
    const kernelMissing = {
      step: 'kernel',
      status: 'missing',
      summary: 'absent from the kernel',
      lines: [],
    } as const;
    expect(verdict([ds, bgp, kernelMissing])).to.equal('MISSING at kernel: absent from the kernel');
    expect(verdict([ds])).to.equal('MISSING at datastore: in no IPPool and no IPAMBlock');
  });
});
