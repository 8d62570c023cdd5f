import { expect } from 'chai';

import { ObservationTracker } from './observation-tracker.js';

describe('ipam/core ObservationTracker (seen twice, a grace period apart)', () => {
  it('reports an entry only on a later pass after the grace period', () => {
    const tracker = new ObservationTracker<string>(1000);
    const current = new Map([['k', 'v']]);
    expect(tracker.observe(current, 0)).to.deep.equal([]);
    expect(tracker.observe(current, 999)).to.deep.equal([]);
    expect(tracker.observe(current, 1000)).to.deep.equal(['v']);
  });

  it('a single pass never reports, however late', () => {
    const tracker = new ObservationTracker<string>(0);
    expect(tracker.observe(new Map([['k', 'v']]), 1e9)).to.deep.equal([]);
  });

  it('an entry that disappears (or changes key) restarts its clock', () => {
    const tracker = new ObservationTracker<string>(10);
    tracker.observe(new Map([['k@1', 'v']]), 0);
    tracker.observe(new Map([['k@2', 'v']]), 20);
    expect(tracker.observe(new Map([['k@2', 'v']]), 25)).to.deep.equal([]);
    expect(tracker.observe(new Map([['k@2', 'v']]), 30)).to.deep.equal(['v']);
    expect(tracker.size).to.equal(1);
  });
});
