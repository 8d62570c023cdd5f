// Public API of the RIB layer: attribute interning, Adj-RIB-In, Loc-RIB with the decision process
// (RFC 4271 §9.1), Adj-RIB-Out with the export rules, UPDATE packing, route refresh, views, and the Rib
// that wires them.

export {
  AsPathSegmentType,
  decisionAsPathLength,
  neighborAsForMed,
  type AsPathSegmentTypeValue,
  type AsPathSegmentView,
} from './as-path-decision.js';
export { Origin, type DecisionCandidate, type OriginValue } from './decision-candidate.js';
export {
  compareAtStep,
  compareCandidates,
  decide,
  DECISION_STEPS,
  effectiveMed,
  medComparable,
  multipathCandidates,
  selectBest,
  survivorsThrough,
  type DecisionOptions,
  type DecisionStep,
  type DecisionVerdict,
} from './decision.js';
export { AdjRibIn, NULL_SINK, type ApplyOptions, type ApplyOutcome, type PathSink } from './adj-rib-in.js';
export { AdjRibOut, type AdjRibOutDiff, type AdjRibOutOptions, type AdvertisedRoute } from './adj-rib-out.js';
export { attributeHash, attributeKey } from './attribute-key.js';
export { AttributeSet, AttributeStore } from './attribute-store.js';
export { type BestPathChange, type BestPathListener } from './best-path-change.js';
export { CONNECTED_NEXT_HOPS, type IgpCostResolver } from './decision-mapping.js';
export {
  exportAttributes,
  GRACEFUL_SHUTDOWN,
  gracefulShutdownExport,
  mayAdvertise,
  type ExportRefusal,
  NO_ADVERTISE,
  NO_EXPORT,
  NO_EXPORT_SUBCONFED,
  type ExportOptions,
  type NextHopMode,
  type ReflectHook,
  type SelfNextHop,
} from './export-policy.js';
export { hasCommunity, LLGR_STALE, NO_LLGR, withLlgrStale } from './llgr-communities.js';
export { importRejection, type ImportOptions } from './import-checks.js';
export type { ImportFilter, ImportVerdict } from './import-filter.js';
export {
  keepPolicySets,
  reflectedAttributes,
  type ClusterIdFor,
  type ExportFilter,
  type ExportVerdict,
} from './export-filter.js';
export { LocRib, LocRibEntry, type LocRibOptions } from './loc-rib.js';
export { LOCAL_PEER_ID, Rib, type PeerOptions, type RibOptions } from './rib.js';
export { RibError, type RibErrorCode } from './rib-errors.js';
export { RibRoute, type ImportRejection, type PeerKind, type RibPeer } from './rib-route.js';
export type {
  AdvertisedRouteRow,
  BestRouteRow,
  PeerRouteCounts,
  ReceivedRouteRow,
  RouteViewName,
} from './rib-views.js';
export type { RouteAttributes } from './route-attributes.js';
export { answerRouteRefresh, routeRefreshMessage, type RefreshOptions } from './route-refresh.js';
export {
  endOfRib,
  packAnnouncements,
  packDiff,
  packDiffLazily,
  packWithdrawals,
  type PackOptions,
  type UpdateSizeFunction,
} from './update-packing.js';
export { explainExport, type ExportExplanation } from './export-explain.js';
export { type PathRanking } from './decision-explain.js';
