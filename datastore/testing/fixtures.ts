import type { BGPPeer, IPPool, StringMap, WorkloadEndpoint } from '../model/index.js';

/** Small valid resources for tests, each with only what the test varies. */
export function ipPool(
  name: string,
  cidr: string,
  labels: StringMap = {},
  extra: Partial<IPPool['spec']> = {},
): IPPool {
  return {
    apiVersion: 'twill.dev/v1',
    kind: 'IPPool',
    metadata: { name, labels },
    spec: { cidr, ...extra } as IPPool['spec'],
  };
}

export function bgpPeer(name: string, peerIP: string, asNumber: number): BGPPeer {
  return {
    apiVersion: 'twill.dev/v1',
    kind: 'BGPPeer',
    metadata: { name },
    spec: { peerIP, asNumber } as BGPPeer['spec'],
  };
}

export function workloadEndpoint(
  namespace: string,
  name: string,
  ip: string,
  labels: StringMap = {},
): WorkloadEndpoint {
  return {
    apiVersion: 'twill.dev/v1',
    kind: 'WorkloadEndpoint',
    metadata: { name, namespace, labels },
    spec: { node: 'node-1', interfaceName: `twl${name.slice(0, 8)}`, ipNetworks: [`${ip}/32`] },
  };
}
