import { expect } from 'chai';

import type { ServiceInput } from './desired-state.js';
import { calculateOriginatedPrefixes } from './originated-prefix-calculator.js';
import { indexOf } from './testing/index-of.js';
import { bgpConfiguration, block, endpoint, pool } from './testing/resources.js';

function service(name: string, extra: Partial<ServiceInput>): ServiceInput {
  return {
    namespace: 'default',
    name,
    clusterIPs: [],
    externalIPs: [],
    loadBalancerIPs: [],
    externalTrafficPolicy: 'Cluster',
    hasLocalEndpoint: false,
    ...extra,
  };
}

describe('originated-prefix-calculator', () => {
  const resources = [
    pool('default-v4', '10.65.0.0/16'),
    pool('default-v6', 'fd65::/48'),
    block('10.65.0.0/26', 'n1'),
    block('10.65.0.64/26', 'n2'),
    block('fd65::/122', 'n1'),
    block('10.65.1.0/26', undefined),
    // Local pods: one in our block, one borrowed from n2's block, one outside every pool.
    endpoint('ns', 'own', 'n1', '10.65.0.5'),
    endpoint('ns', 'borrowed', 'n1', '10.65.0.70'),
    endpoint('ns', 'hostnet', 'n1', '192.0.2.10'),
    // A remote pod in a block of ours is n2's business, not ours.
    endpoint('ns', 'remote', 'n2', '10.65.0.80'),
  ];

  it('originates the affine blocks and the borrowed host routes of local pods inside pools', () => {
    const prefixes = calculateOriginatedPrefixes(indexOf(...resources), 'n1', []);
    expect(prefixes.blocks).to.deep.equal(['10.65.0.0/26', 'fd65::/122']);
    expect(prefixes.borrowed).to.deep.equal(['10.65.0.70/32']);
    expect(prefixes.services).to.deep.equal([]);
  });

  it('advertises service CIDRs, and /32s of Local services only where an endpoint runs', () => {
    const config = bgpConfiguration('default', {
      serviceClusterIPs: [{ cidr: '10.96.0.0/12' }],
      serviceExternalIPs: [{ cidr: '198.51.100.0/24' }],
      serviceLoadBalancerIPs: [{ cidr: '203.0.113.0/24' }],
    });
    const services = [
      service('local-here', {
        clusterIPs: ['10.96.0.10'],
        externalIPs: ['198.51.100.7', '192.0.2.99'],
        loadBalancerIPs: ['203.0.113.5'],
        externalTrafficPolicy: 'Local',
        hasLocalEndpoint: true,
      }),
      service('local-elsewhere', { loadBalancerIPs: ['203.0.113.6'], externalTrafficPolicy: 'Local' }),
      service('cluster', { loadBalancerIPs: ['203.0.113.7'], hasLocalEndpoint: true }),
    ];
    const prefixes = calculateOriginatedPrefixes(indexOf(...resources, config), 'n1', services);
    // 192.0.2.99 is outside serviceExternalIPs: not ours to advertise.
    expect(prefixes.services).to.deep.equal([
      '10.96.0.0/12',
      '10.96.0.10/32',
      '198.51.100.0/24',
      '198.51.100.7/32',
      '203.0.113.0/24',
      '203.0.113.5/32',
    ]);
  });

  it('drops a block marked deleted', () => {
    const gone = { ...block('10.65.2.0/26', 'n1') };
    const deletedBlock = { ...gone, spec: { ...gone.spec, deleted: true } };
    expect(calculateOriginatedPrefixes(indexOf(deletedBlock), 'n1', []).blocks).to.deep.equal([]);
  });
});
