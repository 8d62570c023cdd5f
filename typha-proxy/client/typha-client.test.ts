import { expect } from 'chai';

import { EtcdBackend, Syncer, type Backend } from '../../datastore/index.js';
import { startEtcd, type EtcdServer } from '../../datastore/testing/etcd-server.js';
import { bgpPeer, ipPool } from '../../datastore/testing/fixtures.js';
import { InterruptibleBackend } from '../../datastore/testing/interruptible-backend.js';
import { Harness } from '../testing/harness.js';
import { harnessPerTest } from '../testing/harness-per-test.js';
import { Recorder, waitFor } from '../testing/recorder.js';
import { createTestPki, type TestPki } from '../testing/test-pki.js';

async function seed(backend: Backend, pools: number, peers = 0): Promise<void> {
  for (let i = 0; i < pools; i++) await backend.create(ipPool(`pool-${i}`, `10.${i}.0.0/16`));
  for (let i = 0; i < peers; i++) await backend.create(bgpPeer(`peer-${i}`, `192.0.2.${i + 1}`, 65000 + i));
}

/** A gate a test opens: the client's next connection attempt waits for it. */
function gate(): { wait: () => Promise<void>; open: () => void; close: () => void } {
  let open = true;
  let release: () => void = () => {};
  let blocked = Promise.resolve();
  return {
    wait: () => (open ? Promise.resolve() : blocked),
    open: () => {
      open = true;
      release();
    },
    close: () => {
      open = false;
      blocked = new Promise((resolve) => (release = resolve));
    },
  };
}

describe('TyphaClient through twill-typha on real etcd', function () {
  this.timeout(60_000);
  const fixture = harnessPerTest('/typha-client');
  let harness: Harness;
  beforeEach(() => {
    harness = fixture.harness();
  });

  it('sees the same resources as a direct syncer, then the same updates and deletes', async () => {
    const writer = harness.backend();
    await seed(writer, 20, 3);
    const server = await harness.server();
    const direct = new Recorder();
    const syncer = new Syncer({ backend: harness.backend(), kinds: ['IPPool', 'BGPPeer'], consumer: direct });
    syncer.start();
    try {
      const viaTypha = await Promise.all([1, 2, 3].map(() => harness.client(server)));
      await direct.until('direct in-sync', () => direct.status === 'in-sync');
      for (const { recorder } of viaTypha) {
        await recorder.until('typha in-sync', () => recorder.status === 'in-sync');
        expect(recorder.picture()).to.deep.equal(direct.picture());
        expect(recorder.statuses).to.deep.equal(['wait-for-datastore', 'in-sync']);
      }
      expect(direct.picture()).to.have.length(23);

      const pool = await writer.get('IPPool', 'pool-3');
      await writer.update({ ...pool, spec: { ...pool.spec, natOutgoing: true } });
      await writer.delete('BGPPeer', 'peer-1');
      await writer.create(ipPool('pool-new', '10.200.0.0/16'));
      await direct.until('direct sees 3 changes', () => direct.updates.length === 26);
      for (const { recorder } of viaTypha) {
        await recorder.until('typha sees 3 changes', () => recorder.updates.length === 26);
        expect(recorder.updatesSince(23)).to.deep.equal([
          'set IPPool/pool-3',
          'deleted BGPPeer/peer-1',
          'set IPPool/pool-new',
        ]);
        expect(recorder.picture()).to.deep.equal(direct.picture());
      }
      // 23 resources listed + 3 changes, each serialized once for all three clients.
      expect(server.metrics.serializations.value()).to.equal(26);
    } finally {
      await syncer.stop();
    }
  });

  it('serves only the kinds a client asks for', async () => {
    await seed(harness.backend(), 5, 2);
    const server = await harness.server();
    const { client, recorder } = await harness.client(server, { kinds: ['BGPPeer'] });
    await recorder.until('in-sync', () => recorder.status === 'in-sync');
    expect(recorder.picture().map((entry) => entry.split('@')[0])).to.deep.equal([
      'BGPPeer/peer-0',
      'BGPPeer/peer-1',
    ]);
    // Filtered by the server: no IPPool ever crossed the wire.
    const writer = harness.backend();
    await writer.create(ipPool('late', '10.100.0.0/16'));
    await writer.create(bgpPeer('late-peer', '192.0.2.99', 65099));
    await recorder.until('the new peer', () => recorder.state.has('BGPPeer/late-peer'));
    expect(recorder.updatesSince(0)).to.not.include('set IPPool/late');
    expect(client.connections()[0]?.frames.DELTA).to.equal(1);
  });

  it('passes an upstream resync on as only the real differences', async () => {
    const writer = harness.backend();
    await seed(writer, 5);
    const upstream = new InterruptibleBackend(harness.backend());
    const server = await harness.server({ backend: upstream });
    const { recorder } = await harness.client(server);
    await recorder.until('in-sync', () => recorder.status === 'in-sync');

    upstream.interrupt();
    const changed = await writer.get('IPPool', 'pool-0');
    await writer.update({ ...changed, spec: { ...changed.spec, disabled: true } });
    await writer.delete('IPPool', 'pool-1');
    await writer.create(ipPool('pool-9', '10.9.0.0/16'));
    const mark = recorder.updates.length;
    upstream.resumeWithResync();

    await recorder.until(
      'resync then in-sync',
      () => recorder.statuses.slice(-2).join() === 'resync,in-sync',
    );
    await recorder.until('three differences', () => recorder.updates.length === mark + 3);
    expect(recorder.updatesSince(mark).sort()).to.deep.equal([
      'deleted IPPool/pool-1',
      'set IPPool/pool-0',
      'set IPPool/pool-9',
    ]);
  });

  it('resumes after a short drop with the missed deltas only', async () => {
    const writer = harness.backend();
    await seed(writer, 100);
    const server = await harness.server();
    const connectGate = gate();
    // No deflate: byte counts then compare like with like.
    const { client, recorder } = await harness.client(server, {
      features: ['resume', 'kinds'],
      beforeConnect: connectGate.wait,
    });
    await recorder.until('in-sync', () => recorder.status === 'in-sync');
    const mark = recorder.updates.length;

    connectGate.close();
    client.dropConnection();
    const positionBefore = server.cache.position;
    const pool = await writer.get('IPPool', 'pool-7');
    await writer.update({ ...pool, spec: { ...pool.spec, natOutgoing: true } });
    await writer.delete('IPPool', 'pool-8');
    await writer.create(ipPool('pool-new', '10.222.0.0/16'));
    await waitFor('typha has the 3 changes', () => server.cache.position === positionBefore + 3);
    connectGate.open();

    await recorder.until('3 missed deltas', () => recorder.updates.length === mark + 3);
    expect(recorder.updatesSince(mark)).to.deep.equal([
      'set IPPool/pool-7',
      'deleted IPPool/pool-8',
      'set IPPool/pool-new',
    ]);
    const [first, second] = client.connections();
    expect(second?.start).to.equal('resume');
    expect(second?.frames.SNAPSHOT_BATCH).to.equal(undefined);
    expect(second?.frames.DELTA).to.equal(3);
    // The first connection carried 100 resources; the resume 3 deltas (plus hello and pings).
    expect(second?.bytesReceived).to.be.below((first?.bytesReceived ?? 0) / 10);
    expect(recorder.statuses).to.deep.equal(['wait-for-datastore', 'in-sync']);
  });

  it('re-snapshots when the delta window has moved on, reporting only real differences', async () => {
    const writer = harness.backend();
    await seed(writer, 50);
    const server = await harness.server({ window: { maxFrames: 2 } });
    const connectGate = gate();
    const { client, recorder } = await harness.client(server, { beforeConnect: connectGate.wait });
    await recorder.until('in-sync', () => recorder.status === 'in-sync');
    const mark = recorder.updates.length;

    connectGate.close();
    client.dropConnection();
    const positionBefore = server.cache.position;
    for (const name of ['pool-1', 'pool-2']) {
      const pool = await writer.get('IPPool', name);
      await writer.update({ ...pool, spec: { ...pool.spec, disabled: true } });
    }
    await writer.delete('IPPool', 'pool-3');
    await writer.create(ipPool('pool-new-a', '10.201.0.0/16'));
    await writer.create(ipPool('pool-new-b', '10.202.0.0/16'));
    await waitFor('typha has the 5 changes', () => server.cache.position === positionBefore + 5);
    connectGate.open();

    await recorder.until('in-sync after the snapshot', () => recorder.statuses.length === 4);
    expect(recorder.statuses).to.deep.equal(['wait-for-datastore', 'in-sync', 'resync', 'in-sync']);
    expect(client.connections()[1]?.start).to.equal('snapshot');
    expect(recorder.updatesSince(mark).sort()).to.deep.equal([
      'deleted IPPool/pool-3',
      'set IPPool/pool-1',
      'set IPPool/pool-2',
      'set IPPool/pool-new-a',
      'set IPPool/pool-new-b',
    ]);
    expect(recorder.state.size).to.equal(51);
  });
});

