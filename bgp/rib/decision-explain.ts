/**
 * Why each path of a prefix did or did not win (for `twillctl explain route`): every path in the Loc-RIB
 * entry, the best first, each other one with the RFC 4271 §9.1.2.2 step (decision.ts letters, RFC 4456
 * §9's clusterList, §9.1.1 preference) at which the best path is preferred over it, or 'unresolvable' when
 * §9.1.2.1 left it out (next hop not resolvable). The step is the pairwise one against the best path; the
 * selection itself is the set-wise elimination (selectBest), which may differ only where MEDs of
 * different neighbouring ASes make the order non-transitive (decision.ts file comment).
 */
import { decide, type DecisionOptions, type DecisionStep } from './decision.js';
import type { CandidateMapper } from './decision-mapping.js';
import type { LocRibEntry } from './loc-rib.js';
import type { RibRoute } from './rib-route.js';

export interface PathRanking {
  readonly route: RibRoute;
  readonly best: boolean;
  /** In the ECMP set with the best path. */
  readonly multipath: boolean;
  /** Not best: the step where the best path beat it, 'equal' on a full tie, or 'unresolvable'. */
  readonly lostAt?: DecisionStep | 'equal' | 'unresolvable';
}

export function rankPaths(
  entry: LocRibEntry | undefined,
  mapper: CandidateMapper,
  options: DecisionOptions,
): PathRanking[] {
  if (entry === undefined) return [];
  const best = entry.best;
  const multipath = entry.multipath;
  const rows = entry.paths.map((route): PathRanking => {
    const inSet = multipath.includes(route);
    if (route === best) return { route, best: true, multipath: inSet };
    if (!mapper.eligible(route)) return { route, best: false, multipath: false, lostAt: 'unresolvable' };
    if (best === undefined) return { route, best: false, multipath: false };
    const verdict = decide(mapper.candidate(best), mapper.candidate(route), options);
    return {
      route,
      best: false,
      multipath: inSet,
      lostAt: verdict.preferred === 'equal' ? 'equal' : verdict.step,
    };
  });
  return rows.sort((x, y) => Number(y.best) - Number(x.best));
}
