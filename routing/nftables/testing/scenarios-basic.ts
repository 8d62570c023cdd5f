// Conformance scenarios: the basic selector and port cases (see scenarios.ts).
import type { Scenario } from './scenarios.js';
import { denyIngressX, aOf, fromYOn80, fromZOn81, fromPodBAnyNs, denyEgressZ } from './scenario-policies.js';

export const BASIC_SCENARIOS: readonly Scenario[] = [
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
];
