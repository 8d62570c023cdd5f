import { expect } from 'chai';

import { FakeClock, isTwillError } from '../common/index.js';
import { DatastoreError, type Backend } from '../datastore/index.js';
import { backoffMs, DEFAULT_RETRY_POLICY, retryOnConflict, type RetryPolicy } from './cas-retry.js';
import { pool } from './testing/fixtures.js';
import { MemoryCluster } from './testing/memory-cluster.js';

const instant: RetryPolicy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 0, maxDelayMs: 0, maxAttempts: 4 };
const conflict = () => new DatastoreError('CONFLICT', 'stale');

/** Makes the first `count` updates lose their compare-and-swap, as a concurrent writer would. */
class ConflictingBackend implements Backend {
  constructor(
    private readonly inner: Backend,
    private count: number,
  ) {}
  get: Backend['get'] = (k, n, ns) => this.inner.get(k, n, ns);
  list: Backend['list'] = (k, o) => this.inner.list(k, o);
  create: Backend['create'] = (r) => this.inner.create(r);
  delete: Backend['delete'] = (k, n, o) => this.inner.delete(k, n, o);
  watch: Backend['watch'] = (k, o) => this.inner.watch(k, o);
  close: Backend['close'] = () => this.inner.close();
  update: Backend['update'] = async (r) => {
    if (this.count-- > 0) throw conflict();
    return this.inner.update(r);
  };
}

describe('compare-and-swap retry', () => {
  it('retries CONFLICT until it succeeds', async () => {
    let calls = 0;
    const value = await retryOnConflict('x', instant, async () => {
      if (++calls < 3) throw conflict();
      return 'done';
    });
    expect([value, calls]).to.deep.equal(['done', 3]);
  });

  it('gives up after maxAttempts with RETRIES_EXHAUSTED, and never retries other errors', async () => {
    let calls = 0;
    try {
      await retryOnConflict('update block b', instant, async () => {
        calls++;
        throw conflict();
      });
      expect.fail('should give up');
    } catch (error) {
      expect(isTwillError(error, 'RETRIES_EXHAUSTED')).to.equal(true);
      expect((error as Error).message).to.include('update block b');
    }
    expect(calls).to.equal(4);
    calls = 0;
    const failure = new DatastoreError('BACKEND_FAILURE', 'down');
    try {
      await retryOnConflict('x', instant, async () => {
        calls++;
        throw failure;
      });
    } catch (error) {
      expect(error).to.equal(failure);
    }
    expect(calls).to.equal(1);
  });

  it('waits a jittered, capped, growing delay between attempts (on the injected clock)', async () => {
    const clock = new FakeClock();
    const policy: RetryPolicy = {
      ...DEFAULT_RETRY_POLICY,
      clock,
      random: () => 0.5,
      baseDelayMs: 10,
      maxDelayMs: 35,
    };
    expect([1, 2, 3, 4].map((n) => backoffMs(policy, n))).to.deep.equal([5, 10, 17.5, 17.5]);
    let calls = 0;
    const done = retryOnConflict('x', policy, async () => {
      if (++calls < 2) throw conflict();
      return calls;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.pending()).to.equal(1);
    clock.advance(5);
    expect(await done).to.equal(2);
  });

  it('an allocation survives lost compare-and-swaps on its block and handle writes', async () => {
    const cluster = new MemoryCluster();
    await cluster.backend.create(pool('p', '10.4.0.0/24', { blockSize: 28 }));
    await cluster.allocator('node-1').allocate({ handleID: 'first', family: 4 });
    const ipam = cluster.allocator('node-1', { backend: new ConflictingBackend(cluster.backend, 5) });
    const [ip] = await ipam.allocate({ handleID: 'second', family: 4 });
    expect(String(ip)).to.match(/^10\.4\.0\./);
    const [block] = (await cluster.backend.list('IPAMBlock')).items;
    expect(block?.spec.sequenceNumber).to.equal(2);
  });
});
