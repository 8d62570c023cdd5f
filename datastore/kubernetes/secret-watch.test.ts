import { expect } from 'chai';

import { nullLogger } from '../../common/index.js';
import { waitFor } from '../../lab/wait.js';
import { SecretWatch } from './secret-watch.js';
import { startStandInBackend, type StandInHarness } from './testing/stand-in-harness.js';

describe('SecretWatch (core/v1 Secrets of one namespace, over the stand-in API server)', () => {
  let harness: StandInHarness;
  let watch: SecretWatch;
  let changes = 0;
  const value = (name: string, key: string): string => JSON.stringify(watch.lookup(name, key));

  beforeEach(async () => {
    harness = await startStandInBackend();
    harness.standIn.secrets.put({
      metadata: { namespace: 'twill-system', name: 'bgp' },
      stringData: { tor1: 'first-key' },
    });
    harness.standIn.secrets.put({
      metadata: { namespace: 'other', name: 'bgp' },
      stringData: { tor1: 'not-ours' },
    });
    changes = 0;
    watch = new SecretWatch({
      kubeConfig: harness.kubeConfig,
      namespace: 'twill-system',
      log: nullLogger,
      retryDelayMs: 50,
    });
    watch.onChange(() => changes++);
  });
  afterEach(async () => {
    watch.stop();
    await harness.close();
  });

  it('before the first list a lookup says so; then the key of its own namespace is read', async () => {
    expect(watch.lookup('bgp', 'tor1')).to.deep.equal({
      reason: 'password: Secret twill-system/bgp key tor1: Secrets not read yet',
    });
    watch.start();
    await waitFor('the first list', async () => (changes > 0 ? true : undefined), {
      timeoutMs: 5000,
      intervalMs: 20,
    });
    expect(watch.lookup('bgp', 'tor1')).to.deep.equal({ value: 'first-key' });
  });

  it('follows changes through the watch: a new value, a missing key, a deleted Secret, a new one', async () => {
    watch.start();
    await waitFor('the first list', async () => (changes > 0 ? true : undefined), {
      timeoutMs: 5000,
      intervalMs: 20,
    });
    const put = (data: Record<string, string>, name = 'bgp'): void =>
      harness.standIn.secrets.put({ metadata: { namespace: 'twill-system', name }, stringData: data });
    put({ tor1: 'second-key' });
    await waitFor(
      'the new value',
      async () => (value('bgp', 'tor1').includes('second-key') ? true : undefined),
      {
        timeoutMs: 5000,
        intervalMs: 20,
      },
    );
    put({ tor2: 'x' });
    await waitFor(
      'the key gone',
      async () => (value('bgp', 'tor1').includes('has no key') ? true : undefined),
      {
        timeoutMs: 5000,
        intervalMs: 20,
      },
    );
    expect(watch.lookup('bgp', 'tor1')).to.deep.equal({
      reason: 'password: Secret twill-system/bgp has no key tor1',
    });
    harness.standIn.secrets.delete('twill-system', 'bgp');
    await waitFor(
      'the Secret gone',
      async () => (value('bgp', 'tor1').includes('not found') ? true : undefined),
      {
        timeoutMs: 5000,
        intervalMs: 20,
      },
    );
    // A watch the server ends is followed by a new list and watch: later changes still arrive.
    harness.standIn.secrets.endWatches();
    put({ tor1: 'third-key' }, 'bgp');
    await waitFor(
      'the value after a re-list',
      async () => (value('bgp', 'tor1').includes('third-key') ? true : undefined),
      {
        timeoutMs: 5000,
        intervalMs: 20,
      },
    );
    put({ tor1: 'fourth-key' }, 'bgp');
    await waitFor(
      'the value through the new watch',
      async () => (value('bgp', 'tor1').includes('fourth') ? true : undefined),
      {
        timeoutMs: 5000,
        intervalMs: 20,
      },
    );
  });

  it('refuses keys TCP MD5 cannot take (empty, over 80 octets) with the reason', async () => {
    harness.standIn.secrets.put({
      metadata: { namespace: 'twill-system', name: 'bad' },
      stringData: { empty: '', long: 'k'.repeat(81), max: 'k'.repeat(80) },
    });
    watch.start();
    await waitFor('the first list', async () => (changes > 0 ? true : undefined), {
      timeoutMs: 5000,
      intervalMs: 20,
    });
    expect(watch.lookup('bad', 'empty')).to.deep.equal({
      reason: 'password: Secret twill-system/bad key empty is empty',
    });
    expect(watch.lookup('bad', 'long')).to.deep.equal({
      reason: 'password: Secret twill-system/bad key long is 81 octets; TCP MD5 takes at most 80',
    });
    expect(watch.lookup('bad', 'max')).to.deep.equal({ value: 'k'.repeat(80) });
  });

  it('an API it cannot reach: the lookup reason carries the list error', async () => {
    await harness.standIn.stop();
    watch.start();
    await waitFor(
      'a list failure',
      async () => (value('bgp', 'tor1').includes('not readable') ? true : undefined),
      {
        timeoutMs: 5000,
        intervalMs: 20,
      },
    );
  });
});
