// The datastore probe against a real etcd (datastore/testing/etcd-server.ts) that is stopped and started
// again: the syncer over the same backend stays `in-sync` through the outage (the reason the probe
// exists), while the probe reports it and reports the return.
import { expect } from 'chai';

import { MemoryLogger } from '../../../common/index.js';
import { EtcdBackend, type SyncStatus } from '../../../datastore/index.js';
import { startEtcd, type EtcdServer } from '../../../datastore/testing/etcd-server.js';
import { waitFor } from '../../../lab/wait.js';
import { backendSyncSource } from './sync-source.js';
import { DatastoreProbe, type DatastoreConnection } from './datastore-probe.js';

describe('DatastoreProbe (real etcd stopped and restarted)', function () {
  this.timeout(60_000);
  let server: EtcdServer;
  let backend: EtcdBackend;

  before(async () => {
    server = await startEtcd();
    backend = new EtcdBackend({ endpoints: [server.endpoint] });
  });
  after(async () => {
    await backend.close();
    await server.stop();
  });

  it('sees the outage the syncer does not, and the return; NOT_FOUND counts as an answer', async () => {
    const flips: DatastoreConnection[] = [];
    const statuses: SyncStatus[] = [];
    const source = backendSyncSource(backend, new MemoryLogger(), 'no-such-node')(
      { onStatus: (s) => statuses.push(s), onUpdates: () => undefined },
      ['Node'],
      (c) => flips.push(c),
    );
    const poll = { timeoutMs: 20_000, intervalMs: 200 };
    source.start();
    try {
      await waitFor(
        'connected and in sync',
        async () =>
          source.connection?.().connected === true && statuses.at(-1) === 'in-sync' ? true : undefined,
        poll,
      );
      await server.pause();
      const down = await waitFor(
        'disconnected',
        async () => (source.connection?.().connected === false ? source.connection() : undefined),
        poll,
      );
      expect(down.error).to.be.a('string').and.not.equal('');
      // The reason for the probe: the syncer has nothing new to say and stays in sync.
      expect(statuses.at(-1)).to.equal('in-sync');
      await server.resume();
      await waitFor(
        'connected again',
        async () => (source.connection?.().connected === true ? true : undefined),
        poll,
      );
      expect(flips.map((f) => f.connected)).to.deep.equal([true, false, true]);
      // The outage is remembered once it is over (a status written to etcd can only tell of it then).
      const back = source.connection?.();
      expect(back?.lastOutage).to.deep.equal({
        fromMs: down.sinceMs,
        toMs: back?.sinceMs,
        error: back?.lastOutage?.error,
      });
      expect(back?.lastOutage?.error).to.be.a('string');
    } finally {
      await source.stop();
    }
  });

  it('gives up on a backend that does not answer within the timeout', async () => {
    const hung = { get: () => new Promise<never>(() => undefined) };
    const probe = new DatastoreProbe({ backend: hung, nodeName: 'n1', timeoutMs: 50 });
    const state = await probe.probe();
    expect(state).to.deep.include({ connected: false, error: 'no answer within 50 ms' });
  });
});
