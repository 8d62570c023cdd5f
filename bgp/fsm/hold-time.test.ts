import { expect } from 'chai';

import { isAcceptableHoldTime, negotiateTimers } from './hold-time.js';

describe('Hold Time negotiation (RFC 4271 §4.2)', () => {
  it('accepts 0 and 3..65535 whole seconds, refuses 1, 2 and everything else', () => {
    for (const ok of [0, 3, 4, 90, 65535]) expect(isAcceptableHoldTime(ok), String(ok)).to.equal(true);
    for (const bad of [1, 2, -1, 65536, 3.5, Number.NaN])
      expect(isAcceptableHoldTime(bad), String(bad)).to.equal(false);
  });

  it('takes the smaller Hold Time and a third of it as KeepaliveTime', () => {
    expect(negotiateTimers(90, 180)).to.deep.equal({ holdTimeSec: 90, keepaliveTimeSec: 30 });
    expect(negotiateTimers(90, 9)).to.deep.equal({ holdTimeSec: 9, keepaliveTimeSec: 3 });
    expect(negotiateTimers(3, 240)).to.deep.equal({ holdTimeSec: 3, keepaliveTimeSec: 1 });
    // Rounds down to whole seconds, never below 1 s.
    expect(negotiateTimers(10, 10)).to.deep.equal({ holdTimeSec: 10, keepaliveTimeSec: 3 });
    expect(negotiateTimers(4, 5)).to.deep.equal({ holdTimeSec: 4, keepaliveTimeSec: 1 });
  });

  it('negotiates no keepalives at all when either side proposes 0', () => {
    expect(negotiateTimers(0, 90)).to.deep.equal({ holdTimeSec: 0, keepaliveTimeSec: 0 });
    expect(negotiateTimers(90, 0)).to.deep.equal({ holdTimeSec: 0, keepaliveTimeSec: 0 });
  });

  it('uses a configured KeepaliveTime only when it is below a third of the Hold Time', () => {
    expect(negotiateTimers(90, 90, 10)).to.deep.equal({ holdTimeSec: 90, keepaliveTimeSec: 10 });
    expect(negotiateTimers(9, 90, 10)).to.deep.equal({ holdTimeSec: 9, keepaliveTimeSec: 3 });
  });
});
