// Public API of the policy layer (pure): typed import/export policies, compiled once per configuration.

export { asPathContains, asPathText } from './as-path-text.js';
export { compileMatch, type PolicyRoute, type RoutePredicate } from './match.js';
export { CompiledPolicy, type PolicyDirection, type PolicyResult } from './policy.js';
export {
  ACCEPT_ALL,
  type AsPathMatch,
  type ListEdit,
  type PeerType,
  type PolicyConfig,
  type PolicyMatch,
  type PolicyRule,
  type PolicySet,
  type PolicyVerdict,
  type PrefixMatch,
  type RuleAction,
  type SetMatch,
} from './policy-config.js';
export { PolicyError, type PolicyErrorCode } from './policy-error.js';
export { lengthRange, PrefixTrie } from './prefix-trie.js';
export { compileSet, type PolicyEnv, type SetFunction } from './set-actions.js';
export { GRACEFUL_SHUTDOWN, gracefulShutdownImport, gracefulShutdownExport } from './graceful-shutdown.js';
