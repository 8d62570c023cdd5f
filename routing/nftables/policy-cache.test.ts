// Incremental compilation: after every kind of change the cached compile is exactly the fresh one, and
// policies the change cannot reach keep their previous objects (which is what makes it incremental).
import { expect } from 'chai';
import { compileTable, type NetworkPolicyInput, type PodInput, type PolicyState } from './index.js';
import { PolicyCompileCache } from './policy-cache.js';

const pod = (ns: string, name: string, ip: string, labels: Record<string, string>): PodInput => ({
  namespace: ns,
  name,
  labels,
  ips: [ip],
  hostInterface: `v${ns}${name}`,
  namedPorts: [{ name: 'http', port: 8080 }],
});

const policies: NetworkPolicyInput[] = [
  {
    namespace: 'a',
    name: 'same-ns',
    podSelector: { matchLabels: { app: 'web' } },
    ingress: [{ peers: [{ podSelector: { matchLabels: { app: 'cli' } } }], ports: [{ port: 80 }] }],
  },
  {
    namespace: 'b',
    name: 'from-team-c',
    podSelector: {},
    ingress: [{ peers: [{ namespaceSelector: { matchLabels: { team: 'c' } } }], ports: [{ port: 'http' }] }],
  },
  {
    namespace: 'b',
    name: 'egress-named',
    podSelector: { matchLabels: { app: 'cli' } },
    egress: [{ peers: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 'http' }] }],
  },
  {
    namespace: 'd',
    name: 'isolated',
    podSelector: {},
    ingress: [{ peers: [{ podSelector: {} }] }],
  },
];

const initial: PolicyState = {
  namespaces: ['a', 'b', 'c', 'd'].map((n) => ({ name: n, labels: { team: n } })),
  pods: [
    pod('a', 'web', '10.0.1.1', { app: 'web' }),
    pod('a', 'cli', '10.0.1.2', { app: 'cli' }),
    pod('b', 'cli', '10.0.2.1', { app: 'cli' }),
    pod('d', 'x', '10.0.4.1', { app: 'x' }),
  ],
  pools: [{ cidr: '10.0.0.0/16', natOutgoing: false }],
  policies,
};

describe('incremental policy compiler', () => {
  it('equals a fresh compile after each change, and reuses what a change cannot reach', () => {
    const cache = new PolicyCompileCache();
    let state = initial;
    const step = (next: PolicyState) => {
      state = next;
      const cached = compileTable(state, {}, cache);
      expect(cached).to.deep.equal(compileTable(state));
      return cached;
    };
    const isolatedChain = (t: ReturnType<typeof compileTable>) =>
      [...t.chains].find(([n]) => n.endsWith('-in') && t.counters.get(`drop-${n}`)?.name === 'isolated')?.[1];

    const first = step(state);
    // A pod in c: reached by from-team-c (namespace selector) and egress-named (named port), not isolated.
    const afterC = step({ ...state, pods: [...state.pods, pod('c', 'new', '10.0.3.1', { app: 'new' })] });
    expect(isolatedChain(afterC)).to.equal(isolatedChain(first));
    expect([...afterC.sets.values()].some((s) => s.elements.has('10.0.3.1 . tcp . 8080'))).to.equal(true);
    // Added to a's own namespace, relabelled, removed.
    step({ ...state, pods: [...state.pods, pod('a', 'cli2', '10.0.1.3', { app: 'cli' })] });
    step({
      ...state,
      pods: state.pods.map((p) => (p.name === 'cli2' ? { ...p, labels: { app: 'web' } } : p)),
    });
    const afterRemove = step({ ...state, pods: state.pods.filter((p) => p.name !== 'cli') });
    expect(isolatedChain(afterRemove)).to.equal(isolatedChain(first));
    // A namespace relabelled, a policy changed, many pods at once.
    step({
      ...state,
      namespaces: state.namespaces.map((n) => (n.name === 'a' ? { ...n, labels: { team: 'c' } } : n)),
    });
    step({
      ...state,
      policies: state.policies.map((p, i) => (i === 0 ? { ...p, ingress: [{ ports: [{ port: 81 }] }] } : p)),
    });
    const many = Array.from({ length: 100 }, (_, i) => pod('c', `m${i}`, `10.0.5.${i}`, { app: 'm' }));
    step({ ...state, pods: [...state.pods, ...many] });
    step({ ...state, policies: state.policies.slice(1) });
  });
});
