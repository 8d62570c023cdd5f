// Conformance scenarios for the three-namespaces × three-pods lab (x, y, z × a, b, c), modelled on the
// upstream Kubernetes NetworkPolicy e2e suite. Pods are labelled pod=<name>, namespaces ns=<name>; every
// pod serves TCP and UDP on 53, 80 and 81 with named ports serve-<port>-<tcp|udp>; z/c plays the cluster
// DNS and also names its port 53 `dns` (UDP) and `dns-tcp` (TCP).
import type { NamedPort, NetworkPolicyInput } from '../model.js';

type Labels = Readonly<Record<string, string>>;

/** A long-running flow: a TCP connection, or UDP datagrams from one source port. */
export interface FlowSpec {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}

export interface Scenario {
  readonly name: string;
  readonly policies: readonly NetworkPolicyInput[];
  /** Pods whose labels differ from pod=<name> in this scenario. */
  readonly relabel?: Readonly<Record<string, Labels>>;
  /** Namespaces whose labels differ from ns=<name> in this scenario. */
  readonly nsLabels?: Readonly<Record<string, Labels>>;
  /**
   * Flows opened under the previous scenario (which allows them) and kept busy while this one is
   * applied: established connections survive the change (conntrack), new connections follow the new
   * policies (the probe matrix checks those).
   */
  readonly underTraffic?: readonly FlowSpec[];
}

/** Named ports some pods have besides serve-<port>-<protocol>. */
export const EXTRA_NAMED_PORTS: Readonly<Record<string, readonly NamedPort[]>> = {
  'z/c': [
    { name: 'dns', protocol: 'UDP', port: 53 },
    { name: 'dns-tcp', protocol: 'TCP', port: 53 },
  ],
};

const denyIngressX: NetworkPolicyInput = {
  namespace: 'x',
  name: 'deny-in',
  podSelector: {},
  policyTypes: ['Ingress'],
};
const aOf = (ns: string, name: string, rest: Partial<NetworkPolicyInput>): NetworkPolicyInput => ({
  namespace: ns,
  name,
  podSelector: { matchLabels: { pod: 'a' } },
  ...rest,
});
const fromYOn80 = aOf('x', 'from-y-80', {
  ingress: [{ peers: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }], ports: [{ port: 80 }] }],
});
const fromZOn81 = aOf('x', 'from-z-81', {
  ingress: [{ peers: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }], ports: [{ port: 81 }] }],
});
const fromPodBAnyNs = aOf('x', 'from-b-any', {
  ingress: [{ peers: [{ namespaceSelector: {}, podSelector: { matchLabels: { pod: 'b' } } }] }],
});
const denyEgressZ: NetworkPolicyInput = {
  namespace: 'z',
  name: 'deny-eg',
  podSelector: {},
  policyTypes: ['Egress'],
};

