import { CoreV1Api, NetworkingV1Api, type KubeConfig } from '@kubernetes/client-node';
// The typed clients hand back class instances (Dates, `_from` for `from`); the generated serializer
// is the one place that knows the JSON names, so objects cross it in both directions.
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';

import { DatastoreError } from '../errors.js';
import type { ApiResource } from './api-resources.js';
import type { KubeObject } from './convert.js';
import { listPage, type ObjectClient } from './object-client.js';

export function toJson(typed: unknown, type: string): KubeObject {
  // The serializer leaves every absent optional field as an explicit `undefined`; the wire has none.
  return JSON.parse(JSON.stringify(ObjectSerializer.serialize(typed, type, ''))) as KubeObject;
}

export function fromJson<T>(json: KubeObject, type: string): T {
  return ObjectSerializer.deserialize(json, type, '') as T;
}

/** Namespaces through the core/v1 API and NetworkPolicies through networking.k8s.io/v1. */
export function coreObjectClient(config: KubeConfig, resource: ApiResource): ObjectClient {
  switch (resource.kind) {
    case 'Namespace':
      return namespaceClient(config.makeApiClient(CoreV1Api), resource);
    case 'NetworkPolicy':
      return networkPolicyClient(config.makeApiClient(NetworkingV1Api), resource);
    default:
      throw new DatastoreError('UNKNOWN_KIND', `${resource.kind} is not served by a core Kubernetes API`);
  }
}

function namespaceClient(api: CoreV1Api, resource: ApiResource): ObjectClient {
  const type = 'V1Namespace';
  return {
    resource,
    get: async (name) => toJson(await api.readNamespace({ name }), type),
    list: async ({ limit, continueToken }) =>
      listPage(toJson(await api.listNamespace({ limit, _continue: continueToken }), 'V1NamespaceList')),
    create: async (body) => toJson(await api.createNamespace({ body: fromJson(body, type) }), type),
    replace: async (body) =>
      toJson(
        await api.replaceNamespace({ name: body.metadata?.name ?? '', body: fromJson(body, type) }),
        type,
      ),
    replaceStatus: async (body) =>
      toJson(
        await api.replaceNamespaceStatus({ name: body.metadata?.name ?? '', body: fromJson(body, type) }),
        type,
      ),
    delete: async (name, _namespace, resourceVersion) => {
      await api.deleteNamespace({ name, body: { preconditions: { resourceVersion } } });
    },
  };
}

function networkPolicyClient(api: NetworkingV1Api, resource: ApiResource): ObjectClient {
  const type = 'V1NetworkPolicy';
  const ns = (namespace: string | undefined): string => namespace ?? '';
  return {
    resource,
    get: async (name, namespace) =>
      toJson(await api.readNamespacedNetworkPolicy({ name, namespace: ns(namespace) }), type),
    list: async ({ namespace, limit, continueToken }) => {
      const paging = { limit, _continue: continueToken };
      const typed =
        namespace === undefined
          ? await api.listNetworkPolicyForAllNamespaces(paging)
          : await api.listNamespacedNetworkPolicy({ namespace, ...paging });
      return listPage(toJson(typed, 'V1NetworkPolicyList'));
    },
    create: async (body, namespace) =>
      toJson(
        await api.createNamespacedNetworkPolicy({ namespace: ns(namespace), body: fromJson(body, type) }),
        type,
      ),
    replace: async (body, namespace) =>
      toJson(
        await api.replaceNamespacedNetworkPolicy({
          name: body.metadata?.name ?? '',
          namespace: ns(namespace),
          body: fromJson(body, type),
        }),
        type,
      ),
    replaceStatus: () =>
      Promise.reject(new DatastoreError('INVALID_ARGUMENT', 'NetworkPolicy has no status to write')),
    delete: async (name, namespace, resourceVersion) => {
      await api.deleteNamespacedNetworkPolicy({
        name,
        namespace: ns(namespace),
        body: { preconditions: { resourceVersion } },
      });
    },
  };
}
