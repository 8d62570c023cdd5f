// Resources for the graph's tests, built through the datastore's own reader (validateResource) so
// they carry the defaults and normal form the syncer would deliver.
import {
  validateResource,
  type AnyResource,
  type BGPConfiguration,
  type BGPFilter,
  type BGPPeer,
  type IPAMBlock,
  type IPPool,
  type Namespace,
  type NetworkPolicy,
  type Node,
  type SyncUpdate,
  type WorkloadEndpoint,
} from '../../../../datastore/index.js';
import { syncKey } from '../../../../datastore/index.js';

const V1 = 'twill.dev/v1';

export function node(
  name: string,
  spec: object = {},
  labels: Record<string, string> = {},
  status?: object,
): Node {
  return validateResource<'Node'>({
    apiVersion: V1,
    kind: 'Node',
    metadata: { name, labels },
    spec,
    ...(status === undefined ? {} : { status }),
  });
}

export function pool(name: string, cidr: string, spec: object = {}): IPPool {
  return validateResource<'IPPool'>({
    apiVersion: V1,
    kind: 'IPPool',
    metadata: { name },
    spec: { cidr, ...spec },
  });
}

export function block(cidr: string, owner: string | undefined): IPAMBlock {
  const size = 2 ** ((cidr.includes(':') ? 128 : 32) - Number(cidr.split('/')[1]));
  return validateResource<'IPAMBlock'>({
    apiVersion: V1,
    kind: 'IPAMBlock',
    metadata: { name: cidr.replace(/[/:]/g, '-') },
    spec: {
      cidr,
      ...(owner === undefined ? {} : { affinity: `host:${owner}` }),
      allocations: Array.from({ length: size }, () => null),
      unallocated: [],
      attributes: [],
    },
  });
}

export function bgpPeer(name: string, spec: object): BGPPeer {
  return validateResource<'BGPPeer'>({ apiVersion: V1, kind: 'BGPPeer', metadata: { name }, spec });
}

export function bgpFilter(name: string, spec: object): BGPFilter {
  return validateResource<'BGPFilter'>({ apiVersion: V1, kind: 'BGPFilter', metadata: { name }, spec });
}

export function bgpConfiguration(name: string, spec: object): BGPConfiguration {
  return validateResource<'BGPConfiguration'>({
    apiVersion: V1,
    kind: 'BGPConfiguration',
    metadata: { name },
    spec,
  });
}

export function endpoint(
  namespace: string,
  name: string,
  onNode: string,
  ip: string,
  labels: Record<string, string> = {},
): WorkloadEndpoint {
  return validateResource<'WorkloadEndpoint'>({
    apiVersion: V1,
    kind: 'WorkloadEndpoint',
    metadata: { name, namespace, labels },
    spec: {
      node: onNode,
      pod: name,
      interfaceName: `twl${name}`.slice(0, 15),
      ipNetworks: [`${ip}/${ip.includes(':') ? 128 : 32}`],
    },
  });
}

export function namespace(name: string, labels: Record<string, string> = {}): Namespace {
  return validateResource<'Namespace'>({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
}

export function policy(namespaceName: string, name: string, spec: object): NetworkPolicy {
  return validateResource<'NetworkPolicy'>({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: namespaceName },
    spec,
  });
}

export function set(resource: AnyResource): SyncUpdate {
  return { type: 'set', key: syncKey(resource), resource };
}

export function deleted(resource: AnyResource): SyncUpdate {
  return { type: 'deleted', key: syncKey(resource), resource };
}

/** A valid Curve25519 public key in WireGuard's base64 form (32 bytes of `seed`). */
export function wireguardKey(seed: number): string {
  return Buffer.alloc(32, seed).toString('base64');
}
