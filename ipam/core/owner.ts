import type { IpAddress } from '../../common/index.js';
import type { WorkloadEndpoint } from '../../datastore/index.js';

/**
 * Who an address was handed out for, kept in the allocation's secondary attributes so a garbage
 * collector can ask "does the owner still exist?" without a second index. Addresses without an owner
 * (tunnel addresses, manual reservations) are never collected as leaks.
 */
export interface AddressOwner {
  readonly namespace: string;
  readonly workloadEndpoint: string;
  readonly node?: string;
}

export const OWNER_NAMESPACE = 'namespace';
export const OWNER_ENDPOINT = 'workloadEndpoint';
export const OWNER_NODE = 'node';

export function ownerAttributes(owner: AddressOwner): Record<string, string> {
  const out: Record<string, string> = {
    [OWNER_NAMESPACE]: owner.namespace,
    [OWNER_ENDPOINT]: owner.workloadEndpoint,
  };
  if (owner.node !== undefined) out[OWNER_NODE] = owner.node;
  return out;
}

export function ownerOf(secondary: Readonly<Record<string, string>>): AddressOwner | undefined {
  const namespace = secondary[OWNER_NAMESPACE];
  const workloadEndpoint = secondary[OWNER_ENDPOINT];
  if (namespace === undefined || workloadEndpoint === undefined) return undefined;
  const node = secondary[OWNER_NODE];
  return node === undefined ? { namespace, workloadEndpoint } : { namespace, workloadEndpoint, node };
}

export function endpointKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Every address each endpoint holds, keyed `namespace/name` → address texts. */
export function endpointAddresses(endpoints: readonly WorkloadEndpoint[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const endpoint of endpoints) {
    const key = endpointKey(endpoint.metadata.namespace ?? '', endpoint.metadata.name);
    out.set(key, new Set(endpoint.spec.ipNetworks.map((network) => network.split('/')[0] as string)));
  }
  return out;
}

/** Why an owned allocation counts as leaked, or undefined while its owner still holds it. */
export function leakReason(
  owner: AddressOwner,
  address: IpAddress,
  endpoints: ReadonlyMap<string, ReadonlySet<string>>,
): 'owner-gone' | 'owner-lacks-address' | undefined {
  const held = endpoints.get(endpointKey(owner.namespace, owner.workloadEndpoint));
  if (held === undefined) return 'owner-gone';
  return held.has(address.toString()) ? undefined : 'owner-lacks-address';
}
