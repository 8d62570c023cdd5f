import { expect } from 'chai';

import { deriveServiceInput, sliceServiceKey } from './service-input.js';
import { endpointSlice, kubeService } from './testing-objects.js';

describe('deriveServiceInput (Service + EndpointSlices → ServiceInput)', () => {
  it('takes cluster IPs, external IPs and load-balancer ingress IPs, and the traffic policy', () => {
    const service = kubeService('web', 'front', {
      clusterIP: '10.96.0.20',
      externalIPs: ['192.0.2.7', '192.0.2.7'],
      loadBalancerIPs: ['198.51.100.10'],
      local: true,
    });
    expect(deriveServiceInput(service, [], 'n1')).to.deep.equal({
      namespace: 'web',
      name: 'front',
      clusterIPs: ['10.96.0.20'],
      externalIPs: ['192.0.2.7'],
      loadBalancerIPs: ['198.51.100.10'],
      externalTrafficPolicy: 'Local',
      hasLocalEndpoint: false,
    });
  });

  it('drops headless cluster IPs and hostname-only ingress entries; no policy means Cluster', () => {
    const service = {
      metadata: { namespace: 'a', name: 'b' },
      spec: { clusterIP: 'None', clusterIPs: ['None'] },
      status: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }, { ip: '198.51.100.1' }] } },
    };
    const input = deriveServiceInput(service, [], 'n1');
    expect(input.clusterIPs).to.deep.equal([]);
    expect(input.loadBalancerIPs).to.deep.equal(['198.51.100.1']);
    expect(input.externalTrafficPolicy).to.equal('Cluster');
  });

  it('uses clusterIP when clusterIPs is absent, and both families of a dual-stack service', () => {
    expect(deriveServiceInput({ spec: { clusterIP: '10.96.0.1' } }, [], 'n1').clusterIPs).to.deep.equal([
      '10.96.0.1',
    ]);
    const dual = { spec: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1', 'fd00:96::1'] } };
    expect(deriveServiceInput(dual, [], 'n1').clusterIPs).to.deep.equal(['10.96.0.1', 'fd00:96::1']);
  });

  it('has a local endpoint only for an endpoint on this node that is not unready', () => {
    const service = kubeService('web', 'front', { local: true });
    const on = (nodeName: string, ready?: boolean | null): boolean =>
      deriveServiceInput(
        service,
        [endpointSlice('web', 'front-x', 'front', [{ address: '10.244.1.5', nodeName, ready }])],
        'n1',
      ).hasLocalEndpoint;
    expect(on('n1')).to.equal(true, 'conditions absent: ready');
    expect(on('n1', null)).to.equal(true, 'ready null: ready (EndpointSlice API)');
    expect(on('n1', true)).to.equal(true);
    expect(on('n1', false)).to.equal(false, 'not ready');
    expect(on('n2', true)).to.equal(false, 'another node');
  });

  it('finds a local endpoint in any of the service’s slices', () => {
    const slices = [
      endpointSlice('web', 'front-a', 'front', [{ address: '10.244.2.5', nodeName: 'n2' }]),
      endpointSlice('web', 'front-b', 'front', [
        { address: '10.244.1.6', nodeName: 'n1', ready: false },
        { address: '10.244.1.7', nodeName: 'n1', ready: true },
      ]),
    ];
    expect(deriveServiceInput(kubeService('web', 'front'), slices, 'n1').hasLocalEndpoint).to.equal(true);
  });

  it('ties a slice to its service by the kubernetes.io/service-name label', () => {
    expect(sliceServiceKey(endpointSlice('web', 'front-abc', 'front', []))).to.equal('web/front');
    expect(sliceServiceKey({ metadata: { namespace: 'web', name: 'manual' } })).to.equal(undefined);
  });
});