export const SCENARIOS: readonly Scenario[] = [
  { name: 'no policies: everything open', policies: [] },
  { name: 'default deny ingress in x', policies: [denyIngressX] },
  {
    name: 'default deny egress in x',
    policies: [{ namespace: 'x', name: 'deny-eg', podSelector: {}, policyTypes: ['Egress'] }],
  },
  {
    name: 'default deny both directions in z',
    policies: [{ namespace: 'z', name: 'deny-all', podSelector: {}, policyTypes: ['Ingress', 'Egress'] }],
  },
  {
    name: 'allow x/a from namespace y',
    policies: [
      aOf('x', 'from-y', { ingress: [{ peers: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] }),
    ],
  },
  {
    name: 'allow x/a from pod b in namespace y (AND)',
    policies: [
      aOf('x', 'from-yb', {
        ingress: [
          {
            peers: [
              { namespaceSelector: { matchLabels: { ns: 'y' } }, podSelector: { matchLabels: { pod: 'b' } } },
            ],
          },
        ],
      }),
    ],
  },
  { name: 'allow x/a from pod b in any namespace', policies: [fromPodBAnyNs] },
  {
    name: 'allow x/a from namespace y OR pod b of x (two peers)',
    policies: [
      aOf('x', 'y-or-b', {
        ingress: [
          {
            peers: [
              { namespaceSelector: { matchLabels: { ns: 'y' } } },
              { podSelector: { matchLabels: { pod: 'b' } } },
            ],
          },
        ],
      }),
    ],
  },
  {
    name: 'ipBlock with except: x/a from 10.244.0.0/16 except z (10.244.3.0/24) and 10.244.1.3/32',
    policies: [
      aOf('x', 'blk', {
        ingress: [
          { peers: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.3.0/24', '10.244.1.3/32'] } }] },
        ],
      }),
    ],
  },
  {
    name: 'named port: x/a only on serve-81-tcp',
    policies: [aOf('x', 'np81', { ingress: [{ ports: [{ port: 'serve-81-tcp' }] }] })],
  },
  {
    name: 'named UDP port: all of x only on serve-80-udp',
    policies: [
      {
        namespace: 'x',
        name: 'np80u',
        podSelector: {},
        ingress: [{ ports: [{ protocol: 'UDP', port: 'serve-80-udp' }] }],
      },
    ],
  },
  {
    name: 'port ranges: x on TCP 81-90 and UDP 79-80',
    policies: [
      {
        namespace: 'x',
        name: 'range',
        podSelector: {},
        ingress: [
          {
            ports: [
              { protocol: 'TCP', port: 81, endPort: 90 },
              { protocol: 'UDP', port: 79, endPort: 80 },
            ],
          },
        ],
      },
    ],
  },
  {
    name: 'egress to one port only (UDP 81, as for DNS) from y',
    policies: [
      {
        namespace: 'y',
        name: 'dns-only',
        podSelector: {},
        egress: [{ ports: [{ protocol: 'UDP', port: 81 }] }],
      },
    ],
  },
  {
    name: 'egress from y to the named port serve-80-tcp of pods in z',
    policies: [
      {
        namespace: 'y',
        name: 'to-z-np',
        podSelector: {},
        egress: [
          { peers: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }], ports: [{ port: 'serve-80-tcp' }] },
        ],
      },
    ],
  },
  { name: 'two policies united on x/a: y on 80, z on 81', policies: [fromYOn80, fromZOn81] },
  {
    name: 'a policy added while the others stay: z denies egress',
    policies: [fromYOn80, fromZOn81, denyEgressZ],
  },
  { name: 'a policy removed: only y on 80 and the z egress deny remain', policies: [fromYOn80, denyEgressZ] },
  {
    name: 'an empty ingress rule allows everything to x/a despite default deny',
    policies: [denyIngressX, aOf('x', 'allow-all', { ingress: [{}] })],
  },
  {
    name: 'matchExpressions: x from namespaces NotIn [y], pods with pod In [a, c]',
    policies: [
      {
        namespace: 'x',
        name: 'exprs',
        podSelector: {},
        ingress: [
          {
            peers: [
              {
                namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'NotIn', values: ['y'] }] },
                podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['a', 'c'] }] },
              },
            ],
          },
        ],
      },
    ],
  },
  {
    name: 'egress and ingress together: y/b may only reach x; x/a only accepts y/b',
    policies: [
      {
        namespace: 'y',
        name: 'b-to-x',
        podSelector: { matchLabels: { pod: 'b' } },
        egress: [{ peers: [{ namespaceSelector: { matchLabels: { ns: 'x' } } }] }],
      },
      aOf('x', 'only-yb', {
        ingress: [
          {
            peers: [
              { namespaceSelector: { matchLabels: { ns: 'y' } }, podSelector: { matchLabels: { pod: 'b' } } },
            ],
          },
        ],
      }),
    ],
  },
  {
    name: 'egress to an ipBlock outside the pools only (the external host) from z',
    policies: [
      {
        namespace: 'z',
        name: 'ext-only',
        podSelector: {},
        egress: [{ peers: [{ ipBlock: { cidr: '192.168.77.0/24' } }] }],
      },
    ],
  },
  {
    name: 'pod relabelled: y/c becomes pod=b and is let in',
    policies: [fromPodBAnyNs],
    relabel: { 'y/c': { pod: 'b' } },
  },
  { name: 'pod relabelled back: y/c is pod=c again', policies: [fromPodBAnyNs] },
  {
    name: 'policy selecting pods by a label added later: x/b becomes pod=a',
    policies: [fromYOn80],
    relabel: { 'x/b': { pod: 'a' } },
  },
  // ---- policyTypes defaults
  {
    name: 'policyTypes default: a policy with only egress rules also isolates y/a for ingress',
    policies: [
      {
        namespace: 'y',
        name: 'eg-only',
        podSelector: { matchLabels: { pod: 'a' } },
        egress: [{ peers: [{ namespaceSelector: { matchLabels: { ns: 'x' } } }] }],
      },
    ],
  },
  {
    name: 'policyTypes default: no rules and no policyTypes isolates x/c for ingress only',
    policies: [{ namespace: 'x', name: 'bare', podSelector: { matchLabels: { pod: 'c' } }, egress: [] }],
  },
  // ---- empty podSelector inside a namespaceSelector peer
  {
    name: 'empty podSelector with a namespaceSelector: x/a from every pod of z; z/b egress to every pod',
    policies: [
      aOf('x', 'all-of-z', {
        ingress: [{ peers: [{ namespaceSelector: { matchLabels: { ns: 'z' } }, podSelector: {} }] }],
      }),
      {
        namespace: 'z',
        name: 'b-to-pods',
        podSelector: { matchLabels: { pod: 'b' } },
        egress: [{ peers: [{ namespaceSelector: {}, podSelector: {} }] }],
      },
    ],
  },
  // ---- port ranges whose endPort crosses both served ports
  {
    name: 'endPort ranges: x/b on TCP 80-81 and UDP 53-80; y/c egress TCP 53-81 only',
    policies: [
      {
        namespace: 'x',
        name: 'b-ranges',
        podSelector: { matchLabels: { pod: 'b' } },
        ingress: [
          {
            ports: [
              { protocol: 'TCP', port: 80, endPort: 81 },
              { protocol: 'UDP', port: 53, endPort: 80 },
            ],
          },
        ],
      },
      {
        namespace: 'y',
        name: 'c-ranges',
        podSelector: { matchLabels: { pod: 'c' } },
        egress: [{ ports: [{ protocol: 'TCP', port: 53, endPort: 81 }] }],
      },
    ],
  },
  // ---- several ipBlocks, several excepts, blocks that re-allow another block's except
  {
    name: 'several ipBlocks: x/a from 10.244.2.0/24 except .3, z/a alone, x except .2 and .4',
    policies: [
      aOf('x', 'blocks', {
        ingress: [
          {
            peers: [
              { ipBlock: { cidr: '10.244.2.0/24', except: ['10.244.2.3/32'] } },
              { ipBlock: { cidr: '10.244.3.2/32' } },
              { ipBlock: { cidr: '10.244.1.0/24', except: ['10.244.1.2/32', '10.244.1.4/32'] } },
            ],
          },
        ],
      }),
    ],
  },
  {
    name: 'ipBlock with three excepts plus a second block re-allowing one of them (y/c), on TCP 80',
    policies: [
      {
        namespace: 'x',
        name: 'excepts',
        podSelector: {},
        ingress: [
          {
            peers: [
              {
                ipBlock: {
                  cidr: '10.244.0.0/16',
                  except: ['10.244.2.0/24', '10.244.3.3/32', '10.244.1.2/31'],
                },
              },
              { ipBlock: { cidr: '10.244.2.4/30' } },
            ],
            ports: [{ port: 80 }],
          },
        ],
      },
    ],
  },
  {
    name: 'egress to several ipBlocks from z: the external host and x except x/b',
    policies: [
      {
        namespace: 'z',
        name: 'eg-blocks',
        podSelector: {},
        egress: [
          {
            peers: [
              { ipBlock: { cidr: '192.168.77.2/32' } },
              { ipBlock: { cidr: '10.244.1.0/24', except: ['10.244.1.3/32'] } },
            ],
          },
        ],
      },
    ],
  },
  // ---- egress and ingress rules in one policy on the same pod
  {
    name: 'one policy, both directions on x/b: in from y on 80, out to z on 81 (TCP and UDP)',
    policies: [
      {
        namespace: 'x',
        name: 'b-both',
        podSelector: { matchLabels: { pod: 'b' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ peers: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }], ports: [{ port: 80 }] }],
        egress: [
          {
            peers: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }],
            ports: [
              { protocol: 'TCP', port: 81 },
              { protocol: 'UDP', port: 81 },
            ],
          },
        ],
      },
    ],
  },
  // ---- egress to DNS only
  {
    name: 'DNS only: y may send UDP and TCP 53 to the DNS pod z/c, nothing else',
    policies: [
      {
        namespace: 'y',
        name: 'dns',
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            peers: [
              { namespaceSelector: { matchLabels: { ns: 'z' } }, podSelector: { matchLabels: { pod: 'c' } } },
            ],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      },
    ],
  },
  {
    name: 'DNS only, two policies: default deny egress in y united with allow 53 to any address',
    policies: [
      { namespace: 'y', name: 'deny-eg', podSelector: {}, policyTypes: ['Egress'] },
      {
        namespace: 'y',
        name: 'allow-dns',
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      },
    ],
  },
  {
    name: 'DNS only by named port: x may reach the ports named dns and dns-tcp (only z/c has them)',
    policies: [
      {
        namespace: 'x',
        name: 'dns-named',
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            ports: [
              { protocol: 'UDP', port: 'dns' },
              { protocol: 'TCP', port: 'dns-tcp' },
            ],
          },
        ],
      },
    ],
  },
  // ---- changes under traffic: flows opened under the previous scenario run through the switch
  { name: 'under traffic: open x (setup)', policies: [] },
  {
    name: 'under traffic: default deny ingress in x added; established flows into x keep running',
    policies: [denyIngressX],
    underTraffic: [
      { from: 'y/a', to: 'x/a', port: 80, protocol: 'TCP' },
      { from: 'z/b', to: 'x/c', port: 81, protocol: 'UDP' },
      { from: 'x/b', to: 'x/a', port: 53, protocol: 'TCP' },
    ],
  },
  {
    name: 'under traffic: the deny removed, x/a from pod b in any namespace added',
    policies: [fromPodBAnyNs],
    underTraffic: [
      { from: 'x/a', to: 'y/c', port: 80, protocol: 'TCP' },
      { from: 'x/c', to: 'z/a', port: 53, protocol: 'UDP' },
    ],
  },
  {
    name: 'under traffic: y/c relabelled pod=b, so new connections from it reach x/a',
    policies: [fromPodBAnyNs],
    relabel: { 'y/c': { pod: 'b' } },
    underTraffic: [{ from: 'y/b', to: 'x/a', port: 80, protocol: 'TCP' }],
  },
  {
    name: 'under traffic: y/c relabelled back while its flow to x/a runs',
    policies: [fromPodBAnyNs],
    underTraffic: [
      { from: 'y/c', to: 'x/a', port: 81, protocol: 'TCP' },
      { from: 'y/c', to: 'x/a', port: 80, protocol: 'UDP' },
    ],
  },
  {
    name: 'under traffic: x/a admits namespaces labelled team=blue; y has it',
    policies: [
      aOf('x', 'from-blue', {
        ingress: [{ peers: [{ namespaceSelector: { matchLabels: { team: 'blue' } } }] }],
      }),
    ],
    nsLabels: { y: { ns: 'y', team: 'blue' } },
  },
  {
    name: 'under traffic: namespace relabelled, team=blue moves from y to z while y flows run',
    policies: [
      aOf('x', 'from-blue', {
        ingress: [{ peers: [{ namespaceSelector: { matchLabels: { team: 'blue' } } }] }],
      }),
    ],
    nsLabels: { z: { ns: 'z', team: 'blue' } },
    underTraffic: [
      { from: 'y/a', to: 'x/a', port: 80, protocol: 'TCP' },
      { from: 'y/b', to: 'x/a', port: 81, protocol: 'UDP' },
    ],
  },
];
