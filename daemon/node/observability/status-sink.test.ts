// The status writer's datastore edge against real backends: an in-memory one, a real etcd, and the
// Kubernetes backend over the stand-in API server (where status goes through the /status subresource).
import { expect } from 'chai';

import { MemoryLogger, systemClock } from '../../../common/index.js';
import {
  EtcdBackend,
  MemoryBackend,
  ValidationError,
  type Backend,
  type TwillNodeStatus,
  type TwillNodeStatusStatus,
} from '../../../datastore/index.js';
import {
  startStandInBackend,
  type StandInHarness,
} from '../../../datastore/kubernetes/testing/stand-in-harness.js';
import { startEtcd, type EtcdServer } from '../../../datastore/testing/etcd-server.js';
import { DatastoreStatusSink } from './status-sink.js';
import { StatusWriter } from './status-writer.js';

const status = (version: string): TwillNodeStatusStatus => ({
  observedAt: '2026-11-26T10:00:00Z',
  agent: { version, ready: true },
  bgp: {
    routerId: '10.0.0.1',
    asNumber: 64512,
    peers: [{ address: '10.0.0.2', type: 'NodeMesh', state: 'Established' }],
  },
});

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function sinkSuite(name: string, open: () => Promise<{ backend: Backend; close(): Promise<void> }>): void {
  describe(`DatastoreStatusSink on ${name}`, function () {
    this.timeout(30_000);
    let backend: Backend;
    let close: () => Promise<void> = async () => undefined;

    before(async () => {
      ({ backend, close } = await open());
    });
    after(async () => close());

    it('creates the object, then updates only its status, keeping what an operator added', async () => {
      const sink = new DatastoreStatusSink(backend, 'node-a');
      await sink.write(status('1'));
      const created = await backend.get('TwillNodeStatus', 'node-a');
      expect(created.status).to.deep.equal(status('1'));
      await backend.update({ ...created, metadata: { ...created.metadata, labels: { rack: 'r1' } } });
      await sink.write(status('2'));
      const updated = await backend.get('TwillNodeStatus', 'node-a');
      expect(updated.status?.agent?.version).to.equal('2');
      expect(updated.metadata.labels).to.deep.equal({ rack: 'r1' });
    });

    it('wins a compare-and-swap race by re-reading, and re-creates an object an operator deleted', async () => {
      const sink = new DatastoreStatusSink(backend, 'node-b');
      await sink.write(status('1'));
      // Another writer moves the resourceVersion under the sink's cached copy: its update gets CONFLICT.
      const other = await backend.get('TwillNodeStatus', 'node-b');
      await backend.update({ ...other, status: status('other') });
      await sink.write(status('2'));
      expect((await backend.get('TwillNodeStatus', 'node-b')).status?.agent?.version).to.equal('2');
      await backend.delete('TwillNodeStatus', 'node-b');
      await sink.write(status('3'));
      expect((await backend.get('TwillNodeStatus', 'node-b')).status?.agent?.version).to.equal('3');
    });

    it('refuses a bad status with its field path and stores nothing', async () => {
      const sink = new DatastoreStatusSink(backend, 'node-c');
      const bad = { ...status('1'), routes: { programmed: -3 } };
      let error: unknown;
      try {
        await sink.write(bad);
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).to.deep.equal([
        'status.routes.programmed',
      ]);
      const names = (await backend.list('TwillNodeStatus')).items.map(
        (i: TwillNodeStatus) => i.metadata.name,
      );
      expect(names).to.not.include('node-c');
    });

    it('with the writer on a real clock: 50 changes become a few writes, the last state wins', async () => {
      const state = { version: 0 };
      const writer = new StatusWriter({
        clock: systemClock,
        log: new MemoryLogger(),
        sink: new DatastoreStatusSink(backend, 'node-d'),
        timing: { intervalMs: 300, urgentDelayMs: 50, urgentMinIntervalMs: 200 },
        build: () => status(String(state.version)),
      });
      writer.start();
      for (let i = 0; i < 50; i++) {
        state.version += 1;
        writer.notify(i % 10 === 0);
      }
      await waitFor(
        async () =>
          (await backend.get('TwillNodeStatus', 'node-d').catch(() => undefined))?.status?.agent?.version ===
          '50',
        'version 50 written',
      );
      await writer.close();
      // At start one write, then the urgent and ordinary changes coalesced: far fewer than 50.
      expect(writer.stats.writes).to.be.within(1, 4);
      expect(writer.stats.failures).to.equal(0);
    });
  });
}

sinkSuite('the in-memory backend', async () => {
  const backend = new MemoryBackend();
  return { backend, close: () => backend.close() };
});

sinkSuite('a real etcd', async () => {
  const server: EtcdServer = await startEtcd();
  const backend = new EtcdBackend({ endpoints: [server.endpoint] });
  return {
    backend,
    close: async () => {
      await backend.close();
      await server.stop();
    },
  };
});

sinkSuite('Kubernetes (stand-in API server, /status subresource)', async () => {
  const harness: StandInHarness = await startStandInBackend();
  return { backend: harness.backend, close: () => harness.close() };
});
