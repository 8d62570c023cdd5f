import { expect } from 'chai';

import type { AnyResource } from '../../datastore/index.js';
import { ipPool } from '../../datastore/testing/fixtures.js';
import { Backoff } from './backoff.js';
import { ClientCache } from './client-cache.js';
import { syncKey } from '../../datastore/index.js';

const at = (name: string, version: string): AnyResource => {
  const pool = ipPool(name, '10.0.0.0/16');
  return { ...pool, metadata: { ...pool.metadata, resourceVersion: version } };
};

describe('ClientCache', () => {
  it('reports a re-sent resource only when its version changed', () => {
    const cache = new ClientCache();
    expect(cache.set(at('a', '1'))?.type).to.equal('set');
    expect(cache.set(at('a', '1'))).to.equal(undefined);
    expect(cache.set(at('a', '2'))?.type).to.equal('set');
    expect(cache.delete(at('b', '1'))).to.equal(undefined);
    expect(cache.delete(at('a', '1'))).to.deep.include({ type: 'deleted', key: 'IPPool/a' });
  });

  it('turns a full re-snapshot into just its differences, deletes carrying the last state', () => {
    const cache = new ClientCache();
    for (const r of [at('same', '1'), at('changed', '1'), at('gone', '3')]) cache.set(r);
    const fresh = new Map([at('same', '1'), at('changed', '2'), at('new', '4')].map((r) => [syncKey(r), r]));
    const diff = cache.replace(fresh).map((u) => `${u.type} ${u.key}@${u.resource.metadata.resourceVersion}`);
    expect(diff.sort()).to.deep.equal(['deleted IPPool/gone@3', 'set IPPool/changed@2', 'set IPPool/new@4']);
    expect(cache.size).to.equal(3);
  });

  it('keeps what a snapshot taken before typha was in sync lacks, until typha is in sync', () => {
    const cache = new ClientCache();
    for (const r of [at('listed', '1'), at('late', '2'), at('gone', '3')]) cache.set(r);
    // A restarted typha's first snapshot: its upstream has listed only part of the datastore.
    const partial = new Map([at('listed', '1')].map((r) => [syncKey(r), r]));
    expect(cache.replace(partial, false)).to.deep.equal([]);
    expect(cache.size).to.equal(3);
    // Its upstream goes on listing: the late resource arrives as a delta (same version: nothing new).
    expect(cache.set(at('late', '2'))).to.equal(undefined);
    const gone = cache.settle().map((u) => `${u.type} ${u.key}@${u.resource.metadata.resourceVersion}`);
    expect(gone).to.deep.equal(['deleted IPPool/gone@3']);
    expect(cache.size).to.equal(2);
    expect(cache.settle()).to.deep.equal([]);
  });
});

describe('Backoff', () => {
  it('grows exponentially up to the cap, jittered within [cap/2, cap], and resets', () => {
    const low = new Backoff({ initialMs: 100, maxMs: 1000 }, () => 0);
    const high = new Backoff({ initialMs: 100, maxMs: 1000 }, () => 1);
    expect([1, 2, 3, 4, 5].map(() => low.nextDelayMs())).to.deep.equal([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map(() => high.nextDelayMs())).to.deep.equal([100, 200, 400, 800, 1000]);
    low.reset();
    expect(low.nextDelayMs()).to.equal(50);
  });
});
