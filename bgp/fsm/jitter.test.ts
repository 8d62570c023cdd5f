import { expect } from 'chai';

import { expectTwillError } from '../../common/testing/expect-error.js';
import { createPrng } from '../../common/testing/prng.js';
import { jitteredSec, noJitter } from './jitter.js';

describe('timer jitter (RFC 4271 §10)', () => {
  it('scales the base value by a factor from 0.75 to 1.0', () => {
    expect(jitteredSec(120, () => 0)).to.equal(90);
    expect(jitteredSec(120, () => 1)).to.equal(120);
    expect(jitteredSec(120, () => 0.5)).to.equal(105);
    expect(jitteredSec(120, noJitter)).to.equal(120);
  });

  it('stays within the range for any random draw and spreads over it (seed 7)', () => {
    const prng = createPrng(7);
    const random = () => prng.u32() / 0xffff_ffff;
    const values = Array.from({ length: 1000 }, () => jitteredSec(30, random));
    for (const v of values) expect(v).to.be.within(22.5, 30);
    expect(Math.min(...values)).to.be.below(23.5);
    expect(Math.max(...values)).to.be.above(29);
  });

  it('refuses a random source outside [0, 1]', () => {
    expectTwillError(() => jitteredSec(30, () => 1.5), 'INVALID_RANDOM', '1.5');
    expectTwillError(() => jitteredSec(30, () => Number.NaN), 'INVALID_RANDOM');
  });
});
