// The policy compiler: PolicyState → the desired content of Twill's one `inet` table. Pure: no I/O.
//
// Only policies that select a pod of this node are in the table.
//
// Per packet the cost is fixed: a pod's host interface selects, through one verdict-map lookup per
// direction, the chain of the *group* of policies that select it (pods selected by the same policies
// share a group chain, so a new pod usually needs only map and set elements), and that chain jumps to
// each of those policies' chains. A pod selected by no policy of a direction has no map element there:
// it is open in that direction, as Kubernetes specifies.
import {
  DEFAULT_FAILSAFE_PORTS,
  type NetworkPolicyInput,
  type PolicyState,
  type TableOptions,
} from './model.js';
import { groupId, policyId, quotedIfname } from './names.js';
import { compileDirection, type Direction } from './policy-chain.js';
import type { CompiledPolicy, PolicyCompileCache } from './policy-cache.js';
import { effectivePolicyTypes, SelectionContext } from './selection.js';
import { baseChains, baseSets } from './base-chains.js';
import type { DesiredTable, DropCounterOwner, NftChainSpec, NftSetSpec } from './table-model.js';

export const DEFAULT_TABLE_NAME = 'twill';
export const DEFAULT_ALLOW_MARK_BIT = 0x00100000;

export const INGRESS_MAP = 'ingress-dispatch';
export const EGRESS_MAP = 'egress-dispatch';
export const POD_IFACES = 'pod-ifaces';

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

/** With a `cache` (kept between calls), policies no change can have affected are not recompiled. */
export function compileTable(
  state: PolicyState,
  options: TableOptions = {},
  cache?: PolicyCompileCache,
): DesiredTable {
  const name = options.tableName ?? DEFAULT_TABLE_NAME;
  const bit = options.allowMarkBit ?? DEFAULT_ALLOW_MARK_BIT;
  const allow = `meta mark set meta mark or ${hex(bit)} return`;
  const clear = `meta mark set meta mark and ${hex(~bit)}`;
  const ctx = new SelectionContext(state.pods, state.namespaces);

  const sets = new Map<string, NftSetSpec>();
  const chains = new Map<string, NftChainSpec>();
  const counters = new Map<string, DropCounterOwner>();
  // Per local pod interface and direction: the ids of the policies selecting it, in policy order.
  const selecting: Record<Direction, Map<string, string[]>> = { ingress: new Map(), egress: new Map() };
  const counterOf = new Map<string, string>();

  const policies = sortedPolicies(state.policies);
  cache?.begin(state, ctx, `${name}|${bit}`);
  const used = new Map<NetworkPolicyInput, CompiledPolicy>();
  for (const policy of policies) {
    const entry = cache?.get(policy) ?? compilePolicy(policy, ctx, allow);
    used.set(policy, entry);
    // Only policies selecting a pod of this node are enforced here: the others would be chains, sets
    // and counters nothing jumps to (most of them, with many nodes), each one listed by libnftables on
    // every later transaction. A pod arriving that a policy selects brings its chain in as a diff.
    if (entry.localTargets.length === 0) continue;
    for (const { direction, compiled } of entry.directions) {
      chains.set(compiled.chain, compiled.chainSpec);
      for (const [setName, spec] of compiled.sets) sets.set(setName, spec);
      counters.set(compiled.counter, { namespace: policy.namespace, name: policy.name, direction });
      counterOf.set(compiled.chain, compiled.counter);
      for (const pod of entry.localTargets) {
        if (pod.hostInterface === undefined) continue;
        const list = selecting[direction].get(pod.hostInterface) ?? [];
        list.push(compiled.chain);
        selecting[direction].set(pod.hostInterface, list);
      }
    }
  }

  const dispatch: Record<Direction, Set<string>> = { ingress: new Set(), egress: new Set() };
  for (const direction of ['ingress', 'egress'] as const) {
    for (const [iface, policyChains] of selecting[direction]) {
      const group = `${direction === 'ingress' ? 'in' : 'eg'}-${groupId(policyChains)}`;
      if (!chains.has(group)) chains.set(group, { rules: groupRules(policyChains, counterOf, bit, clear) });
      dispatch[direction].add(`${quotedIfname(iface)} : jump ${group}`);
    }
  }

  const localIfaces = new Set<string>();
  for (const pod of state.pods)
    if (pod.hostInterface !== undefined) localIfaces.add(quotedIfname(pod.hostInterface));

  for (const [setName, spec] of baseSets(
    state.pools,
    options.failsafeInboundPorts ?? DEFAULT_FAILSAFE_PORTS,
  )) {
    sets.set(setName, spec);
  }
  sets.set(POD_IFACES, { kind: 'set', type: 'ifname', interval: false, elements: localIfaces });
  sets.set(INGRESS_MAP, {
    kind: 'map',
    type: 'ifname : verdict',
    interval: false,
    elements: dispatch.ingress,
  });
  sets.set(EGRESS_MAP, { kind: 'map', type: 'ifname : verdict', interval: false, elements: dispatch.egress });
  for (const [chainName, spec] of baseChains(clear)) chains.set(chainName, spec);
  cache?.end(used);
  return { name, sets, chains, counters };
}

function compilePolicy(policy: NetworkPolicyInput, ctx: SelectionContext, allow: string): CompiledPolicy {
  const pid = policyId(policy.namespace, policy.name);
  const types = effectivePolicyTypes(policy);
  const targets = ctx.targets(policy);
  const directions: CompiledPolicy['directions'][number][] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    if (!types.has(direction === 'ingress' ? 'Ingress' : 'Egress')) continue;
    directions.push({
      direction,
      compiled: compileDirection(policy, pid, direction, ctx, targets, allow),
      targets,
    });
  }
  return { directions, localTargets: targets.filter((pod) => pod.hostInterface !== undefined) };
}

// The daemon passes the same policies array while only pods change (the common case by far), so the
// sorted order is kept per array instead of sorting thousands of policies on every pod event.
const sortedByArray = new WeakMap<readonly NetworkPolicyInput[], readonly NetworkPolicyInput[]>();

function sortedPolicies(policies: readonly NetworkPolicyInput[]): readonly NetworkPolicyInput[] {
  let sorted = sortedByArray.get(policies);
  if (sorted === undefined) {
    sorted = [...policies].sort((a, b) =>
      a.namespace === b.namespace ? cmp(a.name, b.name) : cmp(a.namespace, b.namespace),
    );
    sortedByArray.set(policies, sorted);
  }
  return sorted;
}

/**
 * A group chain: clear the allow mark, then for each policy: jump to it, and return (allowed) if it
 * set the mark. Falling off the end means no selecting policy allowed the packet: count it against
 * every one of them (each "would have dropped" it) and drop.
 */
function groupRules(
  policyChains: readonly string[],
  counterOf: ReadonlyMap<string, string>,
  bit: number,
  clear: string,
): string[] {
  const rules = [clear];
  for (const chain of policyChains) {
    rules.push(`jump ${chain}`);
    rules.push(`meta mark and ${hex(bit)} != 0 ${clear} return`);
  }
  for (const chain of policyChains) rules.push(`counter name "${counterOf.get(chain) ?? ''}"`);
  rules.push('drop');
  return rules;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
