import { expect } from 'chai';

import { DatastoreLag } from './datastore-lag.js';

/** A dataplane whose pending work finishes when the test says so. */
function dataplane(): { settled: () => Promise<void>; finish: () => void } {
  let waiting: Array<() => void> = [];
  return {
    settled: () => new Promise<void>((resolve) => waiting.push(resolve)),
    finish: () => {
      const done = waiting;
      waiting = [];
      for (const resolve of done) resolve();
    },
  };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('DatastoreLag (syncer batch → dataplane work done)', () => {
  it('is unknown before the first batch, then the time until the work it caused was done', async () => {
    let now = 1_000;
    const d = dataplane();
    const lag = new DatastoreLag(d.settled, () => now);
    expect(lag.lagSec()).to.equal(undefined);
    lag.received(1_000);
    now = 1_400;
    await turn();
    d.finish();
    await turn();
    expect(lag.lagSec()).to.equal(0.4);
  });

  it('grows while the work is stuck, and batches arriving meanwhile are measured from the oldest', async () => {
    let now = 0;
    const d = dataplane();
    const lag = new DatastoreLag(d.settled, () => now);
    lag.received(0);
    now = 3_000;
    expect(lag.lagSec()).to.equal(3);
    lag.received(2_000);
    lag.received(2_500);
    now = 5_000;
    d.finish(); // the first batch's work; the two later ones wait for another pass
    await turn();
    expect(lag.lagSec()).to.equal(5);
    now = 5_200;
    d.finish();
    await turn();
    // max(last measured 5 s, nothing running) = 5 s until a new figure replaces it: 3.2 s for the later batches.
    expect(lag.lagSec()).to.equal(3.2);
  });
});
