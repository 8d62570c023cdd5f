// STATUS (CNI 1.1) against a real etcd: ready with room, 51 when the only pool is full (and ADD then
// fails with Twill IPAM's code 100), 50 when the datastore is unreachable or no pool exists.
import { expect } from 'chai';

import { ipPool } from '../../datastore/testing/fixtures.js';
import { CniTestBed } from './testing/test-bed.js';

describe('twill-cni STATUS (real etcd)', function () {
  this.timeout(60_000);
  let bed: CniTestBed;

  before(async () => {
    // Two addresses in all: a /31 pool cut into one /31 block.
    bed = await CniTestBed.start([ipPool('tiny', '10.99.0.0/31', {}, { blockSize: 31 })]);
  });
  after(async () => {
    await bed?.close();
  });

  it('answers 0 with room, 51 once the pool is exhausted, and ADD then fails with code 100', async () => {
    const config = bed.config({}, '1.1.0');
    const ready = await bed.runBare('STATUS', config);
    expect(ready.exitCode, ready.stdout).to.equal(0);
    expect(ready.stdout).to.equal('');
    for (const id of ['ctr-1', 'ctr-2']) {
      const add = await bed.run('ADD', bed.pod(id), config);
      expect(add.exitCode, add.stdout).to.equal(0);
    }
    const full = await bed.runBare('STATUS', config);
    expect(full.json).to.include({ code: 51, cniVersion: '1.1.0' });
    expect(full.json?.msg).to.include('tiny');
    const third = await bed.run('ADD', bed.pod('ctr-3'), config);
    expect(third.json).to.include({ code: 100 });
    expect(third.json?.msg).to.match(/POOL_EXHAUSTED/);
    // The failed ADD left nothing behind.
    const handles = (await bed.store.list('IPAMHandle')).items.map((h) => h.spec.handleID);
    expect(handles).to.not.include('twill-cni/twill-test/ctr-3/eth0');
  });

  it('answers 50 when no pool serves a requested family, or the datastore is unreachable', async () => {
    const noV6 = await bed.runBare(
      'STATUS',
      bed.config({ ipam: { assignIPv4: false, assignIPv6: true } }, '1.1.0'),
    );
    expect(noV6.json).to.include({ code: 50 });
    expect(noV6.json?.msg).to.include('IPv6');
    const down = await bed.runBare('STATUS', {
      ...bed.config({}, '1.1.0'),
      datastore: { type: 'etcd', endpoints: ['unix:///nonexistent/twt-cni.sock'] },
      timeoutMs: 1500,
    });
    expect(down.json).to.include({ code: 50 });
    expect(down.json?.msg).to.include('unix:///nonexistent/twt-cni.sock');
  });

  it('refuses STATUS and GC for a config older than 1.1.0 (code 1)', async () => {
    const status = await bed.runBare('STATUS', bed.config({}, '1.0.0'));
    expect(status.json).to.include({ code: 1 });
    const gc = await bed.runBare('GC', bed.config({ 'cni.dev/valid-attachments': [] }, '1.0.0'));
    expect(gc.json).to.include({ code: 1 });
  });
});
