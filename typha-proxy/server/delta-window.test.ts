import { expect } from 'chai';

import { encodeFrame, MESSAGE_TYPES } from '../proto/index.js';
import { DeltaWindow } from './delta-window.js';
import { SharedFrame } from './shared-frame.js';

const frame = (position: number, bytes = 10): SharedFrame =>
  new SharedFrame(
    MESSAGE_TYPES.DELTA,
    position,
    'IPPool',
    encodeFrame(MESSAGE_TYPES.DELTA, Buffer.alloc(bytes - 6)),
    0,
    1024,
  );

const positions = (frames: SharedFrame[] | undefined): number[] | undefined => frames?.map((f) => f.position);

describe('DeltaWindow', () => {
  it('resumes from any position whose successors are all held', () => {
    const window = new DeltaWindow({ maxFrames: 3, maxBytes: 1000 });
    expect(positions(window.since(0))).to.deep.equal([]);
    for (let p = 1; p <= 5; p++) window.add(frame(p));
    expect(positions(window.since(2))).to.deep.equal([3, 4, 5]);
    expect(positions(window.since(4))).to.deep.equal([5]);
    expect(positions(window.since(5))).to.deep.equal([]);
    expect(window.since(1)).to.equal(undefined); // position 2 is gone
    expect(window.since(6)).to.equal(undefined); // from the future (another epoch's numbering)
  });

  it('bounds the bytes held as well as the count', () => {
    const window = new DeltaWindow({ maxFrames: 100, maxBytes: 250 });
    for (let p = 1; p <= 5; p++) window.add(frame(p, 100));
    expect(window.heldBytes).to.equal(200);
    expect(positions(window.since(3))).to.deep.equal([4, 5]);
    expect(window.since(2)).to.equal(undefined);
  });

  it('stays correct across many evictions', () => {
    const window = new DeltaWindow({ maxFrames: 10, maxBytes: 1 << 20 });
    for (let p = 1; p <= 5000; p++) window.add(frame(p));
    expect(window.size).to.equal(10);
    expect(positions(window.since(4990))).to.deep.equal([
      4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999, 5000,
    ]);
    expect(window.since(4989)).to.equal(undefined);
  });
});
