// twillctl ipam show/check/release against a real etcd, with allocations made by IpamAllocator (as
// twill-cni makes them): one address of a live pod, one of a pod that is gone (leaked), one without
// owner (a tunnel address).
import { expect } from 'chai';

import { EtcdBackend, type Backend } from '../../datastore/index.js';
import { startEtcd, type EtcdServer } from '../../datastore/testing/etcd-server.js';
import { affinityName, blockName, IpamAllocator } from '../../ipam/index.js';
import { endpoint, node, pool } from '../../ipam/testing/fixtures.js';
import { parsePrefix } from '../../common/index.js';
import { runCtl, type CtlRun } from './testing/run-ctl.js';

describe('twillctl ipam on etcd', function () {
  this.timeout(60_000);
  const prefix = '/ctl-ipam';
  let etcd: EtcdServer;
  let backend: Backend;
  let live = '';
  let leaked = '';
  let tunnel = '';

  const ctl = (...args: string[]): Promise<CtlRun> =>
    runCtl(['--etcd-endpoints', etcd.endpoint, '--etcd-prefix', prefix, 'ipam', ...args]);

  before(async () => {
    etcd = await startEtcd();
    backend = new EtcdBackend({ endpoints: [etcd.endpoint], keyPrefix: prefix });
    await backend.create(pool('pool-a', '10.70.0.0/24', { blockSize: 28 }));
    await backend.create(node('n1'));
    await backend.create(node('n2'));
    const n1 = new IpamAllocator({ backend, node: 'n1' });
    const n2 = new IpamAllocator({ backend, node: 'n2' });
    live = String(
      (
        await n1.allocate({
          handleID: 'h-web',
          family: 4,
          owner: { namespace: 'shop', workloadEndpoint: 'web', node: 'n1' },
        })
      )[0],
    );
    leaked = String(
      (
        await n1.allocate({
          handleID: 'h-gone',
          family: 4,
          owner: { namespace: 'shop', workloadEndpoint: 'gone', node: 'n1' },
        })
      )[0],
    );
    tunnel = String((await n2.allocate({ handleID: 'h-tunnel', family: 4, use: 'Tunnel' }))[0]);
    await backend.create(endpoint('shop', 'web', 'n1', [live]));
  });
  after(async () => {
    await backend?.close();
    await etcd?.stop();
  });

  it('ipam show: pools with used/free, blocks with node, affinity and use; --node filters; -o json', async () => {
    const show = await ctl('show');
    expect(show.code).to.equal(0);
    const lines = show.stdout.split('\n');
    expect(lines[0]).to.match(/^POOL\s+CIDR\s+BLOCK SIZE\s+ADDRESSES\s+BLOCKS\s+USED\s+FREE\s+DISABLED$/);
    expect(lines[1]).to.match(/^pool-a\s+10\.70\.0\.0\/24\s+28\s+256\s+2\s+3\s+253\s+false$/);
    const blocks = lines.filter((l) => l.startsWith('10.70.'));
    expect(blocks).to.have.length(2);
    expect(blocks.find((l) => /\sn1\s/.test(l))).to.match(/\s+pool-a\s+n1\s+confirmed\s+2\s+14$/);
    expect(blocks.find((l) => /\sn2\s/.test(l))).to.match(/\s+pool-a\s+n2\s+confirmed\s+1\s+15$/);
    const n2 = JSON.parse((await ctl('show', '--node', 'n2', '-o', 'json')).stdout) as {
      blocks: { node: string; used: number }[];
    };
    expect(n2.blocks).to.deep.equal([{ ...n2.blocks[0], node: 'n2', used: 1 }]);
    expect(n2.blocks).to.have.length(1);
  });

  it('ipam show --ip: the block, handle, owner and which endpoint lists it', async () => {
    const show = await ctl('show', '--ip', live);
    expect(show.code).to.equal(0);
    expect(show.stdout).to.include(`address:   ${live}`).and.include('allocated: yes');
    expect(show.stdout).to.include('handle:    h-web').and.include('owner:     shop/web on n1');
    expect(show.stdout).to.include('used by:   shop/web');
    const free = await ctl('show', '--ip', '10.70.0.200');
    expect(free.stdout).to.include('block:     none').and.include('allocated: no');
  });

  it('ipam check: reports the leaked address, a block without affinity and an orphan handle, exit 1', async () => {
    const clean = await ctl('check');
    // The leaked address of the gone pod is there from the start.
    expect(clean.code).to.equal(1);
    expect(clean.stdout)
      .to.include(`leaked addresses (1):\n  ${leaked} in block`)
      .and.include('handle h-gone, owner shop/gone: owner is gone');
    const n2Block = parsePrefix(`${tunnel}/28`).network.toString();
    const cidr = parsePrefix(`${n2Block}/28`);
    await backend.delete('BlockAffinity', affinityName('n2', cidr));
    await backend.create({
      apiVersion: 'twill.dev/v1',
      kind: 'IPAMHandle',
      metadata: { name: 'h-orphan' },
      spec: { handleID: 'h-orphan', block: {} },
    });
    const report = await ctl('check');
    expect(report.code).to.equal(1);
    expect(report.stdout).to.include(`blocks without affinity (1):\n  ${blockName(cidr)} names node n2`);
    expect(report.stdout).to.include('h-orphan: holds no address');
    expect(report.stdout).to.match(/IPAM has problems/);
    const json = JSON.parse((await ctl('check', '-o', 'json')).stdout) as {
      clean: boolean;
      leaked: { address: string }[];
    };
    expect(json.clean).to.equal(false);
    expect(json.leaked.map((l) => l.address)).to.deep.equal([leaked]);
  });

  it("ipam release: refuses a live pod's address and an ownerless one unless --force; frees a leaked one", async () => {
    const refusedLive = await ctl('release', '--ip', live);
    expect(refusedLive.code).to.equal(1);
    expect(refusedLive.stderr).to.include(
      `not releasing ${live}: WorkloadEndpoint shop/web still lists it, handle h-web`,
    );
    const refusedTunnel = await ctl('release', '--ip', tunnel);
    expect(refusedTunnel.code).to.equal(1);
    expect(refusedTunnel.stderr).to.include('records no owner');

    const freed = await ctl('release', '--ip', leaked);
    expect(freed.code).to.equal(0);
    expect(freed.stdout).to.equal(`released ${leaked} (handle h-gone)\n`);
    expect((await ctl('show', '--ip', leaked)).stdout).to.include('allocated: no');
    const forced = await ctl('release', '--ip', tunnel, '--force');
    expect(forced.code).to.equal(0);
    expect((await ctl('show', '--ip', live)).stdout).to.include('allocated: yes');
    const report = JSON.parse((await ctl('check', '-o', 'json')).stdout) as {
      leaked: unknown[];
      allocatedAddresses: number;
    };
    expect(report.leaked).to.deep.equal([]);
    expect(report.allocatedAddresses).to.equal(1);
    const again = await ctl('release', '--ip', leaked);
    expect(again.code).to.equal(0);
    expect(again.stdout).to.include('is not allocated: nothing to release');
  });

  it('ipam release --leaked frees every leaked address ipam check reports, and nothing else', async () => {
    const n1 = new IpamAllocator({ backend, node: 'n1' });
    const owner = { namespace: 'shop', workloadEndpoint: 'job', node: 'n1' };
    const gone = (await n1.allocate({ handleID: 'h-job', family: 4, count: 2, owner })).map(String);
    const released = await ctl('release', '--leaked');
    expect(released.code).to.equal(0);
    expect(released.stdout)
      .to.include(`released ${gone[0]} (handle h-job)`)
      .and.include(`released ${gone[1]} (handle h-job)`);
    expect(released.stdout).to.include('2 leaked address(es) released');
    const report = JSON.parse((await ctl('check', '-o', 'json')).stdout) as {
      leaked: unknown[];
      allocatedAddresses: number;
    };
    expect(report.leaked).to.deep.equal([]);
    // The live pod's address stays.
    expect(report.allocatedAddresses).to.equal(1);
  });
});
