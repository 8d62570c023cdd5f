// One policy, one direction → its chain and the sets that chain looks up. A rule of the policy allows
// (peer matches) AND (port matches); peers are OR'ed, so all selector peers of a rule share one address
// set and all its ipBlocks one interval set. Those sets are named after what they select (the peers'
// selectors and the namespace they default to; the ipBlocks' ranges), not after the policy, so every
// rule of every policy with the same peers uses one set: many policies allowing "the pods of team t"
// cost one set of those pods, and a pod coming or going is one element in it, not one per policy. An allowing rule sets the allow mark and returns: the
// group chain that jumped here reads the mark (nftables chains return no value, and `accept` here would
// end the hook for the packet, skipping the destination's ingress check).
import type { IpFamily } from '../../common/index.js';
import { NftablesError } from './errors.js';
import { addressValue, ipBlockRanges, rangeElement, rangesContain, type FamilyRanges } from './ip-ranges.js';
import type {
  LabelSelector,
  NetworkPolicyInput,
  PodInput,
  PolicyPort,
  PolicyProtocol,
  PolicyRule,
} from './model.js';
import { sharedSetId } from './names.js';
import type { SelectionContext } from './selection.js';
import type { NftChainSpec, NftSetSpec } from './table-model.js';

export type Direction = 'ingress' | 'egress';

const FAMILIES: readonly IpFamily[] = [4, 6];

export function nftFamily(family: IpFamily): 'ip' | 'ip6' {
  return family === 4 ? 'ip' : 'ip6';
}
function addrType(family: IpFamily): string {
  return family === 4 ? 'ipv4_addr' : 'ipv6_addr';
}
function proto(p: PolicyProtocol | undefined): string {
  return (p ?? 'TCP').toLowerCase();
}

export interface CompiledDirection {
  readonly chain: string;
  readonly rules: readonly string[];
  /** The chain as the table model holds it (one object, so a reused compile is reused by identity). */
  readonly chainSpec: NftChainSpec;
  readonly sets: ReadonlyMap<string, NftSetSpec>;
  readonly counter: string;
}

interface Alt {
  /** Set when the match only applies to one family. */
  readonly family?: IpFamily;
  readonly text: string;
}

export function chainNameOf(pid: string, direction: Direction): string {
  return `${pid}-${direction === 'ingress' ? 'in' : 'eg'}`;
}

export function compileDirection(
  policy: NetworkPolicyInput,
  pid: string,
  direction: Direction,
  ctx: SelectionContext,
  targets: readonly PodInput[],
  allowStatement: string,
): CompiledDirection {
  const chain = chainNameOf(pid, direction);
  const sets = new Map<string, NftSetSpec>();
  const rules: string[] = [];
  const list = (direction === 'ingress' ? policy.ingress : policy.egress) ?? [];
  list.forEach((rule, r) => {
    const prefix = `${chain}${r}`;
    const peerField = direction === 'ingress' ? 'saddr' : 'daddr';
    const scope = ruleScope(rule, policy.namespace, ctx);
    const peerAlts: Alt[] = [];
    if (!scope.any) {
      if (scope.hasSelectorPeer) {
        const id = ctx.memoized(`id ${scope.selectorKey}`, () => sharedSetId('a', scope.selectorKey));
        for (const f of FAMILIES) {
          const name = `${id}-${f}`;
          // Computed once per compile, however many rules share it.
          const spec = ctx.memoized(`set ${name}`, (): NftSetSpec => {
            const elements = new Set(podAddresses(scope.pods(), f));
            return { kind: 'set', type: addrType(f), interval: false, elements };
          });
          sets.set(name, spec);
          peerAlts.push({ family: f, text: `${nftFamily(f)} ${peerField} @${name}` });
        }
      }
      for (const f of FAMILIES) {
        const ranges = scope.blocks[f];
        if (ranges.length === 0) continue;
        const elements = ranges.map((x) => rangeElement(f, x));
        const name = `${sharedSetId('b', elements.join(','))}-${f}`;
        sets.set(name, { kind: 'set', type: addrType(f), interval: true, elements: new Set(elements) });
        peerAlts.push({ family: f, text: `${nftFamily(f)} ${peerField} @${name}` });
      }
    } else {
      peerAlts.push({ text: '' });
    }

    const ports = rule.ports ?? [];
    const portAlts: Alt[] = [];
    const lines: string[] = [];
    if (ports.length === 0) portAlts.push({ text: '' });
    ports.forEach((port, k) => {
      if (typeof port.port !== 'string') {
        portAlts.push({ text: numericPortMatch(port, policy) });
        return;
      }
      // A named port is resolved on the destination pod: for ingress the policy's own targets, for
      // egress the peers. Each becomes (address . protocol . port) elements, so the per-pod resolution
      // costs one set lookup and follows pods element by element.
      const owners =
        direction === 'ingress' ? targets : scope.any ? ctx.pods : scope.podsWithBlocks(ctx.pods);
      for (const f of FAMILIES) {
        const name = `${prefix}-np${k}-${f}`;
        const elements = new Set(namedPortElements(owners, port.port, port.protocol, f));
        sets.set(name, {
          kind: 'set',
          type: `${addrType(f)} . inet_proto . inet_service`,
          interval: false,
          elements,
        });
        const text = `${nftFamily(f)} daddr . meta l4proto . th dport @${name}`;
        // Egress: the element set already holds only peer addresses, so no peer match is needed.
        if (direction === 'egress') lines.push(`${text} ${allowStatement}`);
        else portAlts.push({ family: f, text });
      }
    });
    for (const peer of peerAlts) {
      for (const port of portAlts) {
        if (peer.family !== undefined && port.family !== undefined && peer.family !== port.family) continue;
        lines.push([peer.text, port.text, allowStatement].filter((t) => t !== '').join(' '));
      }
    }
    rules.push(...lines);
  });
  return { chain, rules, chainSpec: { rules }, sets, counter: `drop-${chain}` };
}

