// Incremental compilation: a policy's chains and sets depend only on the policy, the namespaces' labels
// and the pods its selectors can reach. Between two compiles, a policy object that is the same object
// as last time and that no added or removed pod can reach compiles to the same thing, so its previous
// output is reused (and, being the same objects, the differ skips it by identity). With thousands of
// policies a pod coming or going then recompiles only the policies of its namespace and those whose
// namespace selectors reach it, not every policy over every pod.
//
// Inputs are compared by identity: the caller must not mutate a policy or pod object in place (the
// model's types are readonly); a new object for a changed one is what makes it count as changed.
import { matchesSelector } from './label-selector.js';
import type { NetworkPolicyInput, PodInput, PolicyState } from './model.js';
import type { CompiledDirection, Direction } from './policy-chain.js';
import type { SelectionContext } from './selection.js';

export interface CompiledPolicy {
  readonly directions: readonly {
    readonly direction: Direction;
    readonly compiled: CompiledDirection;
    readonly targets: readonly PodInput[];
  }[];
  /** The targets that are pods of this node (no policy chain at all when there is none). */
  readonly localTargets: readonly PodInput[];
}

// Past this many changed pods, checking every cached policy against each costs about what recompiling
// does; start over.
const MAX_CHANGED_PODS = 64;

export class PolicyCompileCache {
  private pods = new Set<PodInput>();
  private namespacesKey: string | undefined;
  private optionsKey: string | undefined;
  private entries = new Map<NetworkPolicyInput, CompiledPolicy>();

  /** Starts a compile of `state`: drops every cached policy the changes since the last one may affect. */
  begin(state: PolicyState, ctx: SelectionContext, optionsKey: string): void {
    const namespacesKey = JSON.stringify(state.namespaces);
    const pods = new Set(state.pods);
    const changed: PodInput[] = [];
    for (const p of pods) if (!this.pods.has(p)) changed.push(p);
    for (const p of this.pods) if (!pods.has(p)) changed.push(p);
    if (
      namespacesKey !== this.namespacesKey ||
      optionsKey !== this.optionsKey ||
      changed.length > MAX_CHANGED_PODS
    ) {
      this.entries.clear();
    } else if (changed.length > 0) {
      for (const policy of [...this.entries.keys()])
        if (changed.some((pod) => mayReach(policy, pod, ctx))) this.entries.delete(policy);
    }
    this.pods = pods;
    this.namespacesKey = namespacesKey;
    this.optionsKey = optionsKey;
  }

  get(policy: NetworkPolicyInput): CompiledPolicy | undefined {
    return this.entries.get(policy);
  }

  /** Ends a compile: keeps exactly the policies it used. Takes `used` over (the caller drops it). */
  end(used: Map<NetworkPolicyInput, CompiledPolicy>): void {
    this.entries = used;
  }
}

/**
 * Whether `pod` can be a target or a peer (or the owner of a named port) of `policy`. Conservative: any
 * pod of the policy's own namespace; any pod of a namespace a namespaceSelector peer matches; and every
 * pod for an egress rule with named ports, whose port elements are resolved on all the pods it allows.
 */
function mayReach(policy: NetworkPolicyInput, pod: PodInput, ctx: SelectionContext): boolean {
  if (pod.namespace === policy.namespace) return true;
  const nsLabels = ctx.namespaceLabels(pod.namespace);
  for (const rule of [...(policy.ingress ?? []), ...(policy.egress ?? [])]) {
    for (const peer of rule.peers ?? [])
      if (peer.namespaceSelector !== undefined && matchesSelector(peer.namespaceSelector, nsLabels))
        return true;
  }
  return (policy.egress ?? []).some((rule) => (rule.ports ?? []).some((p) => typeof p.port === 'string'));
}
