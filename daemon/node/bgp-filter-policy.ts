// Calico's BGPFilter resources as bgp/policy rules. A peer's `importFilters`/`exportFilters` name
// filters; their rules of the session's family and direction come first, filter by filter in the order
// the peer lists them and rule by rule in each filter's order; the first rule that matches decides
// (Accept/Reject). A route no rule matches falls through to the node's own policy (the IPPool rules of
// node-bgp-policy.ts for eBGP, accept for iBGP), as Calico's generated BIRD filters do.
//
// Rule semantics (Calico's): no `cidr` matches every route of the family; `Equal`/`NotEqual` compare
// the prefix exactly; `In`/`NotIn` test "inside cidr" (cidr itself included), with `prefixLength`
// narrowing the lengths (min defaults to the cidr's length, max to the family's width).
import { assertNever, parsePrefix, type IpFamily } from '../../common/index.js';
import type { PolicyConfig, PolicyMatch, PolicyRule, PrefixMatch } from '../../bgp/speaker/index.js';
import type { BGPFilterRule, BGPFilterSpec } from '../../datastore/index.js';

export type FilterDirection = 'import' | 'export';

/** The filter's rules for one direction and family as policy rules, each named `<filter>/<field>[i]`. */
export function filterPolicyRules(
  name: string,
  filter: BGPFilterSpec,
  direction: FilterDirection,
  family: IpFamily,
): PolicyRule[] {
  const field = `${direction}V${family}` as const;
  return (filter[field] ?? []).map((rule, index) => ({
    name: `${name}/${field}[${index}]`,
    match: ruleMatch(rule, family),
    then: rule.action === 'Accept' ? 'accept' : 'reject',
  }));
}

function ruleMatch(rule: BGPFilterRule, family: IpFamily): PolicyMatch {
  const familyMatch = { family: family === 4 ? 'ipv4-unicast' : 'ipv6-unicast' } as const;
  if (rule.cidr === undefined) return familyMatch;
  const prefix = parsePrefix(rule.cidr, { strict: false });
  const width = family === 4 ? 32 : 128;
  const exact: PrefixMatch = { prefix, ge: prefix.length, le: prefix.length };
  const inside: PrefixMatch = {
    prefix,
    ge: rule.prefixLength?.min ?? prefix.length,
    le: rule.prefixLength?.max ?? width,
  };
  const operator = rule.matchOperator ?? 'In';
  switch (operator) {
    case 'Equal':
      return { ...familyMatch, prefixes: [exact] };
    case 'NotEqual':
      return { ...familyMatch, notPrefixes: [exact] };
    case 'In':
      return { ...familyMatch, prefixes: [inside] };
    case 'NotIn':
      return { ...familyMatch, notPrefixes: [inside] };
    default:
      return assertNever(operator, 'BGPFilter matchOperator');
  }
}

export interface ComposedPolicy {
  /** undefined: no filters and no base policy (the speaker's protocol defaults stay). */
  readonly policy?: PolicyConfig;
  /** Filter names the peer lists that do not exist (the caller keeps the peer down). */
  readonly missing: readonly string[];
}

/**
 * The peer's policy for one direction: its filters' rules first (in the peer's order), then `base`'s
 * rules and default; without `base` (iBGP) a route no filter decides is accepted.
 */
export function composeFilterPolicy(
  names: readonly string[] | undefined,
  filters: ReadonlyMap<string, BGPFilterSpec>,
  direction: FilterDirection,
  family: IpFamily,
  base: PolicyConfig | undefined,
): ComposedPolicy {
  if (names === undefined || names.length === 0)
    return base === undefined ? { missing: [] } : { policy: base, missing: [] };
  const missing = names.filter((n) => !filters.has(n));
  const rules = names.flatMap((n) => {
    const filter = filters.get(n);
    return filter === undefined ? [] : filterPolicyRules(n, filter, direction, family);
  });
  const policy: PolicyConfig = {
    name: `${direction}Filters: ${names.join(', ')}`,
    rules: [...rules, ...(base?.rules ?? [])],
    default: base?.default ?? 'accept',
  };
  return { policy, missing };
}
