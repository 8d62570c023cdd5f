import { expect } from 'chai';

import { MemoryLogger } from '../../../common/index.js';
import { Backoff } from '../../../routing/routetable/index.js';
import { SerialApplier, type PassInfo } from './serial-applier.js';

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

  it('starts an idle pass without waiting for a turn of the event loop, with every same-run ask in it', async () => {
    const passes: { info: PassInfo; afterTurn: boolean }[] = [];
    let turned = false;
    const applier = new SerialApplier({
      what: 'test apply',
      log: new MemoryLogger(),
      apply: async (info) => {
        passes.push({ info, afterTurn: turned });
      },
    });
    // Anything that waits for a turn of the loop (setImmediate) or a timer would see `turned` set.
    setImmediate(() => (turned = true));
    applier.schedule();
    applier.schedule();
    applier.schedule();
    await applier.settled();
    expect(passes).to.have.length(1);
    expect(passes[0]?.afterTurn).to.equal(false);
    expect(passes[0]?.info.asks).to.equal(3);
    applier.close();
  });

  it('folds any number of asks made while a pass runs, over many turns, into exactly one more pass', async () => {
    const passes: PassInfo[] = [];
    let release: () => void = () => {};
    const applier = new SerialApplier({
      what: 'test apply',
      log: new MemoryLogger(),
      apply: (info) => {
        passes.push(info);
        return passes.length === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
    });
    applier.schedule();
    await until(() => passes.length === 1);
    for (let i = 0; i < 50; i++) {
      applier.schedule();
      await new Promise((r) => setImmediate(r));
    }
    expect(passes).to.have.length(1); // still busy: nothing else started
    release();
    await applier.settled();
    expect(passes.map((p) => p.asks)).to.deep.equal([1, 50]);
    applier.close();
  });

  it('reports how long a pass waited since the first ask it serves', async () => {
    let nowMs = 1000;
    const passes: PassInfo[] = [];
    let release: () => void = () => {};
    const applier = new SerialApplier({
      what: 'test apply',
      log: new MemoryLogger(),
      now: () => nowMs,
      apply: (info) => {
        passes.push(info);
        return passes.length === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
    });
    applier.schedule();
    await until(() => passes.length === 1);
    nowMs = 1010;
    applier.schedule(); // waits for the running pass
    nowMs = 1025;
    release();
    await applier.settled();
    expect(passes.map((p) => p.queuedMs)).to.deep.equal([0, 15]);
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
