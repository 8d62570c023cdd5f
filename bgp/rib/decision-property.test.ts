import { expect } from 'chai';
import fc from 'fast-check';

import { IPv4Address } from '../../common/index.js';
import type { DecisionCandidate, OriginValue } from './decision-candidate.js';
import {
  compareAtStep,
  compareCandidates,
  multipathCandidates,
  selectBest,
  survivorsThrough,
  type DecisionOptions,
} from './decision.js';

/**
 * Small, skewed value ranges on purpose: most routes tie on the early steps, so the later steps and the
 * per-AS MED grouping decide often. (With uniform ranges, folding the pairwise comparator, which is
 * order-dependent, passed the permutation test 100 times out of 100; skewed like this it fails within
 * ~60 runs, which is what the permutation test is there to catch.) Peer addresses are unique, as in a
 * RIB (one route per peer).
 */
const fieldsArb = fc.record({
  localPref: fc.constantFrom(100, 100, 100, 200),
  asPathLength: fc.constantFrom(1, 1, 1, 2, 0),
  origin: fc.constantFrom<OriginValue>(0, 0, 0, 1, 2),
  med: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined, freq: 4 }),
  neighborAs: fc.constantFrom(65001, 65002, 65003),
  fromEbgp: fc.constantFrom(true, true, true, false),
  igpCost: fc.integer({ min: 0, max: 2 }),
  originatorOrRouterId: fc.constantFrom(1, 2, 0xc0000000),
  clusterListLength: fc.integer({ min: 0, max: 1 }),
});

const candidatesArb = (maxLength: number) =>
  fc.array(fieldsArb, { minLength: 1, maxLength }).map((rows) =>
    rows.map(({ med, ...rest }, i): DecisionCandidate => ({
      ...rest,
      ...(med !== undefined ? { med } : {}),
      peerAddress: IPv4Address.fromNumber(0xc0000200 + i),
    })),
  );

/** A set of candidates and the same set in another order. */
const setAndPermutationArb = candidatesArb(10).chain((cs) =>
  fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs, { minLength: cs.length, maxLength: cs.length })),
);

const optionsArb: fc.Arbitrary<DecisionOptions> = fc.record({
  alwaysCompareMed: fc.boolean(),
  missingMedAsWorst: fc.boolean(),
  multipathRelaxAsPath: fc.boolean(),
});

/**
 * An independent oracle for the default mode, written the way deterministic MED is usually described:
 * the best of each neighbouring AS (MEDs comparable inside a group), then the best of those winners.
 */
function deterministicMedOracle(
  cs: readonly DecisionCandidate[],
  options: DecisionOptions,
): DecisionCandidate {
  const groups = new Map<number, DecisionCandidate[]>();
  for (const c of cs) groups.set(c.neighborAs, [...(groups.get(c.neighborAs) ?? []), c]);
  const fold = (list: readonly DecisionCandidate[]) =>
    list.reduce((best, c) => (compareCandidates(c, best, options) < 0 ? c : best));
  return fold([...groups.values()].map(fold));
}

function expectStrictWeakOrder(
  x: DecisionCandidate,
  y: DecisionCandidate,
  z: DecisionCandidate,
  options: DecisionOptions,
) {
  const lt = (p: DecisionCandidate, q: DecisionCandidate) => compareCandidates(p, q, options) < 0;
  const eq = (p: DecisionCandidate, q: DecisionCandidate) => !lt(p, q) && !lt(q, p);
  expect(lt(x, x), 'irreflexive').to.equal(false);
  if (lt(x, y)) expect(lt(y, x), 'asymmetric').to.equal(false);
  if (lt(x, y) && lt(y, z)) expect(lt(x, z), 'transitive').to.equal(true);
  if (eq(x, y) && eq(y, z)) expect(eq(x, z), 'incomparability is transitive').to.equal(true);
  expect(Math.sign(compareCandidates(x, y, options))).to.equal(-Math.sign(compareCandidates(y, x, options)));
}

describe('decision process properties (fast-check)', () => {
  it('the same routes in any order give the same best route and the same multipath set', () => {
    fc.assert(
      fc.property(setAndPermutationArb, optionsArb, ([set, permuted], options) => {
        const best = selectBest(set, options) as DecisionCandidate;
        expect(selectBest(permuted, options)).to.equal(best);
        expect(multipathCandidates(best, permuted, options)).to.deep.equal(
          multipathCandidates(best, set, options),
        );
      }),
    );
  });

  it('selectBest agrees with deterministic MED done by grouping per neighbouring AS', () => {
    fc.assert(
      fc.property(candidatesArb(8), optionsArb, (set, options) => {
        const defaultMed = { ...options, alwaysCompareMed: false };
        expect(selectBest(set, defaultMed)).to.equal(deterministicMedOracle(set, defaultMed));
      }),
    );
  });

  it('with alwaysCompareMed the comparator is a strict weak order and selectBest is its minimum', () => {
    fc.assert(
      fc.property(candidatesArb(8), optionsArb, (set, options) => {
        const always = { ...options, alwaysCompareMed: true };
        for (const x of set) for (const y of set) for (const z of set) expectStrictWeakOrder(x, y, z, always);
        const sorted = [...set].sort((x, y) => compareCandidates(x, y, always));
        expect(selectBest(set, always)).to.equal(sorted[0]);
      }),
    );
  });

  it('without alwaysCompareMed it is a strict weak order within one neighbouring AS, and never reflexive or symmetric', () => {
    fc.assert(
      fc.property(candidatesArb(8), optionsArb, (set, options) => {
        const byAs = { ...options, alwaysCompareMed: false };
        for (const x of set) {
          for (const y of set) {
            expect(compareCandidates(x, x, byAs)).to.equal(0);
            if (compareCandidates(x, y, byAs) < 0) expect(compareCandidates(y, x, byAs)).to.be.above(0);
            for (const z of set) {
              if (x.neighborAs === y.neighborAs && y.neighborAs === z.neighborAs)
                expectStrictWeakOrder(x, y, z, byAs);
            }
          }
        }
      }),
    );
  });

  it('only a route knocked out on MED inside its own neighbouring AS can beat the best pairwise', () => {
    fc.assert(
      fc.property(candidatesArb(8), optionsArb, (set, options) => {
        const best = selectBest(set, options) as DecisionCandidate;
        for (const c of set) {
          if (compareCandidates(c, best, options) >= 0) continue;
          expect(c.neighborAs, 'a route of the same AS never beats the best').to.not.equal(best.neighborAs);
          const knockedOut = set.some(
            (d) =>
              d.neighborAs === c.neighborAs &&
              ['preference', 'a', 'b'].every((s) => compareAtStep(s as 'a', d, c, options) === 0) &&
              compareAtStep('c', d, c, options) < 0,
          );
          expect(knockedOut, 'eliminated at (c) by a route of its own AS').to.equal(true);
        }
      }),
    );
  });

  it('multipath routes are tied with the best through (e) and include the best first', () => {
    fc.assert(
      fc.property(candidatesArb(8), optionsArb, (set, options) => {
        const best = selectBest(set, options) as DecisionCandidate;
        const paths = multipathCandidates(best, set, options);
        expect(paths[0]).to.equal(best);
        const tied = survivorsThrough(set, 'e', options);
        for (const p of paths) {
          expect(tied).to.include(p);
          for (const step of ['preference', 'a', 'b', 'd', 'e'] as const) {
            expect(compareAtStep(step, p, best, options), step).to.equal(0);
          }
          if (options.multipathRelaxAsPath !== true) expect(p.neighborAs).to.equal(best.neighborAs);
        }
      }),
    );
  });
});
