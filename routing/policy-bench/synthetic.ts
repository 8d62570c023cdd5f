// A synthetic cluster for the policy benchmark: `endpoints` pods over 100 namespaces (the first `local`
// of them on this node, with host interfaces that need not exist: dispatch-map keys are just names), and
// `policies` policies that each select the ~20 pods of one app and allow ingress from another app's pods
// on one port (every tenth also from a labelled namespace, so namespace selectors are exercised too).
import type { NetworkPolicyInput, PodInput, PolicyState } from '../nftables/index.js';

const NAMESPACES = 100;
const APPS = 500;

export function syntheticPod(i: number, local: boolean): PodInput {
  return {
    namespace: `ns${i % NAMESPACES}`,
    name: `pod${i}`,
    labels: { app: `a${i % APPS}` },
    ips: [`10.${100 + ((i >> 16) & 63)}.${(i >> 8) & 255}.${i & 255}`],
    ...(local ? { hostInterface: `twb${i}` } : {}),
  };
}

export function syntheticPolicy(i: number, port = 1000 + (i % 1000)): NetworkPolicyInput {
  const peers =
    i % 10 === 0
      ? [{ namespaceSelector: { matchLabels: { team: `t${i % 7}` } }, podSelector: {} }]
      : [{ podSelector: { matchLabels: { app: `a${(i + 1) % APPS}` } } }];
  return {
    namespace: `ns${i % NAMESPACES}`,
    name: `pol${i}`,
    podSelector: { matchLabels: { app: `a${i % APPS}` } },
    ingress: [{ peers, ports: [{ port }] }],
  };
}

export function syntheticState(endpoints: number, local: number, policies: number): PolicyState {
  return {
    pods: Array.from({ length: endpoints }, (_, i) => syntheticPod(i, i < local)),
    policies: Array.from({ length: policies }, (_, i) => syntheticPolicy(i)),
    namespaces: Array.from({ length: NAMESPACES }, (_, i) => ({
      name: `ns${i}`,
      labels: { team: `t${i % 7}` },
    })),
    pools: [{ cidr: '10.64.0.0/10', natOutgoing: true }],
  };
}
