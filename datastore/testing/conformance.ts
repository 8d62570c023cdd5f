import { expect } from 'chai';

import { errorCode, isTwillError } from '../../common/index.js';
import type { Backend } from '../backend/backend.js';
import { ValidationError } from '../errors.js';
import type { IPPool } from '../model/index.js';
import { Selector } from '../selector/index.js';
import { bgpPeer, ipPool, workloadEndpoint } from './fixtures.js';
import { describeEvent, takeEvents } from './watch-helpers.js';

/** One datastore under test, fresh and empty for each case. */
export interface BackendHarness {
  readonly backend: Backend;
  /** Discards history up to the current revision, as `etcdctl compact` does. */
  compact(): Promise<void>;
  close(): Promise<void>;
  /**
   * Set when writes this suite does not make also move the store's revision (a real Kubernetes API
   * server writes leases and events all the time): exact-revision checks become ordering checks.
   */
  readonly sharedRevisions?: boolean;
  /**
   * Set when a `deleted` watch event's resource carries the deletion's revision as its
   * resourceVersion rather than its last stored one (Kubernetes' DELETED events do).
   */
  readonly deletedCarriesDeleteRevision?: boolean;
  /** Set when `compact()` cannot force compaction (a real API server's etcd compacts on its own). */
  readonly compactionUnavailable?: boolean;
}

export type BackendFactory = () => Promise<BackendHarness>;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('expected the operation to be refused');
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<unknown> {
  const error = await rejection(promise);
  expect(errorCode(error), String(error)).to.equal(code);
  return error;
}

/**
 * The behaviour every Backend must have, as mocha cases. Call it inside a describe() with a factory;
 * the same cases run against etcd and the in-memory backend (and any future one).
 */
