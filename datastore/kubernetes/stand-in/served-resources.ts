import { RESOURCE_KINDS } from '../../model/index.js';
import { apiResource } from '../api-resources.js';

/**
 * A collection the stand-in serves: every kind of the model (as the backend maps it), plus the core
 * kinds twill-node reads or writes outside the datastore (Services, EndpointSlices, Events).
 */
export interface ServedResource {
  readonly kind: string;
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /** Status written through `/status` only (see ApiResource.statusSubresource). */
  readonly statusSubresource: boolean;
}

/**
 * Not model kinds: Services (status subresource: `status.loadBalancer` is a controller's, written
 * through `/status` as on a real server), EndpointSlices (discovery.k8s.io/v1), Events (core/v1).
 */
export const EXTRA_RESOURCES: readonly ServedResource[] = [
  {
    kind: 'Service',
    group: '',
    version: 'v1',
    plural: 'services',
    namespaced: true,
    statusSubresource: true,
  },
  {
    kind: 'EndpointSlice',
    group: 'discovery.k8s.io',
    version: 'v1',
    plural: 'endpointslices',
    namespaced: true,
    statusSubresource: false,
  },
  { kind: 'Event', group: '', version: 'v1', plural: 'events', namespaced: true, statusSubresource: false },
];

export const SERVED_RESOURCES: readonly ServedResource[] = [
  ...RESOURCE_KINDS.map((kind) => apiResource(kind)),
  ...EXTRA_RESOURCES,
];

/** `v1` for the core group, else `<group>/<version>`. */
export function apiVersionOf(resource: ServedResource): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}
