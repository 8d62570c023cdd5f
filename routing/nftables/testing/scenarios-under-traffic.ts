// Conformance scenarios: policy changes while flows run; order matters, each opens flows the next one changes.
import type { Scenario } from './scenarios.js';
import { denyIngressX, aOf, fromPodBAnyNs } from './scenario-policies.js';

export const UNDER_TRAFFIC_SCENARIOS: readonly Scenario[] = [
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
