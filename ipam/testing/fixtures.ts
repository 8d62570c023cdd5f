import {
  TWILL_API_VERSION,
  type IPAMConfiguration,
  type IPPool,
  type Node,
  type StringMap,
  type WorkloadEndpoint,
} from '../../datastore/index.js';

/** Small valid IPAM resources for tests, each with only what the test varies. */
export function pool(name: string, cidr: string, spec: Partial<IPPool['spec']> = {}): IPPool {
  return {
    apiVersion: TWILL_API_VERSION,
    kind: 'IPPool',
    metadata: { name },
    spec: { cidr, ...spec } as IPPool['spec'],
  };
}

export function node(name: string, labels: StringMap = {}): Node {
  return { apiVersion: TWILL_API_VERSION, kind: 'Node', metadata: { name, labels }, spec: {} };
}

export function ipamConfig(spec: Partial<IPAMConfiguration['spec']>): IPAMConfiguration {
  return {
    apiVersion: TWILL_API_VERSION,
    kind: 'IPAMConfiguration',
    metadata: { name: 'default' },
    spec: spec as IPAMConfiguration['spec'],
  };
}

export function endpoint(
  namespace: string,
  name: string,
  nodeName: string,
  addresses: readonly string[],
): WorkloadEndpoint {
  return {
    apiVersion: TWILL_API_VERSION,
    kind: 'WorkloadEndpoint',
    metadata: { name, namespace },
    spec: {
      node: nodeName,
      interfaceName: `twl${name.replace(/[^a-z0-9]/g, '').slice(-11)}`,
      ipNetworks: addresses.map((a) => (a.includes(':') ? `${a}/128` : `${a}/32`)),
    },
  };
}
