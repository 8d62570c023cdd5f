import { expect } from 'chai';

import { AsPathSegmentType as T, decisionAsPathLength, neighborAsForMed } from './as-path-decision.js';

const LOCAL_AS = 64512;

describe('AS_PATH for the decision process', () => {
  it('counts AS_SEQUENCE members, an AS_SET as 1, confederation segments as 0 (§9.1.2.2 a, RFC 5065)', () => {
    expect(decisionAsPathLength([])).to.equal(0);
    expect(decisionAsPathLength([{ type: T.AS_SEQUENCE, asns: [65001, 65002, 65002] }])).to.equal(3);
    expect(
      decisionAsPathLength([
        { type: T.AS_SEQUENCE, asns: [65001] },
        { type: T.AS_SET, asns: [65010, 65011, 65012] },
      ]),
    ).to.equal(2);
    expect(
      decisionAsPathLength([
        { type: T.AS_CONFED_SEQUENCE, asns: [64600, 64601] },
        { type: T.AS_CONFED_SET, asns: [64602] },
        { type: T.AS_SEQUENCE, asns: [65001] },
      ]),
    ).to.equal(1);
  });

  it('takes the neighbouring AS from the first AS outside the confederation, else the local AS', () => {
    expect(neighborAsForMed([{ type: T.AS_SEQUENCE, asns: [65001, 65002] }], LOCAL_AS)).to.equal(65001);
    expect(
      neighborAsForMed(
        [
          { type: T.AS_CONFED_SEQUENCE, asns: [64600] },
          { type: T.AS_SEQUENCE, asns: [65003] },
        ],
        LOCAL_AS,
      ),
    ).to.equal(65003);
    // Originated inside our AS (empty path), or an aggregate starting with an AS_SET (§9.1.2.2 c).
    expect(neighborAsForMed([], LOCAL_AS)).to.equal(LOCAL_AS);
    expect(neighborAsForMed([{ type: T.AS_SET, asns: [65001, 65002] }], LOCAL_AS)).to.equal(LOCAL_AS);
    expect(neighborAsForMed([{ type: T.AS_CONFED_SEQUENCE, asns: [64600] }], LOCAL_AS)).to.equal(LOCAL_AS);
  });
});
