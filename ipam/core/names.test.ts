import { expect } from 'chai';

import { parsePrefix } from '../../common/index.js';
import { validateResource } from '../../datastore/index.js';
import { newAffinity, newHandle } from '../ipam-deps.js';
import { affinityName, affinityNode, blockName, handleName, hostAffinity } from './names.js';

describe('ipam/core resource names', () => {
  it('block and affinity names are valid resource names for both families', () => {
    for (const cidr of ['10.65.0.64/26', '::/122', 'fd00::40/122']) {
      const prefix = parsePrefix(cidr);
      const affinity = newAffinity(affinityName('node-1', prefix), 'node-1', cidr, 'pending');
      expect(() => validateResource(affinity)).not.to.throw();
    }
    expect(blockName(parsePrefix('10.65.0.64/26'))).to.equal('v4-10-65-0-64-26');
    expect(blockName(parsePrefix('::/122'))).to.equal('v6----122');
    expect(blockName(parsePrefix('fd00::40/122'))).not.to.equal(blockName(parsePrefix('fd00:0:0:40::/122')));
  });

  it('handle IDs that are valid names are kept; others are hashed into valid names', () => {
    expect(handleName('k8s-pod-network.abc123')).to.equal('k8s-pod-network.abc123');
    const hashed = handleName('Pod_With_Upper/and-slash');
    expect(hashed).to.match(/^h\.[0-9a-f]{64}$/);
    expect(handleName('Pod_With_Upper/and-slash')).to.equal(hashed);
    expect(() => validateResource(newHandle(hashed, 'Pod_With_Upper/and-slash', {}))).not.to.throw();
  });

  it('host affinity round-trips', () => {
    expect(affinityNode(hostAffinity('node-7'))).to.equal('node-7');
    expect(affinityNode(undefined)).to.equal(undefined);
    expect(affinityNode('virtual:x')).to.equal(undefined);
  });
});
