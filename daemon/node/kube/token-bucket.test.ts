import { expect } from 'chai';

import { TokenBucket } from './token-bucket.js';

describe('TokenBucket (event rate limit)', () => {
  it('gives the burst, then one token per interval, never more than the burst', () => {
    const bucket = new TokenBucket(3, 1000, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).to.deep.equal([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.waitMs(400)).to.equal(600);
    expect(bucket.take(999)).to.equal(false);
    expect(bucket.take(1000)).to.equal(true);
    expect(bucket.take(1500)).to.equal(false);
    // A long quiet time refills to the burst only.
    expect([1, 2, 3, 4].map(() => bucket.take(100_000))).to.deep.equal([true, true, true, false]);
  });
});
