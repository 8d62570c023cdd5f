import { expect } from 'chai';

import type { IpAddress } from '../common/index.js';
import { checkIpam, releaseLeaked } from './check.js';
import { newHandle } from './ipam-deps.js';
import { pool } from './testing/fixtures.js';
import { MemoryCluster } from './testing/memory-cluster.js';

const owner = (name: string, node = 'node-1') => ({ namespace: 'default', workloadEndpoint: name, node });

describe('IPAM garbage collection', () => {
  let cluster: MemoryCluster;
  beforeEach(async () => {
    cluster = new MemoryCluster();
    await cluster.addNodes('node-1', 'node-2');
    await cluster.backend.create(pool('p', '10.5.0.0/24', { blockSize: 30 }));
  });

  it('frees a leaked address only after seeing it twice a grace period apart, never a live one', async () => {
    const ipam = cluster.allocator('node-1');
    const live = await ipam.allocate({ handleID: 'live', family: 4, owner: owner('live') });
    await cluster.addEndpoint('live', 'node-1', live);
    const [leaked] = await ipam.allocate({ handleID: 'gone', family: 4, owner: owner('gone') });
    const gc = cluster.gc(1000);
    expect((await gc.runOnce()).releasedAddresses).to.deep.equal([]);
    cluster.advance(999);
    expect((await gc.runOnce()).releasedAddresses).to.deep.equal([]);
    cluster.advance(1);
    const pass = await gc.runOnce();
    expect(pass.releasedAddresses).to.deep.equal([String(leaked)]);
    expect(pass.acted['leaked-address']).to.equal(1);
    expect((await cluster.backend.list('IPAMHandle')).items.map((h) => h.spec.handleID)).to.deep.equal([
      'live',
    ]);
    const report = await checkIpam(cluster.backend);
    expect(report.allocatedAddresses).to.equal(1);
    expect(report.clean, JSON.stringify(report)).to.equal(true);
  });

  it('never frees an address that was released and reused between its two sightings', async () => {
    const ipam = cluster.allocator('node-1');
    const [first] = await ipam.allocate({ handleID: 'old-pod', family: 4, owner: owner('old-pod') });
    // Fill the block, so the next allocation reuses exactly the released address.
    const rest = await ipam.allocate({ handleID: 'others', family: 4, count: 3, owner: owner('others') });
    await cluster.addEndpoint('others', 'node-1', rest);
    const gc = cluster.gc(1000);
    await gc.runOnce();
    const staleReport = await checkIpam(cluster.backend);
    expect(staleReport.leaked.map((l) => l.address)).to.deep.equal([String(first)]);
    // The pod's own DEL releases it, and a new pod (whose endpoint is not written yet) gets it.
    await ipam.releaseByHandle('old-pod');
    const [reused] = await ipam.allocate({ handleID: 'new-pod', family: 4, owner: owner('new-pod') });
    expect(String(reused)).to.equal(String(first));
    cluster.advance(1000);
    expect((await gc.runOnce()).releasedAddresses).to.deep.equal([]);
    // An operator acting on the old report cannot free it either.
    expect(await releaseLeaked({ backend: cluster.backend }, staleReport.leaked)).to.deep.equal([]);
    await cluster.addEndpoint('new-pod', 'node-1', [reused as IpAddress]);
    const report = await checkIpam(cluster.backend);
    expect(report.allocatedAddresses).to.equal(4);
    expect(report.clean, JSON.stringify(report)).to.equal(true);
  });

  it('releaseLeaked frees what a fresh report lists', async () => {
    const ipam = cluster.allocator('node-1');
    const [ip] = await ipam.allocate({ handleID: 'gone', family: 4, owner: owner('gone') });
    const report = await checkIpam(cluster.backend);
    expect(report.leaked.map((l) => [l.address, l.reason])).to.deep.equal([[String(ip), 'owner-gone']]);
    const released = await releaseLeaked({ backend: cluster.backend }, report.leaked);
    expect(released.map((r) => String(r.address))).to.deep.equal([String(ip)]);
    expect((await checkIpam(cluster.backend)).clean).to.equal(true);
  });

  it('treats an endpoint that no longer lists the address as a leak too', async () => {
    const ipam = cluster.allocator('node-1');
    await ipam.allocate({ handleID: 'pod', family: 4, owner: owner('pod') });
    await cluster.backend.create({
      apiVersion: 'twill.dev/v1',
      kind: 'WorkloadEndpoint',
      metadata: { name: 'pod', namespace: 'default' },
      spec: { node: 'node-1', interfaceName: 'twlpod', ipNetworks: ['192.0.2.9/32'] },
    });
    const report = await checkIpam(cluster.backend);
    expect(report.leaked.map((l) => l.reason)).to.deep.equal(['owner-lacks-address']);
    expect(report.unallocatedEndpointAddresses.map((u) => u.address)).to.deep.equal(['192.0.2.9']);
  });

  it('deletes a handle that holds nothing (allocation crashed between its writes)', async () => {
    await cluster.backend.create(newHandle('orphan', 'orphan', { '10.5.0.0/30': 1 }));
    expect((await checkIpam(cluster.backend)).handleMismatches).to.deep.equal([
      { handleID: 'orphan', block: '10.5.0.0/30', handleCount: 1, blockCount: 0 },
    ]);
    const gc = cluster.gc();
    await cluster.collectUntilQuiet(gc);
    expect((await cluster.backend.list('IPAMHandle')).items).to.deep.equal([]);
  });

  it('releases the blocks and affinities of a deleted node, keeping a non-empty block until its leaks go', async () => {
    const ipam = cluster.allocator('node-2');
    await ipam.allocate({ handleID: 'filler', family: 4, count: 5, owner: owner('filler', 'node-2') });
    await ipam.releaseByHandle('filler');
    const [kept] = await ipam.allocate({ handleID: 'pod', family: 4, owner: owner('pod', 'node-2') });
    expect((await cluster.backend.list('IPAMBlock')).items).to.have.length(2);
    await cluster.backend.delete('Node', 'node-2');
    const report = await checkIpam(cluster.backend);
    expect(report.orphanedBlocks.map((o) => o.reason)).to.deep.equal(['node-gone', 'node-gone']);
    await cluster.collectUntilQuiet(cluster.gc());
    expect((await cluster.backend.list('BlockAffinity')).items).to.deep.equal([]);
    expect((await cluster.backend.list('IPAMBlock')).items).to.deep.equal([]);
    expect(String(kept)).to.match(/^10\.5\.0\./);
    expect((await checkIpam(cluster.backend)).clean).to.equal(true);
  });

  it('keeps everything while no Node resources exist at all (nothing registered yet)', async () => {
    await cluster.allocator('node-1').allocate({ handleID: 'pod', family: 4 });
    await cluster.backend.delete('Node', 'node-1');
    await cluster.backend.delete('Node', 'node-2');
    const gc = cluster.gc();
    await gc.runOnce();
    cluster.advance(5000);
    await gc.runOnce();
    expect((await cluster.backend.list('BlockAffinity')).items).to.have.length(1);
  });
});
