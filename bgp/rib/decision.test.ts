import { expect } from 'chai';

import { IPv4Address, IPv6Address } from '../../common/index.js';
import { Origin, type DecisionCandidate } from './decision-candidate.js';
import {
  compareCandidates,
  decide,
  multipathCandidates,
  selectBest,
  type DecisionOptions,
  type DecisionStep,
} from './decision.js';

/** An eBGP route from AS 65001 via 192.0.2.1 that wins nothing and loses nothing; rows change one field. */
function route(overrides: Partial<DecisionCandidate> = {}): DecisionCandidate {
  return {
    localPref: 100,
    asPathLength: 2,
    origin: Origin.IGP,
    neighborAs: 65001,
    fromEbgp: true,
    igpCost: 0,
    originatorOrRouterId: 0x0a000001,
    clusterListLength: 0,
    peerAddress: IPv4Address.parse('192.0.2.1'),
    ...overrides,
  };
}

interface Row {
  readonly step: DecisionStep;
  readonly rule: string;
  readonly better: Partial<DecisionCandidate>;
  readonly worse: Partial<DecisionCandidate>;
  readonly options?: DecisionOptions;
}

/** One row per step, lettered as in RFC 4271 §9.1.2.2 ('preference' is §9.1.1, 'clusterList' RFC 4456 §9). */
const TABLE: readonly Row[] = [
  {
    step: 'llgrStale',
    rule: 'without LLGR_STALE over with it (RFC 9494 §4.3), before LOCAL_PREF',
    better: { localPref: 100 },
    worse: { llgrStale: true, localPref: 200 },
  },
  {
    step: 'preference',
    rule: 'highest LOCAL_PREF',
    better: { localPref: 200 },
    worse: { localPref: 100, asPathLength: 1 },
  },
  {
    step: 'a',
    rule: 'shortest AS_PATH',
    better: { asPathLength: 1 },
    worse: { asPathLength: 2, origin: Origin.IGP },
  },
  {
    step: 'b',
    rule: 'lowest ORIGIN (IGP < EGP)',
    better: { origin: Origin.IGP },
    worse: { origin: Origin.EGP },
  },
  {
    step: 'b',
    rule: 'lowest ORIGIN (EGP < INCOMPLETE)',
    better: { origin: Origin.EGP, med: 50 },
    worse: { origin: Origin.INCOMPLETE, med: 0 },
  },
  {
    step: 'c',
    rule: 'lowest MED, same neighbouring AS',
    better: { med: 10, igpCost: 9 },
    worse: { med: 20, igpCost: 1 },
  },
  { step: 'c', rule: 'missing MED is 0 (RFC 4271)', better: {}, worse: { med: 1 } },
  {
    step: 'c',
    rule: 'missing MED is the worst with missingMedAsWorst',
    better: { med: 4_000_000_000 },
    worse: {},
    options: { missingMedAsWorst: true },
  },
  {
    step: 'c',
    rule: 'MEDs across neighbouring ASes with alwaysCompareMed',
    better: { med: 10, neighborAs: 65002, igpCost: 9 },
    worse: { med: 20, neighborAs: 65001 },
    options: { alwaysCompareMed: true },
  },
  {
    step: 'd',
    rule: 'MEDs across neighbouring ASes are not compared by default: the next step decides',
    better: { med: 20, neighborAs: 65002 },
    worse: { med: 10, neighborAs: 65001, fromEbgp: false },
  },
  {
    step: 'd',
    rule: 'eBGP over iBGP',
    better: { fromEbgp: true, igpCost: 50 },
    worse: { fromEbgp: false, igpCost: 0 },
  },
  {
    step: 'e',
    rule: 'lowest IGP cost to the next hop',
    better: { igpCost: 10 },
    worse: { igpCost: 20, originatorOrRouterId: 1 },
  },
  {
    step: 'f',
    rule: 'lowest BGP Identifier, compared as unsigned',
    better: { originatorOrRouterId: 0x0a000001 },
    worse: { originatorOrRouterId: 0xc0a80001, peerAddress: IPv4Address.parse('192.0.2.0') },
  },
  {
    step: 'f',
    rule: 'ORIGINATOR_ID stands in for the router ID (RFC 4456 §9)',
    better: { originatorOrRouterId: 0x01010101, clusterListLength: 3 },
    worse: { originatorOrRouterId: 0x02020202, clusterListLength: 0 },
  },
  {
    step: 'clusterList',
    rule: 'shortest CLUSTER_LIST (RFC 4456 §9)',
    better: { clusterListLength: 1, peerAddress: IPv4Address.parse('192.0.2.9') },
    worse: { clusterListLength: 2 },
  },
  {
    step: 'g',
    rule: 'lowest peer address',
    better: { peerAddress: IPv4Address.parse('192.0.2.1') },
    worse: { peerAddress: IPv4Address.parse('192.0.2.2') },
  },
  {
    step: 'g',
    rule: 'an IPv4 peer sorts before an IPv6 peer',
    better: {},
    worse: { peerAddress: IPv6Address.parse('2001:db8::1') },
  },
  {
    step: 'pathId',
    rule: "one peer's ADD-PATH paths: the lowest Path Identifier (ours, after the RFC steps)",
    better: {},
    worse: { pathId: 2 },
  },
];