export function backendConformance(factory: BackendFactory): void {
  let harness: BackendHarness;
  let store: Backend;

  beforeEach(async () => {
    harness = await factory();
    store = harness.backend;
  });
  afterEach(async () => {
    await harness.close();
  });

  describe('CRUD', () => {
    it('creates with defaults and server metadata, reads, updates and deletes', async () => {
      const created = await store.create(ipPool('pool-a', '10.65.0.0/16', { zone: 'a' }));
      expect(created.spec.blockSize).to.equal(26);
      expect(created.spec.encapsulation).to.deep.equal({ type: 'None' });
      expect(created.metadata.uid).to.be.a('string').and.not.equal('');
      expect(created.metadata.creationTimestamp).to.match(/^\d{4}-\d\d-\d\dT/);
      expect(created.metadata.resourceVersion).to.be.a('string');
      expect(await store.get('IPPool', 'pool-a')).to.deep.equal(created);

      const updated = await store.update({ ...created, spec: { ...created.spec, natOutgoing: true } });
      expect(updated.metadata.resourceVersion).to.not.equal(created.metadata.resourceVersion);
      expect(updated.metadata.uid).to.equal(created.metadata.uid);
      expect((await store.get('IPPool', 'pool-a')).spec.natOutgoing).to.equal(true);

      const deleted = await store.delete('IPPool', 'pool-a');
      expect(deleted).to.deep.equal(updated);
      await expectCode(store.get('IPPool', 'pool-a'), 'NOT_FOUND');
      await expectCode(store.update(updated), 'NOT_FOUND');
      await expectCode(store.delete('IPPool', 'pool-a'), 'NOT_FOUND');
    });

    it('refuses a second create of the same name and keeps the first', async () => {
      const first = await store.create(ipPool('pool-a', '10.65.0.0/16'));
      await expectCode(store.create(ipPool('pool-a', '10.66.0.0/16')), 'ALREADY_EXISTS');
      expect(await store.get('IPPool', 'pool-a')).to.deep.equal(first);
    });

    it('keeps namespaced objects apart by namespace', async () => {
      await store.create(workloadEndpoint('ns-a', 'pod-1', '10.65.0.1'));
      await store.create(workloadEndpoint('ns-b', 'pod-1', '10.65.0.2'));
      expect((await store.get('WorkloadEndpoint', 'pod-1', 'ns-b')).spec.ipNetworks).to.deep.equal([
        '10.65.0.2/32',
      ]);
      expect(
        (await store.list('WorkloadEndpoint', { namespace: 'ns-a' })).items.map((w) => w.spec.ipNetworks[0]),
      ).to.deep.equal(['10.65.0.1/32']);
      expect((await store.list('WorkloadEndpoint')).items).to.have.length(2);
      await store.delete('WorkloadEndpoint', 'pod-1', { namespace: 'ns-a' });
      await expectCode(store.get('WorkloadEndpoint', 'pod-1', 'ns-a'), 'NOT_FOUND');
      await store.get('WorkloadEndpoint', 'pod-1', 'ns-b');
      await expectCode(store.get('WorkloadEndpoint', 'pod-1'), 'INVALID_ARGUMENT');
    });

    it('does not mix kinds', async () => {
      await store.create(ipPool('same-name', '10.65.0.0/16'));
      await store.create(bgpPeer('same-name', '192.0.2.1', 65001));
      expect((await store.list('IPPool')).items.map((p) => p.kind)).to.deep.equal(['IPPool']);
      expect((await store.get('BGPPeer', 'same-name')).spec.asNumber).to.equal(65001);
    });
  });

  describe('compare-and-swap', () => {
    it('refuses an update or delete with a stale resourceVersion', async () => {
      const v1 = await store.create(ipPool('pool-a', '10.65.0.0/16'));
      const v2 = await store.update({ ...v1, metadata: { ...v1.metadata, labels: { step: '2' } } });
      await expectCode(
        store.update({ ...v1, metadata: { ...v1.metadata, labels: { step: 'stale' } } }),
        'CONFLICT',
      );
      await expectCode(
        store.delete('IPPool', 'pool-a', { resourceVersion: v1.metadata.resourceVersion }),
        'CONFLICT',
      );
      expect(await store.get('IPPool', 'pool-a')).to.deep.equal(v2);
      await store.delete('IPPool', 'pool-a', { resourceVersion: v2.metadata.resourceVersion });
      await expectCode(store.get('IPPool', 'pool-a'), 'NOT_FOUND');
    });

    it('refuses an update without a resourceVersion', async () => {
      const v1 = await store.create(ipPool('pool-a', '10.65.0.0/16'));
      const { resourceVersion: _dropped, ...metadata } = v1.metadata;
      await expectCode(store.update({ ...v1, metadata }), 'INVALID_ARGUMENT');
    });

    it('lets exactly one of many racing writers win with the same resourceVersion', async () => {
      const base = await store.create(ipPool('pool-a', '10.65.0.0/16'));
      const writers = Array.from({ length: 8 }, (_, i) =>
        store.update({ ...base, metadata: { ...base.metadata, labels: { writer: String(i) } } }),
      );
      const results = await Promise.allSettled(writers);
      const winners = results.filter((r) => r.status === 'fulfilled');
      const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(winners).to.have.length(1);
      expect(losers.map((r) => errorCode(r.reason))).to.deep.equal(Array(7).fill('CONFLICT'));
      const winner = (winners[0] as PromiseFulfilledResult<IPPool>).value;
      expect(await store.get('IPPool', 'pool-a')).to.deep.equal(winner);
    });

    it('loses no increment when writers retry on CONFLICT', async () => {
      await store.create(ipPool('counter', '10.65.0.0/16', { count: '0' }));
      const increment = async (): Promise<void> => {
        for (;;) {
          const current = await store.get('IPPool', 'counter');
          const count = Number(current.metadata.labels?.count);
          try {
            await store.update({
              ...current,
              metadata: { ...current.metadata, labels: { count: String(count + 1) } },
            });
            return;
          } catch (error) {
            if (!isTwillError(error, 'CONFLICT')) throw error;
          }
        }
      };
      const workers = Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 5; i++) await increment();
      });
      await Promise.all(workers);
      expect((await store.get('IPPool', 'counter')).metadata.labels?.count).to.equal('20');
    });
  });

  describe('validation before write', () => {
    it('stores nothing from an invalid create and names every field path', async () => {
      const before = await store.list('IPPool');
      const bad = ipPool('bad', '10.65.0.1/16', {}, {
        blockSize: 200,
        encapsulation: { type: 'GRE' },
      } as never);
      const error = await expectCode(store.create(bad), 'INVALID_RESOURCE');
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).to.have.members([
        'spec.cidr',
        'spec.blockSize',
        'spec.encapsulation.type',
      ]);
      expect((error as Error).message).to.include('IPPool "bad"');
      const after = await store.list('IPPool');
      expect(after.items).to.deep.equal([]);
      // Nothing was written, so not even the revision moved.
      if (harness.sharedRevisions !== true) expect(after.revision).to.equal(before.revision);
    });

    it('refuses to change an immutable field and keeps the stored object', async () => {
      const stored = await store.create(ipPool('pool-a', '10.65.0.0/16'));
      const error = await expectCode(
        store.update({ ...stored, spec: { ...stored.spec, blockSize: 28 } }),
        'INVALID_RESOURCE',
      );
      expect((error as ValidationError).issues.map((i) => i.path)).to.deep.equal(['spec.blockSize']);
      expect(await store.get('IPPool', 'pool-a')).to.deep.equal(stored);
    });
  });

  describe('list', () => {
    it('filters by label selector, text or parsed, and returns a revision', async () => {
      await store.create(ipPool('p1', '10.1.0.0/16', { zone: 'a', tier: 'edge' }));
      await store.create(ipPool('p2', '10.2.0.0/16', { zone: 'b' }));
      await store.create(ipPool('p3', '10.3.0.0/16', {}));
      const names = async (selector: string | Selector): Promise<string[]> =>
        (await store.list('IPPool', { selector })).items.map((p) => p.metadata.name).sort();
      expect(await names("zone == 'a'")).to.deep.equal(['p1']);
      expect(await names("zone != 'a'")).to.deep.equal(['p2', 'p3']);
      expect(await names("has(zone) && !(tier in {'edge'})")).to.deep.equal(['p2']);
      expect(
        await names(Selector.fromLabelSelector({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] })),
      ).to.deep.equal(['p1', 'p2']);
      expect(await names('all()')).to.deep.equal(['p1', 'p2', 'p3']);
      const listed = await store.list('IPPool');
      const last = (await store.get('IPPool', 'p3')).metadata.resourceVersion as string;
      if (harness.sharedRevisions === true) expect(BigInt(listed.revision) >= BigInt(last)).to.equal(true);
      else expect(listed.revision).to.equal(last);
      await expectCode(store.list('IPPool', { selector: 'zone ==' }), 'INVALID_SELECTOR');
    });
  });

  describe('watch', () => {
    it('delivers added, modified and deleted in revision order from a list revision', async () => {
      await store.create(ipPool('before', '10.9.0.0/16'));
      const { revision } = await store.list('IPPool');
      const watch = store.watch('IPPool', { fromRevision: revision });
      try {
        const a = await store.create(ipPool('a', '10.1.0.0/16'));
        await store.create(bgpPeer('not-a-pool', '192.0.2.1', 65001));
        const a2 = await store.update({ ...a, metadata: { ...a.metadata, labels: { x: 'y' } } });
        await store.create(ipPool('b', '10.2.0.0/16'));
        await store.delete('IPPool', 'a');
        const events = await takeEvents(watch, 4);
        expect(events.map(describeEvent)).to.deep.equal(['added a', 'modified a', 'added b', 'deleted a']);
        const revisions = events.map((e) => (e.type === 'resync-needed' ? 0n : BigInt(e.revision)));
        expect([...revisions].sort((x, y) => (x < y ? -1 : 1))).to.deep.equal(revisions);
        expect(new Set(revisions).size).to.equal(4);
        const [added, modified, , deleted] = events;
        expect(added?.type === 'added' && added.resource).to.deep.equal(a);
        expect(modified?.type === 'modified' && modified.resource).to.deep.equal(a2);
        // A delete reports the last stored state of what went away.
        const lastState =
          harness.deletedCarriesDeleteRevision === true && deleted?.type === 'deleted'
            ? { ...a2, metadata: { ...a2.metadata, resourceVersion: deleted.revision } }
            : a2;
        expect(deleted?.type === 'deleted' && deleted.resource).to.deep.equal(lastState);
      } finally {
        watch.close();
      }
    });

    it('replays history from an old revision, then continues live', async () => {
      const start = (await store.list('IPPool')).revision;
      const a = await store.create(ipPool('a', '10.1.0.0/16'));
      await store.update({ ...a, spec: { ...a.spec, disabled: true } });
      const middle = (await store.list('IPPool')).revision;
      await store.delete('IPPool', 'a');
      const fromStart = store.watch('IPPool', { fromRevision: start });
      const fromMiddle = store.watch('IPPool', { fromRevision: middle });
      try {
        expect((await takeEvents(fromStart, 3)).map(describeEvent)).to.deep.equal([
          'added a',
          'modified a',
          'deleted a',
        ]);
        expect((await takeEvents(fromMiddle, 1)).map(describeEvent)).to.deep.equal(['deleted a']);
        await store.create(ipPool('c', '10.3.0.0/16'));
        expect((await takeEvents(fromStart, 1)).map(describeEvent)).to.deep.equal(['added c']);
        expect((await takeEvents(fromMiddle, 1)).map(describeEvent)).to.deep.equal(['added c']);
      } finally {
        fromStart.close();
        fromMiddle.close();
      }
    });

    it('filters by namespace', async () => {
      const { revision } = await store.list('WorkloadEndpoint');
      const watch = store.watch('WorkloadEndpoint', { namespace: 'ns-b', fromRevision: revision });
      try {
        await store.create(workloadEndpoint('ns-a', 'pod-a', '10.65.0.1'));
        await store.create(workloadEndpoint('ns-b', 'pod-b', '10.65.0.2'));
        expect((await takeEvents(watch, 1)).map(describeEvent)).to.deep.equal(['added pod-b']);
      } finally {
        watch.close();
      }
    });

    it('signals resync-needed when the revision asked for is compacted, and works again after a re-list', async function () {
      if (harness.compactionUnavailable === true) this.skip(); // This store cannot be compacted on demand.
      const old = (await store.list('IPPool')).revision;
      const a = await store.create(ipPool('a', '10.1.0.0/16'));
      await store.update({ ...a, spec: { ...a.spec, natOutgoing: true } });
      await store.create(ipPool('b', '10.2.0.0/16'));
      await harness.compact();
      const stale = store.watch('IPPool', { fromRevision: old });
      try {
        const [event] = await takeEvents(stale, 1);
        expect(event?.type === 'resync-needed' && event.reason).to.equal('compacted');
        expect(await takeEvents(stale, 1).catch((e: Error) => e.message)).to.match(/watch ended after 0/);
      } finally {
        stale.close();
      }
      const relisted = await store.list('IPPool');
      expect(relisted.items.map((p) => p.metadata.name)).to.deep.equal(['a', 'b']);
      const fresh = store.watch('IPPool', { fromRevision: relisted.revision });
      try {
        await store.delete('IPPool', 'b');
        expect((await takeEvents(fresh, 1)).map(describeEvent)).to.deep.equal(['deleted b']);
      } finally {
        fresh.close();
      }
    });
  });
}
