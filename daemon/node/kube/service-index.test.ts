import { expect } from 'chai';

import { ServiceIndex } from './service-index.js';
import { endpointSlice, kubeService } from './testing-objects.js';

const LB = '198.51.100.10';

describe('ServiceIndex (coalesced ServiceInput changes)', () => {
  it('emits one update per changed service, and nothing when the derived input did not change', () => {
    const index = new ServiceIndex('n1');
    index.setService(kubeService('web', 'front', { loadBalancerIPs: [LB], local: true }));
    index.setSlice(endpointSlice('web', 'front-a', 'front', [{ address: '10.244.2.5', nodeName: 'n2' }]));
    index.setSlice(endpointSlice('web', 'front-a', 'front', [{ address: '10.244.1.5', nodeName: 'n1' }]));
    const first = index.take();
    expect(first).to.have.length(1, 'three events, one change');
    expect(first[0]?.type === 'update' && first[0].input.hasLocalEndpoint).to.equal(true);
    // Another node's endpoint added: this node's input is the same, so nothing is emitted.
    index.setSlice(
      endpointSlice('web', 'front-b', 'front', [{ address: '10.244.2.9', nodeName: 'n2', ready: true }]),
    );
    expect(index.take()).to.deep.equal([]);
  });

  it('follows the local endpoint going unready, moving away and coming back', () => {
    const index = new ServiceIndex('n1');
    index.setService(kubeService('web', 'front', { loadBalancerIPs: [LB], local: true }));
    const local = (ready: boolean, nodeName = 'n1') =>
      endpointSlice('web', 'front-a', 'front', [{ address: '10.244.1.5', nodeName, ready }]);
    const hasLocal = (): boolean | undefined => {
      const [change] = index.take();
      return change?.type === 'update' ? change.input.hasLocalEndpoint : undefined;
    };
    index.setSlice(local(true));
    expect(hasLocal()).to.equal(true);
    index.setSlice(local(false));
    expect(hasLocal()).to.equal(false);
    index.setSlice(local(true));
    expect(hasLocal()).to.equal(true);
    index.setSlice(local(true, 'n2'));
    expect(hasLocal()).to.equal(false);
    index.setSlice(local(true));
    expect(hasLocal()).to.equal(true);
    index.deleteSlice(local(true));
    expect(hasLocal()).to.equal(false, 'slice deleted');
  });

  it('removes a deleted service once, and never a service it did not emit', () => {
    const index = new ServiceIndex('n1');
    const service = kubeService('web', 'front');
    index.setService(service);
    index.deleteService(service);
    expect(index.take()).to.deep.equal([], 'created and deleted between two takes: nothing to say');
    index.setService(service);
    index.take();
    index.deleteService(service);
    expect(index.take()).to.deep.equal([{ type: 'remove', namespace: 'web', name: 'front' }]);
  });

  it('after a re-list, removes what is gone and updates what changed', () => {
    const index = new ServiceIndex('n1');
    index.setService(kubeService('web', 'a', { local: true }));
    index.setService(kubeService('web', 'b'));
    index.take();
    index.replaceAll(
      [kubeService('web', 'a', { local: true })],
      [endpointSlice('web', 'a-1', 'a', [{ address: '10.244.1.5', nodeName: 'n1' }])],
    );
    const changes = index.take();
    expect(
      changes.map((c) => (c.type === 'remove' ? `remove ${c.name}` : `update ${c.input.name}`)),
    ).to.deep.equal(['update a', 'remove b']);
  });
});
