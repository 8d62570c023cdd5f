// The WorkloadEndpoint of one attachment: what policy and routing learn about the pod (its addresses,
// its host-side interface, its labels). Written after the network is up, removed by DEL and GC.
import { isTwillError, type IpAddress } from '../../common/index.js';
import { TWILL_API_VERSION, type Backend, type WorkloadEndpoint } from '../../datastore/index.js';
import type { Labels } from './labels.js';
import type { WorkloadIdentity } from './names.js';
import { hostPrefix } from './gateway.js';

export interface EndpointFacts {
  readonly identity: WorkloadIdentity;
  readonly node: string;
  readonly containerID: string;
  readonly ifName: string;
  readonly hostVeth: string;
  readonly podMac: string;
  readonly addresses: readonly IpAddress[];
  readonly labels: Labels;
}

/** Labels Twill adds so selectors can match a namespace or orchestrator without knowing the pod. */
export const NAMESPACE_LABEL = 'twill.dev/namespace';
export const ORCHESTRATOR_LABEL = 'twill.dev/orchestrator';

export function buildEndpoint(facts: EndpointFacts): WorkloadEndpoint {
  const { identity } = facts;
  return {
    apiVersion: TWILL_API_VERSION,
    kind: 'WorkloadEndpoint',
    metadata: {
      name: identity.name,
      namespace: identity.namespace,
      labels: {
        ...facts.labels,
        [NAMESPACE_LABEL]: identity.namespace,
        [ORCHESTRATOR_LABEL]: identity.orchestrator,
      },
    },
    spec: {
      node: facts.node,
      orchestrator: identity.orchestrator,
      ...(identity.pod !== undefined ? { pod: identity.pod } : {}),
      containerID: facts.containerID,
      endpoint: facts.ifName,
      interfaceName: facts.hostVeth,
      ...(facts.podMac !== '' ? { mac: facts.podMac.toLowerCase() } : {}),
      ipNetworks: facts.addresses.map((a) => hostPrefix(a).toString()),
    },
  };
}

/** Creates, or replaces one left by an earlier ADD of the same attachment (a runtime retry). */
export async function registerEndpoint(backend: Backend, endpoint: WorkloadEndpoint): Promise<void> {
  try {
    await backend.create(endpoint);
  } catch (error) {
    if (!isTwillError(error, 'ALREADY_EXISTS')) throw error;
    const current = await backend.get(
      'WorkloadEndpoint',
      endpoint.metadata.name,
      endpoint.metadata.namespace,
    );
    await backend.update({
      ...endpoint,
      metadata: { ...current.metadata, labels: endpoint.metadata.labels },
    });
  }
}

/** Deletes it if it exists and belongs to this container; true if it was there. */
export async function removeEndpoint(
  backend: Backend,
  namespace: string,
  name: string,
  containerID: string,
): Promise<boolean> {
  try {
    const current = await backend.get('WorkloadEndpoint', name, namespace);
    // A newer container of the same pod may own the name now; its endpoint is not ours to delete.
    if (current.spec.containerID !== undefined && current.spec.containerID !== containerID) return false;
    await backend.delete('WorkloadEndpoint', name, {
      namespace,
      ...(current.metadata.resourceVersion !== undefined
        ? { resourceVersion: current.metadata.resourceVersion }
        : {}),
    });
    return true;
  } catch (error) {
    if (isTwillError(error, 'NOT_FOUND')) return false;
    throw error;
  }
}

export async function getEndpoint(
  backend: Backend,
  namespace: string,
  name: string,
): Promise<WorkloadEndpoint | undefined> {
  try {
    return await backend.get('WorkloadEndpoint', name, namespace);
  } catch (error) {
    if (isTwillError(error, 'NOT_FOUND')) return undefined;
    throw error;
  }
}
