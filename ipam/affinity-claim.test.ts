import { expect } from 'chai';

import { isTwillError, parsePrefix, type IpAddress } from '../common/index.js';
import { claimBlock, takeOverBlock } from './affinity-claim.js';
import { checkIpam } from './check.js';
import { resolveDeps } from './ipam-deps.js';
import { CrashingBackend } from './testing/crashing-backend.js';
import { ipamConfig, pool } from './testing/fixtures.js';
import { MemoryCluster } from './testing/memory-cluster.js';

const BLOCK = '10.9.0.0/29';

async function crashWhileClaiming(cluster: MemoryCluster, writes: number): Promise<void> {
  const victim = cluster.allocator('node-dead', { backend: new CrashingBackend(cluster.backend, writes) });
  try {
    await victim.allocate({ handleID: 'never', family: 4 });
    expect.fail('the victim should have crashed');
  } catch (error) {
    expect(isTwillError(error, 'SIMULATED_CRASH'), String(error)).to.equal(true);
  }
}

describe('block affinity claims (pending → confirmed) and crashes', () => {
  let cluster: MemoryCluster;
  beforeEach(async () => {
    cluster = new MemoryCluster();
    await cluster.addNodes('node-1', 'node-dead');
    await cluster.backend.create(pool('tiny', BLOCK, { blockSize: 29 }));
  });

  it('a crash after step 1 leaves a pending affinity and no block; another node claims the block', async () => {
    await crashWhileClaiming(cluster, 1);
    const [pending] = (await cluster.backend.list('BlockAffinity')).items;
    expect(pending?.spec).to.include({ node: 'node-dead', state: 'pending', cidr: BLOCK });
    expect((await cluster.backend.list('IPAMBlock')).items).to.deep.equal([]);
    await cluster.allocator('node-1').allocate({ handleID: 'a', family: 4 });
    const [block] = (await cluster.backend.list('IPAMBlock')).items;
    expect(block?.spec.affinity).to.equal('host:node-1');
    // The leftover is reported, then collected once it has sat unchanged for the grace period.
    expect((await checkIpam(cluster.backend)).unfinishedAffinities.map((a) => a.node)).to.deep.equal([
      'node-dead',
    ]);
    await cluster.collectUntilQuiet(cluster.gc());
    const affinities = (await cluster.backend.list('BlockAffinity')).items;
    expect(affinities.map((a) => [a.spec.node, a.spec.state])).to.deep.equal([['node-1', 'confirmed']]);
    expect((await checkIpam(cluster.backend)).clean).to.equal(true);
  });

  it('a crash after step 2 is resumed by the same node when it comes back', async () => {
    await crashWhileClaiming(cluster, 2);
    const [block] = (await cluster.backend.list('IPAMBlock')).items;
    expect(block?.spec.affinity).to.equal('host:node-dead');
    const [ip] = await cluster.allocator('node-dead').allocate({ handleID: 'after-restart', family: 4 });
    expect(parsePrefix(BLOCK).contains(ip as IpAddress)).to.equal(true);
    const affinities = (await cluster.backend.list('BlockAffinity')).items;
    expect(affinities.map((a) => a.spec.state)).to.deep.equal(['confirmed']);
  });

  it('a crash after step 2 blocks others only for the grace period, then the block is taken over', async () => {
    await cluster.backend.create(ipamConfig({ strictAffinity: true }));
    await crashWhileClaiming(cluster, 2);
    const ipam = cluster.allocator('node-1', { pendingAffinityGraceMs: 60_000 });
    try {
      await ipam.allocate({ handleID: 'a', family: 4 });
      expect.fail('should not take over a fresh claim');
    } catch (error) {
      expect(isTwillError(error, 'STRICT_AFFINITY'), String(error)).to.equal(true);
    }
    cluster.advance(60_000);
    const [ip] = await ipam.allocate({ handleID: 'a', family: 4 });
    expect(parsePrefix(BLOCK).contains(ip as IpAddress)).to.equal(true);
    const [block] = (await cluster.backend.list('IPAMBlock')).items;
    expect(block?.spec.affinity).to.equal('host:node-1');
    const affinities = (await cluster.backend.list('BlockAffinity')).items;
    expect(affinities.map((a) => [a.spec.node, a.spec.state])).to.deep.equal([['node-1', 'confirmed']]);
  });

  it('a slow claimer whose claim was taken over gives up instead of becoming a second owner', async () => {
    const deps = resolveDeps({ backend: cluster.backend });
    await crashWhileClaiming(cluster, 2);
    const [block] = (await cluster.backend.list('IPAMBlock')).items;
    const [stale] = (await cluster.backend.list('BlockAffinity')).items;
    if (block === undefined || stale === undefined) throw new Error('setup');
    expect(await takeOverBlock({ deps, node: 'node-1' }, block, stale)).to.equal('claimed');
    // The "dead" node wakes up and carries on with its claim.
    expect(await claimBlock({ deps, node: 'node-dead' }, parsePrefix(BLOCK))).to.equal('lost');
    const affinities = (await cluster.backend.list('BlockAffinity')).items;
    expect(affinities.map((a) => [a.spec.node, a.spec.state])).to.deep.equal([['node-1', 'confirmed']]);
    expect((await cluster.backend.get('IPAMBlock', block.metadata.name)).spec.affinity).to.equal(
      'host:node-1',
    );
  });

  it('a takeover loses if the owner confirmed in the meantime', async () => {
    const deps = resolveDeps({ backend: cluster.backend });
    await crashWhileClaiming(cluster, 2);
    const [block] = (await cluster.backend.list('IPAMBlock')).items;
    const [stale] = (await cluster.backend.list('BlockAffinity')).items;
    if (block === undefined || stale === undefined) throw new Error('setup');
    expect(await claimBlock({ deps, node: 'node-dead' }, parsePrefix(BLOCK))).to.equal('claimed');
    expect(await takeOverBlock({ deps, node: 'node-1' }, block, stale)).to.equal('lost');
    const affinities = (await cluster.backend.list('BlockAffinity')).items;
    expect(affinities.map((a) => [a.spec.node, a.spec.state])).to.deep.equal([['node-dead', 'confirmed']]);
  });

  it('two nodes racing for the only block: exactly one owns it', async () => {
    const deps = resolveDeps({ backend: cluster.backend, retry: { baseDelayMs: 0, maxDelayMs: 0 } });
    const outcomes = await Promise.all(
      ['node-1', 'node-dead'].map((node) => claimBlock({ deps, node }, parsePrefix(BLOCK))),
    );
    expect([...outcomes].sort()).to.deep.equal(['claimed', 'lost']);
    const affinities = (await cluster.backend.list('BlockAffinity')).items;
    expect(affinities).to.have.length(1);
    const [block] = (await cluster.backend.list('IPAMBlock')).items;
    expect(block?.spec.affinity).to.equal(`host:${affinities[0]?.spec.node}`);
  });

  it('an unfinished claim of a node that never returns is rolled back by the GC', async () => {
    await crashWhileClaiming(cluster, 2);
    const gc = cluster.gc();
    await gc.runOnce();
    expect((await cluster.backend.list('IPAMBlock')).items).to.have.length(1);
    await cluster.collectUntilQuiet(gc);
    expect((await cluster.backend.list('IPAMBlock')).items).to.deep.equal([]);
    expect((await cluster.backend.list('BlockAffinity')).items).to.deep.equal([]);
  });
});
