import { SERVED_RESOURCES, type ServedResource } from './served-resources.js';

/** What a request path names: a collection (all namespaces or one), an object, or an object's status. */
export interface Target {
  readonly resource: ServedResource;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: 'status';
}

/**
 * The stand-in serves exactly the kinds of the model, at the paths a real API server uses:
 * `/apis/twill.dev/v1/[namespaces/<ns>/]<plural>[/<name>[/status]]`, `/api/v1/namespaces[/<name>]`,
 * `/apis/networking.k8s.io/v1/[namespaces/<ns>/]networkpolicies[/<name>]`. Anything else is 404, as a
 * real server answers for a resource it does not have. Core Services, discovery.k8s.io EndpointSlices
 * and core Events are served too (served-resources.ts).
 */
const BY_PATH = new Map(
  SERVED_RESOURCES.map(
    (resource) => [`${resource.group}/${resource.version}/${resource.plural}`, resource] as const,
  ),
);

export function parseTarget(pathname: string): Target | undefined {
  const parts = pathname
    .split('/')
    .filter((part) => part !== '')
    .map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1] as string;
    rest = parts.slice(2);
  } else return undefined;
  const [version, ...segments] = rest;
  const lookup = (plural: string | undefined): ServedResource | undefined =>
    BY_PATH.get(`${group}/${version ?? ''}/${plural ?? ''}`);
  // `namespaces/<ns>/<plural>/...` names a namespaced kind; otherwise the first segment is the plural
  // (which makes `/api/v1/namespaces/<name>` the Namespace object itself).
  const scoped = segments[0] === 'namespaces' ? lookup(segments[2]) : undefined;
  if (scoped?.namespaced === true) {
    return target(scoped, segments[1], segments.slice(3));
  }
  const resource = lookup(segments[0]);
  if (resource === undefined) return undefined;
  return target(resource, undefined, segments.slice(1));
}

function target(resource: ServedResource, namespace: string | undefined, rest: string[]): Target | undefined {
  const [name, subresource, ...extra] = rest;
  if (extra.length > 0 || (subresource !== undefined && subresource !== 'status')) return undefined;
  if (subresource === 'status' && resource.kind !== 'Namespace' && !resource.statusSubresource)
    return undefined;
  return {
    resource,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
    ...(subresource === undefined ? {} : { subresource }),
  };
}
