import { expect } from 'chai';

import { MemoryLogger } from '../../../common/index.js';
import { MemoryBackend } from '../../../datastore/index.js';
import { node } from '../calc/testing/resources.js';
import { writeBackAddresses } from './node-writeback.js';

describe('writeBackAddresses (the autodetected address into the Node resource)', () => {
  const detected = { ipv4: { cidr: '10.0.1.12/24', method: 'first-found' } };

  it('fills a missing address, keeps the rest of the Node, and never overrides an operator’s address', async () => {
    const backend = new MemoryBackend();
    await backend.create(node('n2', { bgp: { asNumber: 65002 } }, { rack: 'r1' }));
    expect(await writeBackAddresses(backend, 'n2', detected, new MemoryLogger())).to.equal('updated');
    const stored = await backend.get('Node', 'n2');
    expect(stored.spec.bgp).to.deep.equal({ asNumber: 65002, ipv4Address: '10.0.1.12/24' });
    expect(stored.metadata.labels).to.deep.equal({ rack: 'r1' });
    await backend.create(node('n1', { bgp: { ipv4Address: '10.0.1.99/24' } }));
    expect(await writeBackAddresses(backend, 'n1', detected, new MemoryLogger())).to.equal('unchanged');
    expect((await backend.get('Node', 'n1')).spec.bgp?.ipv4Address).to.equal('10.0.1.99/24');
  });

  it('creates the Node when there is none', async () => {
    const backend = new MemoryBackend();
    expect(await writeBackAddresses(backend, 'n3', detected, new MemoryLogger())).to.equal('created');
    expect((await backend.get('Node', 'n3')).spec.bgp?.ipv4Address).to.equal('10.0.1.12/24');
  });
});
