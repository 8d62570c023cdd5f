// Public API of twill-node's calculation graph.
export { CALC_GRAPH_KINDS, CalcGraph, type CalcGraphOptions, type CalcGraphOutputs } from './graph.js';
export { canonicalJson } from './change-gate.js';
export { OutputRecorder } from './output-recorder.js';
export { DEFAULT_AS_NUMBER } from './as-resolver.js';
export { hashRouterId } from './local-identity-calculator.js';
export { PEER_RANK } from './peer-candidate.js';
export type * from './desired-state.js';
