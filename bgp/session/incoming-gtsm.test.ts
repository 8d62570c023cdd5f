import { expect } from 'chai';

import { gtsmVerdict } from './incoming-gtsm.js';

describe('GTSM verdict on an incoming SYN (RFC 5082 §3)', () => {
  it('accepts a TTL at or above the minimum and refuses, in words, one below it or an unknown one', () => {
    expect(gtsmVerdict(255, 255)).to.deep.equal({ accept: true });
    expect(gtsmVerdict(255, 254)).to.deep.equal({ accept: true });
    expect(gtsmVerdict(254, 254)).to.deep.equal({ accept: true });
    expect(gtsmVerdict(254, 255)).to.deep.equal({
      accept: false,
      reason: 'refused an incoming connection with TTL 254 (GTSM allows ≥ 255)',
    });
    expect(gtsmVerdict(undefined, 253)).to.deep.equal({
      accept: false,
      reason: 'refused an incoming connection whose SYN TTL could not be read (GTSM allows ≥ 253)',
    });
  });
});
