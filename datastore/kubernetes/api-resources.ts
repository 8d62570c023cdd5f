import { kindDefinition, type ResourceKind } from '../model/index.js';

/**
 * Which Kubernetes API serves each kind. Twill's own kinds are custom resources of `twill.dev/v1`
 * (CRDs generated from the same kinds table); the policy inputs the model takes from Kubernetes itself
 * are served by the core API (Namespace) and the networking API (NetworkPolicy), and are never CRDs.
 */
export type ApiFamily = 'custom' | 'core' | 'networking';

export interface ApiResource {
  readonly kind: ResourceKind;
  readonly family: ApiFamily;
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /**
   * Status is written through `/status` only: writes to the main resource ignore it, and writes to
   * `/status` ignore everything else (true for every Twill kind with a status; Namespace status is
   * the server's own and never written by Twill).
   */
  readonly statusSubresource: boolean;
}

export function apiResource(kind: ResourceKind): ApiResource {
  const definition = kindDefinition(kind);
  const slash = definition.apiVersion.indexOf('/');
  const group = slash === -1 ? '' : definition.apiVersion.slice(0, slash);
  const version = definition.apiVersion.slice(slash + 1);
  const family = familyOf(group);
  return {
    kind,
    family,
    group,
    version,
    plural: definition.plural,
    namespaced: definition.namespaced,
    statusSubresource: family === 'custom' && definition.readStatus !== undefined,
  };
}

function familyOf(group: string): ApiFamily {
  if (group === '') return 'core';
  if (group === 'networking.k8s.io') return 'networking';
  return 'custom';
}

/** `/api/v1` or `/apis/<group>/<version>`. */
export function groupVersionPath(resource: ApiResource): string {
  return resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
}

/** The collection URL path, all namespaces when `namespace` is undefined (the path watches use). */
export function collectionPath(resource: ApiResource, namespace?: string): string {
  const scope =
    resource.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupVersionPath(resource)}${scope}/${resource.plural}`;
}
