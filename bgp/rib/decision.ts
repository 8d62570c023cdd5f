/**
 * The BGP decision process, RFC 4271 §9.1.1 (degree of preference) and §9.1.2.2 (tie-breaking, steps a–g),
 * with RFC 4456 §9 for route reflection. One comparator whose steps carry the RFC's letters, and the
 * RFC's own elimination procedure for choosing among many routes.
 *
 * Why two entry points: §9.1.2.2 (c) compares MEDs only between routes from the same neighbouring AS, so
 * "better than" between two routes is not transitive across ASes (A beats B on MED, B beats C on IGP cost,
 * C beats A on IGP cost). Picking the best by folding the pairwise comparator over the routes would then
 * depend on their arrival order (RFC 3345 describes the oscillations this causes). selectBest() instead
 * applies each step to the whole set, as §9.1.2.2 words it ("remove from consideration ..."), with step (c)
 * applied per neighbouring AS: the same set gives the same best route in any order. That is what other
 * implementations call deterministic MED, and it is always on here.
 */
import { assertNever, compareIpAddresses } from '../../common/index.js';

import type { DecisionCandidate } from './decision-candidate.js';

/**
 * The steps, in order. 'preference' is §9.1.1 (LOCAL_PREF); 'a'..'g' are §9.1.2.2's letters; 'clusterList'
 * is the rule RFC 4456 §9 inserts between (f) and (g); 'pathId' is ours, after the RFC's last step: ADD-PATH
 * (RFC 7911) lets one peer send several paths for a prefix, which tie at (g), and RFC 7911 names no
 * tie-break, so the lowest Path Identifier wins to keep the result independent of arrival order.
 */
export const DECISION_STEPS = [
  'llgrStale',
  'preference',
  'a',
  'b',
  'c',
  'd',
  'e',
  'f',
  'clusterList',
  'g',
  'pathId',
] as const;
export type DecisionStep = (typeof DECISION_STEPS)[number];

export interface DecisionOptions {
  /** Compare MEDs between routes from different neighbouring ASes too (step c). Default false. */
  readonly alwaysCompareMed?: boolean;
  /** A route without MED counts as the worst MED instead of 0 (RFC 4271 says 0). Default false. */
  readonly missingMedAsWorst?: boolean;
  /** Multipath across neighbouring ASes when the AS_PATH lengths are equal. Default false. */
  readonly multipathRelaxAsPath?: boolean;
}

/** Which of two routes is preferred and the step that decided it; 'equal' if none did. */
export type DecisionVerdict =
  { readonly preferred: 'first' | 'second'; readonly step: DecisionStep } | { readonly preferred: 'equal' };

const MAX_MED = 0xffff_ffff;

/** The MED step (c) uses: a missing MED is 0, "the lowest possible value" (§9.1.2.2 c), or the worst. */
export function effectiveMed(c: DecisionCandidate, options: DecisionOptions = {}): number {
  return c.med ?? (options.missingMedAsWorst === true ? MAX_MED : 0);
}

/** Whether step (c) compares these two routes' MEDs at all. */
export function medComparable(
  x: DecisionCandidate,
  y: DecisionCandidate,
  options: DecisionOptions = {},
): boolean {
  return options.alwaysCompareMed === true || x.neighborAs === y.neighborAs;
}

/**
 * One step on two routes: negative if `x` is preferred, positive if `y` is, 0 if the step does not decide.
 * The single definition of every step; compare(), selectBest() and multipathCandidates() all go through it.
 */
export function compareAtStep(
  step: DecisionStep,
  x: DecisionCandidate,
  y: DecisionCandidate,
  options: DecisionOptions = {},
): number {
  switch (step) {
    case 'llgrStale': // RFC 9494 §4.3: a route carrying LLGR_STALE is the least preferred, before anything else
      return Number(x.llgrStale === true) - Number(y.llgrStale === true);
    case 'preference': // §9.1.1: the highest degree of preference
      return y.localPref - x.localPref;
    case 'a': // the fewest AS numbers in AS_PATH (already counted as the RFC says, see DecisionCandidate)
      return x.asPathLength - y.asPathLength;
    case 'b': // the lowest ORIGIN
      return x.origin - y.origin;
    case 'c': // the lowest MULTI_EXIT_DISC, between routes from the same neighbouring AS only
      return medComparable(x, y, options) ? effectiveMed(x, options) - effectiveMed(y, options) : 0;
    case 'd': // eBGP-learned over iBGP-learned
      return Number(y.fromEbgp) - Number(x.fromEbgp);
    case 'e': // the lowest interior cost to the next hop
      return x.igpCost - y.igpCost;
    case 'f': // the lowest BGP Identifier; ORIGINATOR_ID stands in for it when present (RFC 4456 §9)
      return x.originatorOrRouterId - y.originatorOrRouterId;
    case 'clusterList': // the shortest CLUSTER_LIST (RFC 4456 §9, between f and g)
      return x.clusterListLength - y.clusterListLength;
    case 'g': // the lowest peer address
      return compareIpAddresses(x.peerAddress, y.peerAddress);
    case 'pathId': // not in the RFC: the lowest ADD-PATH Path Identifier among one peer's paths
      return (x.pathId ?? 0) - (y.pathId ?? 0);
    default:
      return assertNever(step, 'decision step');
  }
}

