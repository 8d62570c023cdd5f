// Conformance scenarios: policyTypes defaults, port ranges, ipBlocks, DNS-only egress (see scenarios.ts).
import type { Scenario } from './scenarios.js';
import { aOf } from './scenario-policies.js';

export const RULE_SCENARIOS: readonly Scenario[] = [
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
];