function numericPortMatch(port: PolicyPort, policy: NetworkPolicyInput): string {
  const p = proto(port.protocol);
  if (port.port === undefined) {
    if (port.endPort !== undefined) throw invalid(policy, 'endPort needs a numeric port');
    return `meta l4proto ${p}`;
  }
  const start = port.port as number;
  if (!validPort(start)) throw invalid(policy, `port ${start} is out of range`);
  if (port.endPort === undefined || port.endPort === start) return `meta l4proto ${p} th dport ${start}`;
  if (!validPort(port.endPort) || port.endPort < start)
    throw invalid(policy, `endPort ${port.endPort} is below port ${start}`);
  return `meta l4proto ${p} th dport ${start}-${port.endPort}`;
}

function validPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

function invalid(policy: NetworkPolicyInput, why: string): NftablesError {
  return new NftablesError('INVALID_INPUT', `NetworkPolicy ${policy.namespace}/${policy.name}: ${why}`, {
    details: { namespace: policy.namespace, name: policy.name },
  });
}

interface RuleScope {
  /** No peers: any address. */
  readonly any: boolean;
  readonly hasSelectorPeer: boolean;
  /** What the selector peers select, as text: equal keys select the same pods (names shared sets). */
  readonly selectorKey: string;
  /** The pods the selector peers select (computed on first use, once per compile and key). */
  pods(): readonly PodInput[];
  readonly blocks: FamilyRanges;
  /** The pods in `all` this rule's peers cover, ipBlocks included (for egress named ports). */
  podsWithBlocks(all: readonly PodInput[]): PodInput[];
}

function ruleScope(rule: PolicyRule, namespace: string, ctx: SelectionContext): RuleScope {
  const peers = rule.peers ?? [];
  const blocks = ipBlockRanges(peers.flatMap((p) => (p.ipBlock ? [p.ipBlock] : [])));
  const selectorPeers = peers.filter((p) => p.podSelector !== undefined || p.namespaceSelector !== undefined);
  // A podSelector alone means the policy's own namespace: that namespace is part of what it selects.
  const selectorKey = selectorPeers
    .map((p) =>
      JSON.stringify([
        p.namespaceSelector === undefined ? namespace : canonical(p.namespaceSelector),
        p.podSelector === undefined ? null : canonical(p.podSelector),
      ]),
    )
    .sort()
    .filter((k, i, all) => i === 0 || all[i - 1] !== k)
    .join('|');
  const selected = (): ReadonlySet<PodInput> =>
    ctx.memoized(`pods ${selectorKey}`, () => {
      const out = new Set<PodInput>();
      for (const peer of selectorPeers) for (const pod of ctx.peerPods(peer, namespace)) out.add(pod);
      return out;
    });
  return {
    any: peers.length === 0,
    hasSelectorPeer: selectorPeers.length > 0,
    selectorKey,
    pods: () => [...selected()],
    blocks,
    podsWithBlocks: (all) =>
      all.filter(
        (pod) =>
          selected().has(pod) ||
          pod.ips.some((ip) => {
            const a = addressValue(ip);
            return a !== undefined && rangesContain(blocks[a.family], a.value);
          }),
      ),
  };
}

/** A selector as text with its keys in a fixed order, so equal selectors give equal text. */
function canonical(sel: LabelSelector): unknown {
  const labels = Object.entries(sel.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const exprs = (sel.matchExpressions ?? [])
    .map((e) => [e.key, e.operator, [...(e.values ?? [])].sort()])
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return [labels, exprs];
}

// Pod objects are immutable inputs (see policy-cache.ts), so a pod's addresses, split by family, are
// parsed once per pod object rather than once per policy that selects it.
const addressesByPod = new WeakMap<PodInput, { 4: string[]; 6: string[] }>();

function familyAddresses(pod: PodInput): { 4: string[]; 6: string[] } {
  let out = addressesByPod.get(pod);
  if (out === undefined) {
    out = { 4: [], 6: [] };
    for (const ip of pod.ips) {
      const a = addressValue(ip);
      if (a !== undefined) out[a.family].push(ip);
    }
    addressesByPod.set(pod, out);
  }
  return out;
}

function podAddresses(pods: readonly PodInput[], family: IpFamily): string[] {
  const out: string[] = [];
  for (const pod of pods) for (const ip of familyAddresses(pod)[family]) out.push(ip);
  return out;
}

function namedPortElements(
  pods: readonly PodInput[],
  name: string,
  protocol: PolicyProtocol | undefined,
  family: IpFamily,
): string[] {
  const out: string[] = [];
  const p = proto(protocol);
  for (const pod of pods) {
    const np = (pod.namedPorts ?? []).find((x) => x.name === name && proto(x.protocol) === p);
    if (np === undefined) continue;
    for (const ip of podAddresses([pod], family)) out.push(`${ip} . ${p} . ${np.port}`);
  }
  return out;
}
