// Policies several conformance scenarios share (scenarios.ts explains the lab: namespaces x, y, z, pods a, b, c).
import type { NetworkPolicyInput } from '../model.js';

export const denyIngressX: NetworkPolicyInput = {
  namespace: 'x',
  name: 'deny-in',
  podSelector: {},
  policyTypes: ['Ingress'],
};
export const aOf = (ns: string, name: string, rest: Partial<NetworkPolicyInput>): NetworkPolicyInput => ({
  namespace: ns,
  name,
  podSelector: { matchLabels: { pod: 'a' } },
  ...rest,
});
export const fromYOn80 = aOf('x', 'from-y-80', {
  ingress: [{ peers: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }], ports: [{ port: 80 }] }],
});
export const fromZOn81 = aOf('x', 'from-z-81', {
  ingress: [{ peers: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }], ports: [{ port: 81 }] }],
});
export const fromPodBAnyNs = aOf('x', 'from-b-any', {
  ingress: [{ peers: [{ namespaceSelector: {}, podSelector: { matchLabels: { pod: 'b' } } }] }],
});
export const denyEgressZ: NetworkPolicyInput = {
  namespace: 'z',
  name: 'deny-eg',
  podSelector: {},
  policyTypes: ['Egress'],
};
