import { expect } from 'chai';

import { isTwillError, parsePrefix, type IpAddress } from '../common/index.js';
import { checkIpam } from './check.js';
import { ipamConfig, pool } from './testing/fixtures.js';
import { MemoryCluster } from './testing/memory-cluster.js';

async function expectIpamError(promise: Promise<unknown>, code: string, ...parts: string[]): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(isTwillError(error, code), String(error)).to.equal(true);
    for (const part of parts) expect((error as Error).message).to.include(part);
    return;
  }
  expect.fail(`expected ${code}`);
}

const strings = (ips: readonly IpAddress[]): string[] => ips.map(String);

describe('IpamAllocator (in-memory datastore)', () => {
  let cluster: MemoryCluster;
  beforeEach(async () => {
    cluster = new MemoryCluster();
    await cluster.addNodes('node-1', 'node-2');
  });

  it('claims a block with a confirmed affinity and allocates from it', async () => {
    await cluster.backend.create(pool('p4', '10.65.0.0/24', { blockSize: 28 }));
    const ipam = cluster.allocator('node-1');
    const [first] = await ipam.allocate({ handleID: 'pod-a', family: 4 });
    const [second] = await ipam.allocate({ handleID: 'pod-b', family: 4 });
    const blocks = (await cluster.backend.list('IPAMBlock')).items;
    expect(blocks).to.have.length(1);
    const block = parsePrefix(blocks[0]?.spec.cidr as string);
    expect(blocks[0]?.spec.affinity).to.equal('host:node-1');
    expect(block.contains(first as IpAddress) && block.contains(second as IpAddress)).to.equal(true);
    expect(String(first)).not.to.equal(String(second));
    const affinities = (await cluster.backend.list('BlockAffinity')).items;
    expect(affinities.map((a) => [a.spec.node, a.spec.cidr, a.spec.state])).to.deep.equal([
      ['node-1', block.toString(), 'confirmed'],
    ]);
    const handle = await cluster.backend.get('IPAMHandle', 'pod-a');
    expect(handle.spec.block).to.deep.equal({ [block.toString()]: 1 });
  });

  it('claims another block when its blocks are full, and IPv6 works the same way', async () => {
    await cluster.backend.create(pool('p6', 'fd00:65::/120', { blockSize: 126 }));
    const ipam = cluster.allocator('node-1');
    const got = await ipam.allocate({ handleID: 'pod-a', family: 6, count: 6 });
    expect(new Set(strings(got)).size).to.equal(6);
    const blocks = (await cluster.backend.list('IPAMBlock')).items;
    expect(blocks).to.have.length(2);
    for (const b of blocks) expect(b.spec.affinity).to.equal('host:node-1');
    expect(got.every((ip) => parsePrefix('fd00:65::/120').contains(ip))).to.equal(true);
    expect((await checkIpam(cluster.backend)).handleMismatches).to.deep.equal([]);
  });

  it('skips disabled pools and pools whose nodeSelector excludes the node; NO_POOL when none is left', async () => {
    await cluster.backend.create(pool('a-disabled', '10.1.0.0/24', { disabled: true }));
    await cluster.backend.create(pool('b-rack2', '10.2.0.0/24', { nodeSelector: "rack == 'r2'" }));
    const ipam = cluster.allocator('node-1');
    await expectIpamError(ipam.allocate({ handleID: 'x', family: 4 }), 'NO_POOL', 'node-1');
    await cluster.backend.create(pool('c-open', '10.3.0.0/24'));
    const [ip] = await ipam.allocate({ handleID: 'x', family: 4 });
    expect(parsePrefix('10.3.0.0/24').contains(ip as IpAddress)).to.equal(true);
    await expectIpamError(ipam.allocate({ handleID: 'y', family: 6 }), 'NO_POOL', 'IPv6');
    // Labelling the node into rack r2 makes the selector match.
    const node1 = await cluster.backend.get('Node', 'node-1');
    await cluster.backend.update({ ...node1, metadata: { ...node1.metadata, labels: { rack: 'r2' } } });
    const [fromRack] = await ipam.allocate({ handleID: 'z', family: 4, pools: ['b-rack2'] });
    expect(parsePrefix('10.2.0.0/24').contains(fromRack as IpAddress)).to.equal(true);
  });

  it('matches the requested use against allowedUses', async () => {
    await cluster.backend.create(pool('tunnels', '10.4.0.0/24', { allowedUses: ['Tunnel'] }));
    const ipam = cluster.allocator('node-1');
    await expectIpamError(ipam.allocate({ handleID: 'pod', family: 4 }), 'NO_POOL', 'allowedUses');
    const [ip] = await ipam.allocate({ handleID: 'tunnel-node-1', family: 4, use: 'Tunnel' });
    expect(parsePrefix('10.4.0.0/24').contains(ip as IpAddress)).to.equal(true);
  });

  it('borrows from another node’s block when the pool has no block left (strictAffinity off)', async () => {
    await cluster.backend.create(pool('tiny', '10.9.0.0/29', { blockSize: 29 }));
    const first = await cluster.allocator('node-1').allocate({ handleID: 'a', family: 4 });
    const borrowed = await cluster.allocator('node-2').allocate({ handleID: 'b', family: 4 });
    expect(strings(borrowed)).not.to.deep.equal(strings(first));
    const blocks = (await cluster.backend.list('IPAMBlock')).items;
    expect(blocks.map((b) => b.spec.affinity)).to.deep.equal(['host:node-1']);
    expect((await cluster.backend.list('BlockAffinity')).items.map((a) => a.spec.node)).to.deep.equal([
      'node-1',
    ]);
  });

  it('refuses to borrow with a typed error when strictAffinity is on', async () => {
    await cluster.backend.create(pool('tiny', '10.9.0.0/29', { blockSize: 29 }));
    await cluster.backend.create(ipamConfig({ strictAffinity: true }));
    await cluster.allocator('node-1').allocate({ handleID: 'a', family: 4 });
    await expectIpamError(
      cluster.allocator('node-2').allocate({ handleID: 'b', family: 4 }),
      'STRICT_AFFINITY',
      'strictAffinity',
      '7 addresses are free',
    );
    expect((await cluster.backend.list('IPAMHandle')).items.map((h) => h.spec.handleID)).to.deep.equal(['a']);
  });

  it('honours maxBlocksPerHost: borrows when allowed, refuses when strict', async () => {
    await cluster.backend.create(pool('p', '10.8.0.0/28', { blockSize: 30 }));
    await cluster.backend.create(ipamConfig({ maxBlocksPerHost: 1 }));
    await cluster.allocator('node-2').allocate({ handleID: 'other', family: 4 });
    const ipam = cluster.allocator('node-1');
    const got = await ipam.allocate({ handleID: 'a', family: 4, count: 6 });
    expect(new Set(strings(got)).size).to.equal(6);
    const mine = (await cluster.backend.list('IPAMBlock')).items.filter(
      (b) => b.spec.affinity === 'host:node-1',
    );
    expect(mine).to.have.length(1);
    const config = await cluster.backend.get('IPAMConfiguration', 'default');
    await cluster.backend.update({ ...config, spec: { ...config.spec, strictAffinity: true } });
    await expectIpamError(
      ipam.allocate({ handleID: 'b', family: 4 }),
      'MAX_BLOCKS_PER_HOST',
      'maxBlocksPerHost',
    );
  });

  it('POOL_EXHAUSTED when every address is taken, giving back a partial allocation', async () => {
    await cluster.backend.create(pool('tiny', '10.9.0.0/30', { blockSize: 30 }));
    const ipam = cluster.allocator('node-1');
    await ipam.allocate({ handleID: 'a', family: 4, count: 2 });
    await expectIpamError(ipam.allocate({ handleID: 'b', family: 4, count: 3 }), 'POOL_EXHAUSTED', '2 of 3');
    expect((await cluster.backend.list('IPAMHandle')).items.map((h) => h.spec.handleID)).to.deep.equal(['a']);
    expect(await ipam.allocate({ handleID: 'c', family: 4, count: 2 })).to.have.length(2);
    await expectIpamError(ipam.allocate({ handleID: 'd', family: 4, count: 0 }), 'INVALID_ARGUMENT');
  });

  it('releases by handle and by address, idempotently, deleting the handle with its last address', async () => {
    await cluster.backend.create(pool('p', '10.7.0.0/24', { blockSize: 28 }));
    const ipam = cluster.allocator('node-1');
    const pair = await ipam.allocate({ handleID: 'pod-a', family: 4, count: 2 });
    const [single] = await ipam.allocate({ handleID: 'pod-b', family: 4 });
    expect(strings(await ipam.releaseByHandle('pod-a'))).to.deep.equal(strings(pair));
    expect(await ipam.releaseByHandle('pod-a')).to.deep.equal([]);
    expect(await ipam.releaseAddress(String(single), { handleID: 'someone-else' })).to.equal(false);
    expect(await ipam.releaseAddress(single as IpAddress)).to.equal(true);
    expect(await ipam.releaseAddress(single as IpAddress)).to.equal(false);
    expect(await ipam.releaseAddress('192.0.2.1')).to.equal(false);
    expect((await cluster.backend.list('IPAMHandle')).items).to.deep.equal([]);
    const report = await checkIpam(cluster.backend);
    expect(report.allocatedAddresses).to.equal(0);
    expect(report.clean, JSON.stringify(report)).to.equal(true);
  });

  it('unserialized allocators racing on one store never hand out an address twice', async () => {
    await cluster.backend.create(pool('p', '10.6.0.0/26', { blockSize: 29 }));
    const allocators = ['node-1', 'node-2'].map((n) => cluster.allocator(n, { serialize: false }));
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (allocators[i % 2] ?? allocators[0])?.allocate({ handleID: `pod-${i}`, family: 4 }),
      ),
    );
    const all = results.flatMap((r) => strings(r ?? []));
    expect(all).to.have.length(40);
    expect(new Set(all).size).to.equal(40);
    const report = await checkIpam(cluster.backend);
    expect(report.handleMismatches).to.deep.equal([]);
    expect(report.allocatedAddresses).to.equal(40);
  });
});
