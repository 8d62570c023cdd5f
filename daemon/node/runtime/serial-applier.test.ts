import { expect } from 'chai';

import { MemoryLogger } from '../../../common/index.js';
import { Backoff } from '../../../routing/routetable/index.js';
import { SerialApplier } from './serial-applier.js';

const until = async (condition: () => boolean, timeoutMs = 2000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('SerialApplier', () => {
  it('folds the asks made before a pass starts into one pass, and never runs two passes at once', async () => {
    let passes = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const applier = new SerialApplier({
      what: 'test apply',
      log: new MemoryLogger(),
      apply: async () => {
        passes++;
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
      },
    });
    for (let i = 0; i < 10; i++) applier.schedule();
    await applier.settled();
    expect(passes).to.equal(1);
    applier.schedule();
    await new Promise((r) => setImmediate(r));
    applier.schedule(); // asked while the second pass runs: a third pass follows it
    await until(() => passes === 3);
    await applier.settled();
    expect(maxInFlight).to.equal(1);
    applier.close();
  });

  it('retries a failed pass with backoff, logs each failure, and resets the count on success', async () => {
    const log = new MemoryLogger();
    let calls = 0;
    const applier = new SerialApplier({
      what: 'kernel route apply',
      log,
      backoff: new Backoff({ initialMs: 5, maxMs: 20 }),
      apply: async () => {
        calls++;
        if (calls <= 2) throw new Error(`kernel busy ${calls}`);
      },
    });
    applier.schedule();
    await until(() => calls === 3);
    await applier.settled();
    expect(applier.failures).to.equal(0);
    const errors = log.entries.filter((e) => e.level === 'error');
    expect(errors.map((e) => e.msg)).to.deep.equal([
      'kernel route apply failed; retrying',
      'kernel route apply failed; retrying',
    ]);
    expect(errors.map((e) => e.fields['attempts'])).to.deep.equal([1, 2]);
    applier.close();
  });

  it('stops retrying once closed', async () => {
    let calls = 0;
    const applier = new SerialApplier({
      what: 'test apply',
      log: new MemoryLogger(),
      backoff: new Backoff({ initialMs: 5, maxMs: 5 }),
      apply: async () => {
        calls++;
        throw new Error('always');
      },
    });
    applier.schedule();
    await until(() => calls === 1);
    applier.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).to.equal(1);
    expect(applier.failures).to.equal(1);
  });
});
