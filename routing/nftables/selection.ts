// Which pods a policy targets and which pods a peer selects: the Kubernetes NetworkPolicy semantics of
// selectors, evaluated over the current pods and namespaces.
import { matchesSelector } from './label-selector.js';
import type { NamespaceInput, NetworkPolicyInput, PodInput, PolicyPeer, PolicyType } from './model.js';

// Kubernetes (1.21+) labels every namespace with its own name; selectors rely on it, so we add it when
// the daemon's namespace objects lack it.
const NAME_LABEL = 'kubernetes.io/metadata.name';

export class SelectionContext {
  private readonly nsLabels = new Map<string, Readonly<Record<string, string>>>();
  // Pods by namespace: a policy's targets and its podSelector-only peers are in one namespace, so with
  // thousands of policies over thousands of pods this keeps compiling O(policies × pods per namespace).
  private readonly byNamespace = new Map<string, PodInput[]>();

  constructor(
    readonly pods: readonly PodInput[],
    namespaces: readonly NamespaceInput[],
  ) {
    for (const ns of namespaces) this.nsLabels.set(ns.name, { [NAME_LABEL]: ns.name, ...ns.labels });
    for (const pod of pods) {
      const list = this.byNamespace.get(pod.namespace);
      if (list === undefined) this.byNamespace.set(pod.namespace, [pod]);
      else list.push(pod);
    }
  }

  // What one compile computes once and every policy sharing it reuses (shared peer sets and their pods).
  private readonly memo = new Map<string, unknown>();

  memoized<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute();
    this.memo.set(key, value);
    return value;
  }

  private podsIn(namespace: string): readonly PodInput[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  namespaceLabels(name: string): Readonly<Record<string, string>> {
    return this.nsLabels.get(name) ?? { [NAME_LABEL]: name };
  }

  /** The pods the policy applies to: its namespace's pods matching podSelector (`{}`: all of them). */
  targets(policy: NetworkPolicyInput): PodInput[] {
    return this.podsIn(policy.namespace).filter((p) => matchesSelector(policy.podSelector, p.labels));
  }

  /** Pods a selector peer selects; an ipBlock-only peer selects no pod (it is addresses). */
  peerPods(peer: PolicyPeer, policyNamespace: string): PodInput[] {
    if (peer.podSelector === undefined && peer.namespaceSelector === undefined) return [];
    const nsSel = peer.namespaceSelector;
    const podSel = peer.podSelector;
    // Namespaces in first-seen pod order, so the result keeps the order of `pods`' own namespaces.
    const namespaces =
      nsSel === undefined
        ? [policyNamespace]
        : [...this.byNamespace.keys()].filter((ns) => matchesSelector(nsSel, this.namespaceLabels(ns)));
    return namespaces.flatMap((ns) =>
      this.podsIn(ns).filter((p) => podSel === undefined || matchesSelector(podSel, p.labels)),
    );
  }
}

/** policyTypes, or the Kubernetes default: Ingress always, Egress when there are egress rules. */
export function effectivePolicyTypes(policy: NetworkPolicyInput): ReadonlySet<PolicyType> {
  if (policy.policyTypes !== undefined && policy.policyTypes.length > 0) return new Set(policy.policyTypes);
  const types = new Set<PolicyType>(['Ingress']);
  if ((policy.egress ?? []).length > 0) types.add('Egress');
  return types;
}
