/**
 * From a RIB route to what the decision process reads (DecisionCandidate). The attribute-derived part is
 * computed once per interned attribute set and cached; the peer-derived part is added per route.
 */
import type { IpAddress } from '../../common/index.js';
import type { Origin as WireOrigin, AsPathSegment } from '../wire/attributes/types.js';
import {
  AsPathSegmentType,
  decisionAsPathLength,
  neighborAsForMed,
  type AsPathSegmentView,
} from './as-path-decision.js';
import type { AttributeSet } from './attribute-store.js';
import { Origin, type DecisionCandidate, type OriginValue } from './decision-candidate.js';
import { LLGR_STALE } from './llgr-communities.js';
import type { RibRoute } from './rib-route.js';

/**
 * Interior cost to a next hop (§9.1.2.2 e), from whoever knows the IGP or the kernel's routes; undefined
 * when the next hop is unreachable, which makes the route ineligible (§9.1.2.1 "the NEXT_HOP ... is
 * resolvable").
 */
export type IgpCostResolver = (nextHop: IpAddress) => number | undefined;

/** Every next hop directly connected, cost 0: a leaf's view of its eBGP neighbours. */
export const CONNECTED_NEXT_HOPS: IgpCostResolver = () => 0;

export interface CandidateOptions {
  readonly localAs: number;
  /** The degree of preference of routes without LOCAL_PREF and of every eBGP route (§9.1.1); usually 100. */
  readonly defaultLocalPref: number;
  readonly igpCost: IgpCostResolver;
}

/** A candidate that remembers its route, so selectBest() hands the route back. */
export interface PathCandidate extends DecisionCandidate {
  readonly route: RibRoute;
}

interface AttributePart {
  readonly asPathLength: number;
  readonly origin: OriginValue;
  readonly med: number | undefined;
  readonly neighborAs: number;
  /** undefined: the next hop does not resolve. */
  readonly igpCost: number | undefined;
  readonly originatorId: number | undefined;
  readonly clusterListLength: number;
  readonly llgrStale: boolean;
}

const ORIGIN: Record<WireOrigin, OriginValue> = {
  igp: Origin.IGP,
  egp: Origin.EGP,
  incomplete: Origin.INCOMPLETE,
};
const SEGMENT: Record<AsPathSegment['type'], AsPathSegmentView['type']> = {
  'as-set': AsPathSegmentType.AS_SET,
  'as-sequence': AsPathSegmentType.AS_SEQUENCE,
  'as-confed-sequence': AsPathSegmentType.AS_CONFED_SEQUENCE,
  'as-confed-set': AsPathSegmentType.AS_CONFED_SET,
};

export class CandidateMapper {
  private cache = new WeakMap<AttributeSet, AttributePart>();

  constructor(private readonly options: CandidateOptions) {}

  /** IGP costs changed: forget every cached cost. */
  invalidate(): void {
    this.cache = new WeakMap();
  }

  /** Whether the route may take part in the decision at all (§9.1.2.1: resolvable next hop). */
  eligible(route: RibRoute): boolean {
    return this.part(route.attributes).igpCost !== undefined;
  }

  /**
   * §9.1.1: the degree of preference is LOCAL_PREF for iBGP routes; for eBGP routes it is computed
   * locally, which without policy means the default (the codec already drops LOCAL_PREF from external
   * peers, RFC 7606 §7.5). Local routes take their own LOCAL_PREF, else the default.
   */
  localPref(route: RibRoute): number {
    const localPref = route.attributes.value.localPref;
    return route.peer.kind === 'external'
      ? this.options.defaultLocalPref
      : (localPref ?? this.options.defaultLocalPref);
  }

  candidate(route: RibRoute): PathCandidate {
    const part = this.part(route.attributes);
    const peer = route.peer;
    return {
      localPref: this.localPref(route),
      asPathLength: part.asPathLength,
      origin: part.origin,
      ...(part.med !== undefined ? { med: part.med } : {}),
      neighborAs: part.neighborAs,
      // A local route was not "received via IBGP", so step (d) does not remove it in favour of eBGP routes.
      fromEbgp: peer.kind !== 'internal',
      igpCost: part.igpCost ?? 0,
      originatorOrRouterId: part.originatorId ?? peer.routerId.value,
      clusterListLength: part.clusterListLength,
      peerAddress: peer.address,
      pathId: route.pathId,
      ...(part.llgrStale ? { llgrStale: true } : {}),
      route,
    };
  }

  private part(set: AttributeSet): AttributePart {
    let part = this.cache.get(set);
    if (part === undefined) {
      part = this.compute(set);
      this.cache.set(set, part);
    }
    return part;
  }

  private compute(set: AttributeSet): AttributePart {
    const a = set.value;
    const segments = (a.asPath ?? []).map((s) => ({ type: SEGMENT[s.type], asns: s.asns }));
    return {
      asPathLength: decisionAsPathLength(segments),
      // A route without ORIGIN (only local ones can lack it) counts as INCOMPLETE, the least preferred.
      origin: a.origin === undefined ? Origin.INCOMPLETE : ORIGIN[a.origin],
      med: a.multiExitDisc,
      neighborAs: neighborAsForMed(segments, this.options.localAs),
      igpCost: a.nextHop === undefined ? 0 : this.options.igpCost(a.nextHop),
      originatorId: a.originatorId?.value,
      clusterListLength: a.clusterList?.length ?? 0,
      llgrStale: a.communities?.includes(LLGR_STALE) ?? false,
    };
  }
}
