// The nftables compiler's input (routing/nftables PolicyState) from the datastore: every policy, every
// pod (remote pods too: their addresses fill the peer sets; only local ones carry a host interface),
// every namespace, every pool (for NAT outgoing). routing/ may not import datastore/, so this is the copy.
import type {
  NetworkPolicyInput,
  PodInput,
  PolicyPeer,
  PolicyState,
} from '../../../routing/nftables/index.js';
import type { NetworkPolicy, NetworkPolicyPeer, WorkloadEndpoint } from '../../../datastore/index.js';
import type { ResourceIndex } from './resource-index.js';

export function calculatePolicyInputs(index: ResourceIndex, nodeName: string): PolicyState {
  return {
    policies: index.list('NetworkPolicy').map(policyInput).sort(byNamespaceName),
    pods: index
      .list('WorkloadEndpoint')
      .map((endpoint) => podInput(endpoint, nodeName))
      .sort(byNamespaceName),
    namespaces: index
      .list('Namespace')
      .map((namespace) => ({ name: namespace.metadata.name, labels: { ...namespace.metadata.labels } }))
      .sort((a, b) => compareText(a.name, b.name)),
    pools: index
      .list('IPPool')
      // Disabled pools too: their pods still exist and still need NAT outgoing.
      .map((pool) => ({ cidr: pool.spec.cidr, natOutgoing: pool.spec.natOutgoing }))
      .sort((a, b) => compareText(a.cidr, b.cidr)),
  };
}

function policyInput(policy: NetworkPolicy): NetworkPolicyInput {
  const { spec } = policy;
  return {
    namespace: policy.metadata.namespace ?? 'default',
    name: policy.metadata.name,
    podSelector: spec.podSelector,
    policyTypes: spec.policyTypes,
    ...(spec.ingress === undefined
      ? {}
      : { ingress: spec.ingress.map((rule) => ruleInput(rule.from, rule.ports)) }),
    ...(spec.egress === undefined
      ? {}
      : { egress: spec.egress.map((rule) => ruleInput(rule.to, rule.ports)) }),
  };
}

function ruleInput(
  peers: readonly NetworkPolicyPeer[] | undefined,
  ports: NonNullable<NetworkPolicy['spec']['ingress']>[number]['ports'],
): { peers?: PolicyPeer[]; ports?: NonNullable<typeof ports> } {
  return {
    ...(peers === undefined ? {} : { peers: peers.map((peer) => ({ ...peer })) }),
    ...(ports === undefined ? {} : { ports }),
  };
}

function podInput(endpoint: WorkloadEndpoint, nodeName: string): PodInput {
  return {
    namespace: endpoint.metadata.namespace ?? 'default',
    name: endpoint.spec.pod ?? endpoint.metadata.name,
    labels: { ...endpoint.metadata.labels },
    // The compiler takes bare addresses; endpoints hold host prefixes (10.65.0.3/32).
    ips: endpoint.spec.ipNetworks.map((network) => network.slice(0, network.indexOf('/'))),
    ...(endpoint.spec.node === nodeName ? { hostInterface: endpoint.spec.interfaceName } : {}),
  };
}

function byNamespaceName(
  a: { namespace: string; name: string },
  b: { namespace: string; name: string },
): number {
  return compareText(a.namespace, b.namespace) || compareText(a.name, b.name);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