/**
 * The comparator: steps in RFC order, the first that tells the two routes apart decides. A strict weak
 * order when MEDs are comparable between every pair (alwaysCompareMed, or one neighbouring AS); see the
 * file comment for why choosing among many routes uses selectBest() instead.
 */
export function decide(
  x: DecisionCandidate,
  y: DecisionCandidate,
  options: DecisionOptions = {},
): DecisionVerdict {
  for (const step of DECISION_STEPS) {
    const order = compareAtStep(step, x, y, options);
    if (order !== 0) return { preferred: order < 0 ? 'first' : 'second', step };
  }
  return { preferred: 'equal' };
}

/** decide() as an Array.prototype.sort comparator: negative when `x` is preferred. */
export function compareCandidates(
  x: DecisionCandidate,
  y: DecisionCandidate,
  options: DecisionOptions = {},
): number {
  const verdict = decide(x, y, options);
  return verdict.preferred === 'equal' ? 0 : verdict.preferred === 'first' ? -1 : 1;
}

/**
 * The routes left after applying the steps up to and including `lastStep` to the whole set (§9.1.2.2:
 * "remove from consideration all routes that are not tied for ..."). Step (c) keeps, for each neighbouring
 * AS, the routes with that AS's lowest MED (all of them in one group with alwaysCompareMed). Input order is
 * kept among survivors.
 */
export function survivorsThrough<C extends DecisionCandidate>(
  candidates: readonly C[],
  lastStep: DecisionStep,
  options: DecisionOptions = {},
): C[] {
  let remaining = [...candidates];
  for (const step of DECISION_STEPS) {
    if (remaining.length <= 1) break;
    remaining =
      step === 'c' ? keepLowestMedPerNeighborAs(remaining, options) : keepBestAt(step, remaining, options);
    if (step === lastStep) break;
  }
  return remaining;
}

/**
 * The best route of a set (RFC 4271 §9.1.2.2 with RFC 4456 §9), or undefined for none. Independent of the
 * order of `candidates`, provided no two are equal at every step (one route per peer and ADD-PATH Path
 * Identifier, as in a RIB).
 */
export function selectBest<C extends DecisionCandidate>(
  candidates: readonly C[],
  options: DecisionOptions = {},
): C | undefined {
  return survivorsThrough(candidates, 'pathId', options)[0];
}

/**
 * ECMP: the routes as good as `best` through step (e), i.e. equal in preference, AS_PATH length, ORIGIN,
 * MED (where comparable), eBGP/iBGP and IGP cost; the later steps only break the tie. They must also come
 * from best's neighbouring AS unless multipathRelaxAsPath allows any AS with an equal AS_PATH length.
 * Best first, then in decision order; independent of the order of `candidates`. Empty if `best` is not
 * the best of `candidates`.
 */
export function multipathCandidates<C extends DecisionCandidate>(
  best: C,
  candidates: readonly C[],
  options: DecisionOptions = {},
): C[] {
  const tied = survivorsThrough(candidates, 'e', options);
  if (!tied.includes(best)) return [];
  const sameAs =
    options.multipathRelaxAsPath === true ? tied : tied.filter((c) => c.neighborAs === best.neighborAs);
  // Among routes tied through (e), only (f)..(g) remain, and those compare transitively.
  const ordered = sameAs.sort((x, y) => compareCandidates(x, y, options));
  return [best, ...ordered.filter((c) => c !== best)];
}

function keepBestAt<C extends DecisionCandidate>(
  step: DecisionStep,
  routes: C[],
  options: DecisionOptions,
): C[] {
  let best = routes[0] as C;
  for (const r of routes) if (compareAtStep(step, r, best, options) < 0) best = r;
  return routes.filter((r) => compareAtStep(step, r, best, options) === 0);
}

function keepLowestMedPerNeighborAs<C extends DecisionCandidate>(routes: C[], options: DecisionOptions): C[] {
  const lowest = new Map<number, number>();
  const group = (r: C): number => (options.alwaysCompareMed === true ? 0 : r.neighborAs);
  for (const r of routes) {
    const med = effectiveMed(r, options);
    const current = lowest.get(group(r));
    if (current === undefined || med < current) lowest.set(group(r), med);
  }
  return routes.filter((r) => effectiveMed(r, options) === lowest.get(group(r)));
}