describe('TyphaClient across an upstream etcd restart', function () {
  this.timeout(60_000);
  let etcd: EtcdServer;
  let pki: TestPki;
  let harness: Harness;

  before(async () => {
    [etcd, pki] = await Promise.all([startEtcd(), createTestPki()]);
    harness = new Harness(pki, etcd.endpoint, '/typha-restart');
  });
  after(async () => {
    await harness?.close();
    await etcd?.stop();
    await pki?.remove();
  });

  it('keeps every resource (no false deletes) and follows writes after the restart', async () => {
    const writer = harness.backend();
    await seed(writer, 10, 2);
    const server = await harness.server();
    const { client, recorder } = await harness.client(server);
    await recorder.until('in-sync', () => recorder.status === 'in-sync');
    const before = recorder.picture();

    await etcd.pause();
    await etcd.resume();
    await writer.create(ipPool('after-restart', '10.250.0.0/16'));
    await recorder.until('the write after the restart', () => recorder.state.has('IPPool/after-restart'));
    await recorder.until('in-sync', () => recorder.status === 'in-sync');

    expect(recorder.updates.filter((update) => update.type === 'deleted')).to.deep.equal([]);
    expect(recorder.picture().filter((entry) => !entry.startsWith('IPPool/after-restart'))).to.deep.equal(
      before,
    );
    const direct = await new EtcdBackend({ endpoints: [etcd.endpoint], keyPrefix: '/typha-restart' });
    try {
      const listed = [...(await direct.list('IPPool')).items, ...(await direct.list('BGPPeer')).items];
      expect(recorder.state.size).to.equal(listed.length);
    } finally {
      await direct.close();
    }
    expect(client.connections()).to.have.length(1);
  });
});
