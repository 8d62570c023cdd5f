// The reachability the Kubernetes NetworkPolicy spec prescribes, written directly from the spec and
// independently of the compiler (it shares only the input types), so a conformance test compares two
// separate readings of the spec: this one and the kernel's behaviour under the compiled table.
import type { LabelSelector, NetworkPolicyInput, PolicyPeer, PolicyPort, PolicyState } from '../model.js';

export interface OraclePod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ip: string;
  readonly namedPorts: readonly { name: string; protocol?: string; port: number }[];
}

function selects(sel: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  const okLabels = Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const okExprs = (sel.matchExpressions ?? []).every((e) => {
    const v = labels[e.key];
    if (e.operator === 'Exists') return v !== undefined;
    if (e.operator === 'DoesNotExist') return v === undefined;
    if (e.operator === 'In') return v !== undefined && (e.values ?? []).includes(v);
    return v === undefined || !(e.values ?? []).includes(v);
  });
  return okLabels && okExprs;
}

function ipv4(text: string): number {
  return text.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}
function inCidr(ip: string, cidr: string): boolean {
  const [base, len] = cidr.split('/');
  const size = 2 ** (32 - Number(len));
  const start = Math.floor(ipv4(base as string) / size) * size;
  const v = ipv4(ip);
  return v >= start && v < start + size;
}

function types(p: NetworkPolicyInput): string[] {
  if (p.policyTypes && p.policyTypes.length > 0) return [...p.policyTypes];
  return (p.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

export class Oracle {
  constructor(
    private readonly state: PolicyState,
    private readonly pods: readonly OraclePod[],
  ) {}

  private nsLabels(ns: string): Record<string, string> {
    const found = this.state.namespaces.find((n) => n.name === ns);
    return { 'kubernetes.io/metadata.name': ns, ...(found?.labels ?? {}) };
  }

  private peerMatches(peer: PolicyPeer, policyNs: string, ip: string, pod: OraclePod | undefined): boolean {
    if (peer.ipBlock) {
      return inCidr(ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(ip, c));
    }
    if (pod === undefined) return false;
    const nsOk = peer.namespaceSelector
      ? selects(peer.namespaceSelector, this.nsLabels(pod.namespace))
      : pod.namespace === policyNs;
    return nsOk && (peer.podSelector === undefined || selects(peer.podSelector, pod.labels));
  }

  private portMatches(
    ports: readonly PolicyPort[] | undefined,
    dst: OraclePod | undefined,
    port: number,
    proto: string,
  ): boolean {
    if (ports === undefined || ports.length === 0) return true;
    return ports.some((p) => {
      if ((p.protocol ?? 'TCP') !== proto) return false;
      if (p.port === undefined) return true;
      if (typeof p.port === 'string') {
        const np = dst?.namedPorts.find((n) => n.name === p.port && (n.protocol ?? 'TCP') === proto);
        return np !== undefined && np.port === port;
      }
      return port >= p.port && port <= (p.endPort ?? p.port);
    });
  }

  private allows(
    direction: 'Ingress' | 'Egress',
    subject: OraclePod,
    otherIp: string,
    other: OraclePod | undefined,
    dst: OraclePod | undefined,
    port: number,
    proto: string,
  ): boolean {
    const policies = this.state.policies.filter(
      (p) =>
        p.namespace === subject.namespace &&
        selects(p.podSelector, subject.labels) &&
        types(p).includes(direction),
    );
    if (policies.length === 0) return true;
    return policies.some((p) =>
      ((direction === 'Ingress' ? p.ingress : p.egress) ?? []).some(
        (rule) =>
          ((rule.peers ?? []).length === 0 ||
            (rule.peers ?? []).some((peer) => this.peerMatches(peer, p.namespace, otherIp, other))) &&
          this.portMatches(rule.ports, dst, port, proto),
      ),
    );
  }

  /** Whether `src` may open a connection to `dstIp` (a pod's or an outside host's) on port/protocol. */
  reachable(src: OraclePod, dstIp: string, port: number, proto: string): boolean {
    const dst = this.pods.find((p) => p.ip === dstIp);
    if (!this.allows('Egress', src, dstIp, dst, dst, port, proto)) return false;
    return dst === undefined || this.allows('Ingress', dst, src.ip, src, dst, port, proto);
  }
}
