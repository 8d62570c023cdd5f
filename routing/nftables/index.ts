// Public API of routing/nftables: NetworkPolicy and NAT outgoing in one nftables table.
export { compileTable, DEFAULT_ALLOW_MARK_BIT, DEFAULT_TABLE_NAME } from './compile.js';
export { renderDiff } from './diff.js';
export { NftablesError, type NftablesErrorCode } from './errors.js';
export { matchesSelector } from './label-selector.js';
export type { DropCount } from './listing.js';
export {
  DEFAULT_FAILSAFE_PORTS,
  type FailsafePort,
  type IpBlock,
  type IpPoolInput,
  type LabelSelector,
  type LabelSelectorRequirement,
  type NamedPort,
  type NamespaceInput,
  type NetworkPolicyInput,
  type PodInput,
  type PolicyPeer,
  type PolicyPort,
  type PolicyProtocol,
  type PolicyRule,
  type PolicyState,
  type PolicyType,
  type TableOptions,
} from './model.js';
export { policyId } from './names.js';
export { libnftablesRunner, type LibnftablesRunnerOptions, type NftRunner } from './nft-runner.js';
export { PolicyTable, type ApplyMode, type ApplyResult } from './policy-table.js';
export { renderFull } from './render.js';
export { ruleCount } from './rule-count.js';
export type { DesiredTable, DropCounterOwner, NftChainSpec, NftSetSpec } from './table-model.js';
