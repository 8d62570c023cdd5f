// The compiler and the differ without a kernel: what the table holds and what a change sends.
import { expect } from 'chai';
import {
  compileTable,
  NftablesError,
  policyId,
  renderDiff,
  type PodInput,
  type PolicyState,
} from './index.js';
import { ipBlockRanges, rangeElement } from './ip-ranges.js';
import { matchesSelector } from './label-selector.js';

const pod = (
  ns: string,
  name: string,
  ip: string,
  labels: Record<string, string> = { app: name },
): PodInput => ({
  namespace: ns,
  name,
  labels,
  ips: [ip],
  hostInterface: `v${ns}${name}`,
  namedPorts: [{ name: 'http', port: 8080 }],
});

function base(): PolicyState {
  return {
    namespaces: [
      { name: 'a', labels: { team: 'a' } },
      { name: 'b', labels: { team: 'b' } },
    ],
    pods: [pod('a', 'web', '10.0.1.1'), pod('a', 'db', '10.0.1.2'), pod('b', 'cli', '10.0.2.1')],
    pools: [{ cidr: '10.0.0.0/16', natOutgoing: true }],
    policies: [
      {
        namespace: 'a',
        name: 'web',
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [
          { peers: [{ namespaceSelector: { matchLabels: { team: 'b' } } }], ports: [{ port: 'http' }] },
        ],
      },
      {
        namespace: 'a',
        name: 'db',
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [
          {
            peers: [{ podSelector: { matchLabels: { app: 'web' } } }],
            ports: [{ protocol: 'SCTP', port: 5432, endPort: 5440 }],
          },
        ],
      },
    ],
  };
}

