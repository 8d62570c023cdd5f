// Public API of the RIB layer. So far: the decision process (RFC 4271 §9.1) and what it needs.

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
