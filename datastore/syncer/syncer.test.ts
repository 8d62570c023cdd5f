import { expect } from 'chai';

import type { Backend } from '../backend/backend.js';
import { EtcdBackend } from '../backend/etcd-backend.js';
import { MemoryBackend } from '../backend/memory-backend.js';
import { startEtcd, type EtcdServer } from '../testing/etcd-server.js';
import { bgpPeer, ipPool } from '../testing/fixtures.js';
import { InterruptibleBackend } from '../testing/interruptible-backend.js';
import { Syncer, type SyncStatus, type SyncUpdate } from './syncer.js';

type Entry = { status: SyncStatus } | { update: string };

/** Records statuses and updates in one ordered log, and waits for conditions with a deadline. */
class Recorder {
  readonly log: Entry[] = [];
  private waiters: Array<() => void> = [];

  onStatus(status: SyncStatus): void {
    this.push({ status });
  }

  onUpdates(updates: readonly SyncUpdate[]): void {
    for (const update of updates) this.push({ update: `${update.type} ${update.key}` });
  }

  async until(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${what}; log: ${JSON.stringify(this.log)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  updatesSince(index: number): string[] {
    return this.log.slice(index).flatMap((entry) => ('update' in entry ? [entry.update] : []));
  }

  statuses(): SyncStatus[] {
    return this.log.flatMap((entry) => ('status' in entry ? [entry.status] : []));
  }

  private push(entry: Entry): void {
    this.log.push(entry);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

function syncerCases(makeBackend: () => Promise<Backend>): void {
  let backend: InterruptibleBackend;
  let recorder: Recorder;
  let syncer: Syncer;

  beforeEach(async () => {
    backend = new InterruptibleBackend(await makeBackend());
    recorder = new Recorder();
    syncer = new Syncer({ backend, kinds: ['IPPool', 'BGPPeer'], consumer: recorder, retryDelayMs: 50 });
  });
  afterEach(async () => {
    await syncer.stop();
    await backend.close();
  });

  const inSyncCount = (): number => recorder.statuses().filter((s) => s === 'in-sync').length;

  it('emits the snapshot, then in-sync, then deltas in order', async () => {
    await backend.create(ipPool('a', '10.1.0.0/16'));
    await backend.create(ipPool('b', '10.2.0.0/16'));
    await backend.create(bgpPeer('tor', '192.0.2.1', 65001));
    syncer.start();
    await recorder.until('in-sync', () => inSyncCount() === 1);
    const inSyncAt = recorder.log.findIndex((e) => 'status' in e && e.status === 'in-sync');
    expect(recorder.statuses()).to.deep.equal(['wait-for-datastore', 'resync', 'in-sync']);
    expect(recorder.updatesSince(0).sort()).to.deep.equal([
      'set BGPPeer/tor',
      'set IPPool/a',
      'set IPPool/b',
    ]);
    expect(recorder.updatesSince(inSyncAt)).to.deep.equal([]);

    const a = await backend.get('IPPool', 'a');
    await backend.update({ ...a, spec: { ...a.spec, disabled: true } });
    await backend.delete('IPPool', 'b');
    await backend.create(ipPool('c', '10.3.0.0/16'));
    await recorder.until('three deltas', () => recorder.updatesSince(inSyncAt).length === 3);
    expect(recorder.updatesSince(inSyncAt)).to.deep.equal([
      'set IPPool/a',
      'deleted IPPool/b',
      'set IPPool/c',
    ]);
  });

  it('re-lists on resync and reports only what really changed', async () => {
    await backend.create(ipPool('changed', '10.1.0.0/16'));
    await backend.create(ipPool('gone', '10.2.0.0/16'));
    await backend.create(ipPool('same', '10.3.0.0/16'));
    syncer.start();
    await recorder.until('in-sync', () => inSyncCount() === 1);
    const watchesBefore = backend.watches;

    // Changes the syncer's watch never sees, as if they fell into a compacted gap.
    backend.interrupt();
    const changed = await backend.get('IPPool', 'changed');
    await backend.update({ ...changed, spec: { ...changed.spec, natOutgoing: true } });
    await backend.delete('IPPool', 'gone');
    await backend.create(ipPool('new', '10.4.0.0/16'));
    const mark = recorder.log.length;
    backend.resumeWithResync();

    await recorder.until('in-sync again', () => inSyncCount() === 2);
    expect(recorder.statuses().slice(-2)).to.deep.equal(['resync', 'in-sync']);
    expect(recorder.updatesSince(mark).sort()).to.deep.equal([
      'deleted IPPool/gone',
      'set IPPool/changed',
      'set IPPool/new',
    ]);
    expect(backend.watches).to.equal(watchesBefore + 2);

    // And it keeps following live changes from the new watch.
    const after = recorder.log.length;
    await backend.delete('IPPool', 'same');
    await recorder.until('live delete', () => recorder.updatesSince(after).length === 1);
    expect(recorder.updatesSince(after)).to.deep.equal(['deleted IPPool/same']);
  });
}

describe('Syncer', () => {
  describe('on the in-memory backend', () => {
    syncerCases(async () => new MemoryBackend());
  });

  describe('on real etcd', function () {
    this.timeout(20_000);
    let server: EtcdServer | undefined;
    let caseNumber = 0;
    before(async () => {
      server = await startEtcd();
    });
    after(async () => {
      await server?.stop();
    });
    syncerCases(async () => {
      if (server === undefined) throw new Error('etcd did not start');
      return new EtcdBackend({ endpoints: [server.endpoint], keyPrefix: `/syncer-${++caseNumber}` });
    });
  });
});
