// A large policy update for the kill-mid-update test: `policies` policies over a few hundred pods, in
// two versions that differ in every policy's port and ipBlock, so that going from one to the other
// flushes and refills every policy chain and rewrites every ipBlock set (one big transaction).
import type { PolicyState } from '../model.js';

export function bigUpdateState(policies: number, version: 'old' | 'new'): PolicyState {
  const shift = version === 'old' ? 0 : 1;
  const pods = Array.from({ length: 300 }, (_, i) => ({
    namespace: `ns${i % 10}`,
    name: `pod${i}`,
    labels: { app: `a${i % 20}` },
    ips: [`10.244.${i >> 8}.${i & 255}`],
    // Only the first 60 pods are "local": they get a (non-existent) host interface for the dispatch maps.
    ...(i < 60 ? { hostInterface: `twk${i}` } : {}),
  }));
  return {
    policies: Array.from({ length: policies }, (_, i) => ({
      namespace: `ns${i % 10}`,
      name: `pol${i}`,
      podSelector: { matchLabels: { app: `a${i % 20}` } },
      ingress: [
        {
          peers: [
            { podSelector: { matchLabels: { app: `a${(i + shift) % 20}` } } },
            { ipBlock: { cidr: `10.${(i + shift) % 200}.${i % 256}.0/24` } },
          ],
          ports: [{ port: 1000 + ((i + shift * 7) % 60000) }],
        },
      ],
    })),
    pods,
    namespaces: Array.from({ length: 10 }, (_, i) => ({ name: `ns${i}`, labels: {} })),
    pools: [{ cidr: '10.244.0.0/16', natOutgoing: true }],
  };
}