describe('decision process (RFC 4271 §9.1, RFC 4456 §9)', () => {
  describe('each step decides its row', () => {
    for (const row of TABLE) {
      it(`(${row.step}) ${row.rule}`, () => {
        const better = route(row.better);
        const worse = route(row.worse);
        expect(decide(better, worse, row.options)).to.deep.equal({ preferred: 'first', step: row.step });
        expect(decide(worse, better, row.options)).to.deep.equal({ preferred: 'second', step: row.step });
        expect(compareCandidates(better, worse, row.options)).to.be.below(0);
        expect(selectBest([worse, better], row.options)).to.equal(better);
        expect(selectBest([better, worse], row.options)).to.equal(better);
      });
    }
  });

  it('finds routes equal at every step equal', () => {
    expect(decide(route(), route())).to.deep.equal({ preferred: 'equal' });
    expect(compareCandidates(route(), route())).to.equal(0);
  });

  it('selectBest of nothing is undefined, of one route that route', () => {
    expect(selectBest([])).to.equal(undefined);
    const only = route();
    expect(selectBest([only])).to.equal(only);
  });

  it('MED non-transitivity: the pairwise comparator cycles, selectBest does not depend on order', () => {
    // A and B share neighbouring AS 65001, C comes from 65002. A beats B on MED (c), B beats C on IGP cost (e),
    // C beats A on IGP cost (e): a cycle. The RFC's elimination first removes B (A's MED is lower within
    // 65001), then C beats A on IGP cost.
    const a = route({ neighborAs: 65001, med: 0, igpCost: 30, peerAddress: IPv4Address.parse('192.0.2.1') });
    const b = route({ neighborAs: 65001, med: 5, igpCost: 10, peerAddress: IPv4Address.parse('192.0.2.2') });
    const c = route({ neighborAs: 65002, med: 0, igpCost: 20, peerAddress: IPv4Address.parse('192.0.2.3') });
    expect(decide(a, b)).to.deep.equal({ preferred: 'first', step: 'c' });
    expect(decide(b, c)).to.deep.equal({ preferred: 'first', step: 'e' });
    expect(decide(c, a)).to.deep.equal({ preferred: 'first', step: 'e' });
    for (const order of [
      [a, b, c],
      [a, c, b],
      [b, a, c],
      [b, c, a],
      [c, a, b],
      [c, b, a],
    ]) {
      expect(selectBest(order)).to.equal(c);
    }
    // Comparing every MED removes the cycle: a and c tie on MED 0, b is out at (c), then c wins on cost.
    expect(selectBest([a, b, c], { alwaysCompareMed: true })).to.equal(c);
    expect(selectBest([b, c], { alwaysCompareMed: true })).to.equal(c);
  });

  describe('multipath', () => {
    const p1 = route({ peerAddress: IPv4Address.parse('192.0.2.1'), originatorOrRouterId: 3 });
    const p2 = route({ peerAddress: IPv4Address.parse('192.0.2.2'), originatorOrRouterId: 1 });
    const otherAs = route({
      peerAddress: IPv4Address.parse('192.0.2.3'),
      neighborAs: 65002,
      originatorOrRouterId: 2,
    });
    const costlier = route({ peerAddress: IPv4Address.parse('192.0.2.4'), igpCost: 1 });
    const ibgp = route({ peerAddress: IPv4Address.parse('192.0.2.5'), fromEbgp: false });
    const all = [costlier, otherAs, ibgp, p1, p2];

    it('takes the routes equal to the best through (e), from the same neighbouring AS, best first', () => {
      const best = selectBest(all);
      expect(best).to.equal(p2); // lowest BGP Identifier among the tied
      expect(multipathCandidates(p2, all)).to.deep.equal([p2, p1]);
    });

    it('with multipathRelaxAsPath, routes from other neighbouring ASes with an equal AS_PATH length join', () => {
      const options = { multipathRelaxAsPath: true };
      expect(multipathCandidates(p2, all, options)).to.deep.equal([p2, otherAs, p1]);
      const longer = route({
        neighborAs: 65003,
        asPathLength: 3,
        peerAddress: IPv4Address.parse('192.0.2.6'),
      });
      expect(multipathCandidates(p2, [...all, longer], options)).to.not.include(longer);
    });

    it('leaves out a route whose MED lost within its own neighbouring AS', () => {
      const options = { multipathRelaxAsPath: true };
      const lowMed = route({
        neighborAs: 65002,
        med: 0,
        originatorOrRouterId: 7,
        peerAddress: IPv4Address.parse('192.0.2.7'),
      });
      const highMed = route({
        neighborAs: 65002,
        med: 9,
        originatorOrRouterId: 8,
        peerAddress: IPv4Address.parse('192.0.2.8'),
      });
      const set = [p1, p2, lowMed, highMed];
      const best = selectBest(set, options) as DecisionCandidate;
      expect(multipathCandidates(best, set, options)).to.deep.equal([p2, p1, lowMed]);
    });

    it('is empty when asked about a route that is not the best', () => {
      expect(multipathCandidates(costlier, all)).to.deep.equal([]);
    });
  });
});