describe('policy compiler', () => {
  it('dispatches only selected local pods, per direction, through verdict maps', () => {
    const t = compileTable(base());
    expect(
      [...(t.sets.get('ingress-dispatch')?.elements ?? [])].map((e) => e.split(' : ')[0]).sort(),
    ).to.deep.equal(['"vadb"', '"vaweb"']);
    expect(t.sets.get('egress-dispatch')?.elements.size).to.equal(0);
    expect(t.chains.get('forward')?.rules).to.include('iifname vmap @egress-dispatch');
  });

  it('fills named-port sets with the selected pods (address . protocol . port) and renders SCTP ranges', () => {
    const t = compileTable(base());
    const web = policyId('a', 'web');
    expect([...(t.sets.get(`${web}-in0-np0-4`)?.elements ?? [])]).to.deep.equal(['10.0.1.1 . tcp . 8080']);
    const peerSet = /ip saddr @(\S+)/.exec(t.chains.get(`${web}-in`)?.rules.join('\n') ?? '')?.[1] ?? '';
    expect([...(t.sets.get(peerSet)?.elements ?? [])]).to.deep.equal(['10.0.2.1']);
    const db = policyId('a', 'db');
    expect(
      t.chains.get(`${db}-in`)?.rules.some((r) => r.includes('meta l4proto sctp th dport 5432-5440')),
    ).to.equal(true);
  });

  it('shares one peer set between all rules with the same peers, so a new pod is one element', () => {
    const s = base();
    const fromTeamB = (name: string, port: number) => ({
      namespace: 'a',
      name,
      podSelector: { matchLabels: { app: name } },
      // The same peers written in another key order: still the same selection.
      ingress: [
        {
          peers: [{ namespaceSelector: { matchLabels: { team: 'b' } }, podSelector: {} }],
          ports: [{ port }],
        },
      ],
    });
    const state = { ...s, policies: [fromTeamB('web', 80), { ...fromTeamB('db', 81) }] };
    const before = compileTable(state);
    const refs = (t: typeof before, name: string) =>
      [...(t.chains.get(`${policyId('a', name)}-in`)?.rules.join(' ') ?? '').matchAll(/@(\S+)/g)].map(
        (m) => m[1],
      );
    expect(refs(before, 'web')).to.deep.equal(refs(before, 'db'));
    // A podSelector alone selects in the policy's own namespace: the same selector in another
    // namespace is another set.
    const own = (ns: string) => ({
      namespace: ns,
      name: 'own',
      podSelector: {},
      ingress: [{ peers: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
    });
    const two = compileTable({ ...state, policies: [own('a'), own('b')] });
    expect(refs(two, 'own')).to.have.length(2); // its IPv4 and IPv6 sets
    const inB = two.chains.get(`${policyId('b', 'own')}-in`)?.rules.join(' ') ?? '';
    expect(inB).to.not.contain(`@${refs(two, 'own')[0] ?? ''}`);
    const after = compileTable({ ...state, pods: [...state.pods, pod('b', 'cli2', '10.0.2.2', {})] });
    const diff = renderDiff(before, after) ?? [];
    expect(diff.filter((c) => c.includes('10.0.2.2'))).to.have.length(1);
  });

  it('leaves out policies that select no pod of this node, until one arrives', () => {
    const s = base();
    const remote = { ...pod('b', 'far', '10.0.2.9', { app: 'far' }), hostInterface: undefined };
    const farPolicy = {
      namespace: 'b',
      name: 'far',
      podSelector: { matchLabels: { app: 'far' } },
      ingress: [{ peers: [{ podSelector: { matchLabels: { app: 'cli' } } }] }],
    };
    const state = { ...s, pods: [...s.pods, remote], policies: [...s.policies, farPolicy] };
    const before = compileTable(state);
    const id = policyId('b', 'far');
    expect(before.chains.has(`${id}-in`)).to.equal(false);
    expect(before.counters.has(`drop-${id}-in`)).to.equal(false);
    const local = pod('b', 'near', '10.0.2.10', { app: 'far' });
    const after = compileTable({ ...state, pods: [...state.pods, local] });
    expect(after.chains.has(`${id}-in`)).to.equal(true);
    const diff = renderDiff(before, after) ?? [];
    expect(diff).to.include(`add chain inet twill ${id}-in`);
    expect(
      diff.some((c) => c.startsWith('add element inet twill ingress-dispatch { "vbnear" : jump')),
    ).to.equal(true);
  });

  it('defaults policyTypes as Kubernetes does', () => {
    const s = base();
    const withEgress: PolicyState = {
      ...s,
      policies: [
        { namespace: 'a', name: 'e', podSelector: {}, egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }] },
      ],
    };
    const t = compileTable(withEgress);
    const id = policyId('a', 'e');
    expect(t.chains.has(`${id}-in`)).to.equal(true);
    expect(t.chains.has(`${id}-eg`)).to.equal(true);
    expect(t.chains.get(`${id}-in`)?.rules).to.deep.equal([]);
    const noEgress = compileTable({
      ...s,
      policies: [{ namespace: 'a', name: 'e', podSelector: {}, egress: [] }],
    });
    expect(noEgress.chains.has(`${id}-eg`)).to.equal(false);
  });

  it('changes only set elements when a pod comes, goes or is relabelled', () => {
    const before = compileTable(base());
    const s = base();
    const added = compileTable({ ...s, pods: [...s.pods, pod('b', 'cli2', '10.0.2.2')] });
    const diff = renderDiff(before, added) ?? [];
    expect(diff.length).to.be.greaterThan(0);
    expect(
      diff.every((c) => /^(add|delete) element /.test(c)),
      diff.join('\n'),
    ).to.equal(true);
    expect(diff.join('\n')).to.contain('10.0.2.2');

    const relabelled = compileTable({
      ...s,
      pods: s.pods.map((p) => (p.name === 'db' ? { ...p, labels: { app: 'web' } } : p)),
    });
    const diff2 = renderDiff(before, relabelled) ?? [];
    // db's policy now selects no pod of this node: its chain, peer sets and counter go with it.
    const db = policyId('a', 'db');
    const gone = new RegExp(
      `^(flush|delete) chain inet twill ${db}-in$|^delete set |^delete counter inet twill drop-${db}-in$`,
    );
    expect(
      diff2.every(
        (c) =>
          /^(add|delete) element |^add chain inet twill in-g|^add rule inet twill in-g|^(delete|flush) chain inet twill in-g/.test(
            c,
          ) || gone.test(c),
      ),
      diff2.join('\n'),
    ).to.equal(true);
  });

  it('replaces only the chains and sets of a changed policy', () => {
    const before = compileTable(base());
    const s = base();
    const changed = compileTable({
      ...s,
      policies: s.policies.map((p) =>
        p.name === 'db' ? { ...p, ingress: [{ ports: [{ port: 5432 }] }] } : p,
      ),
    });
    const diff = renderDiff(before, changed) ?? [];
    const db = policyId('a', 'db');
    const web = policyId('a', 'web');
    expect(diff.some((c) => c.startsWith(`flush chain inet twill ${db}-in`))).to.equal(true);
    expect(diff.some((c) => c.includes(web))).to.equal(false);
    expect(diff.some((c) => c.includes('forward'))).to.equal(false);
  });

  it('gives an unchanged state an empty diff', () => {
    expect(renderDiff(compileTable(base()), compileTable(base()))).to.deep.equal([]);
  });

  it('refuses endPort without a numeric port and bad interface names', () => {
    const s = base();
    const bad: PolicyState = {
      ...s,
      policies: [
        { namespace: 'a', name: 'x', podSelector: {}, ingress: [{ ports: [{ port: 'http', endPort: 9 }] }] },
      ],
    };
    expect(() =>
      compileTable({ ...bad, policies: [{ ...bad.policies[0]!, ingress: [{ ports: [{ endPort: 9 }] }] }] }),
    ).to.throw(NftablesError);
    expect(() =>
      compileTable({ ...s, pods: [{ ...pod('a', 'q', '10.0.1.9'), hostInterface: 'bad"name' }] }),
    ).to.throw(NftablesError);
  });
});

describe('ipBlock ranges', () => {
  it('subtracts excepts and merges into disjoint ranges', () => {
    const r = ipBlockRanges([
      { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.0.0/16'] },
      { cidr: '10.1.5.0/24' },
    ]);
    expect(r[4].map((x) => rangeElement(4, x))).to.deep.equal([
      '10.0.0.0/16',
      '10.1.5.0/24',
      '10.3.0.0-10.255.255.255',
    ]);
    expect(
      ipBlockRanges([{ cidr: 'fd00::/64', except: ['fd00::/65'] }])[6].map((x) => rangeElement(6, x)),
    ).to.deep.equal(['fd00::8000:0:0:0/65']);
  });
});

describe('label selectors', () => {
  it('implements matchLabels and the four operators', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(matchesSelector({}, labels)).to.equal(true);
    expect(matchesSelector({ matchLabels: { app: 'web' } }, labels)).to.equal(true);
    expect(matchesSelector({ matchLabels: { app: 'db' } }, labels)).to.equal(false);
    expect(
      matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] }, labels),
    ).to.equal(true);
    expect(
      matchesSelector({ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['y'] }] }, labels),
    ).to.equal(true);
    expect(
      matchesSelector({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels),
    ).to.equal(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels)).to.equal(
      true,
    );
  });
});
