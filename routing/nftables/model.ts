// The compiler's own input types. routing/ may not import datastore/, so the daemon maps its
// NetworkPolicy, WorkloadEndpoint, Namespace and IPPool objects onto these plain shapes. They follow the
// Kubernetes NetworkPolicy API field by field so that the mapping is a copy, not a translation.

export type PolicyProtocol = 'TCP' | 'UDP' | 'SCTP';
export type PolicyType = 'Ingress' | 'Egress';

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

/** A Kubernetes LabelSelector: matchLabels AND every matchExpression; `{}` selects everything. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface IpBlock {
  /** CIDR text, IPv4 or IPv6. */
  readonly cidr: string;
  /** CIDRs inside `cidr` that are excluded. */
  readonly except?: readonly string[];
}

/**
 * One peer. With both selectors the peer is the pods matching `podSelector` in the namespaces matching
 * `namespaceSelector` (AND); with only `podSelector`, pods of the policy's own namespace; with only
 * `namespaceSelector`, every pod of the matching namespaces. `ipBlock` stands alone.
 */
export interface PolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: IpBlock;
}

export interface PolicyPort {
  /** Default TCP. */
  readonly protocol?: PolicyProtocol;
  /** A number, or the name of a container port (resolved on the destination pod); absent: all ports. */
  readonly port?: number | string;
  /** With a numeric `port`: the range port..endPort. */
  readonly endPort?: number;
}

/** An ingress (`from`) or egress (`to`) rule. Absent or empty `peers`/`ports`: any. */
export interface PolicyRule {
  readonly peers?: readonly PolicyPeer[];
  readonly ports?: readonly PolicyPort[];
}

export interface NetworkPolicyInput {
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  /** Default: Ingress, plus Egress when `egress` has at least one rule (the Kubernetes default). */
  readonly policyTypes?: readonly PolicyType[];
  readonly ingress?: readonly PolicyRule[];
  readonly egress?: readonly PolicyRule[];
}

export interface NamedPort {
  readonly name: string;
  readonly protocol?: PolicyProtocol;
  readonly port: number;
}

/** A pod (workload endpoint). Pods of other nodes matter too: their addresses fill the peer sets. */
export interface PodInput {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ips: readonly string[];
  /** Host-side interface (veth) name: present only for pods on this node, which are the ones enforced. */
  readonly hostInterface?: string;
  readonly namedPorts?: readonly NamedPort[];
}

export interface NamespaceInput {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface IpPoolInput {
  readonly cidr: string;
  /** Masquerade traffic from this pool to destinations outside every pool. */
  readonly natOutgoing: boolean;
}

export interface FailsafePort {
  readonly protocol: 'TCP' | 'UDP';
  readonly port: number;
}

/** Everything the table is computed from. */
export interface PolicyState {
  readonly policies: readonly NetworkPolicyInput[];
  readonly pods: readonly PodInput[];
  readonly namespaces: readonly NamespaceInput[];
  readonly pools: readonly IpPoolInput[];
}

export interface TableOptions {
  /** Twill's table in family inet. Default "twill". */
  readonly tableName?: string;
  /** Host-side inbound ports accepted before any Twill rule. Default DEFAULT_FAILSAFE_PORTS. */
  readonly failsafeInboundPorts?: readonly FailsafePort[];
  /**
   * The packet-mark bit a policy chain sets to say "allowed" to its caller (nftables chains return no
   * value). Cleared again before the packet leaves Twill's chains. Default 0x00100000.
   */
  readonly allowMarkBit?: number;
}

/**
 * SSH, BGP, BFD (single-hop, multi-hop), etcd client and peer, typha, and twill-node's health endpoint
 * (health.listen, 127.0.0.1:9099 by default: the kubelet's liveness/readiness probes, which must never
 * be cut by policy or the node is restarted in a loop). twill-node's control socket is a Unix socket and
 * needs no port.
 */
export const DEFAULT_FAILSAFE_PORTS: readonly FailsafePort[] = [
  { protocol: 'TCP', port: 22 },
  { protocol: 'TCP', port: 179 },
  { protocol: 'UDP', port: 3784 },
  { protocol: 'UDP', port: 4784 },
  { protocol: 'TCP', port: 2379 },
  { protocol: 'TCP', port: 2380 },
  { protocol: 'TCP', port: 5473 },
  { protocol: 'TCP', port: 9099 },
];
