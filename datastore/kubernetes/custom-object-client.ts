import type { CustomObjectsApi } from '@kubernetes/client-node';

import type { ApiResource } from './api-resources.js';
import type { KubeObject } from './convert.js';
import { listPage, type ObjectClient, type RawList } from './object-client.js';

/** Twill's own kinds, as custom objects of twill.dev/v1 (plain JSON both ways). */
export function customObjectClient(api: CustomObjectsApi, resource: ApiResource): ObjectClient {
  const { group, version, plural, namespaced } = resource;
  const base = { group, version, plural };
  // Namespaced kinds always name their namespace for single objects (checked by the backend).
  const ns = (namespace: string | undefined): string => namespace ?? '';
  return {
    resource,
    get: async (name, namespace) =>
      (namespaced
        ? await api.getNamespacedCustomObject({ ...base, namespace: ns(namespace), name })
        : await api.getClusterCustomObject({ ...base, name })) as KubeObject,
    list: async ({ namespace, limit, continueToken }) => {
      const paging = { limit, _continue: continueToken };
      let raw: unknown;
      if (!namespaced) raw = await api.listClusterCustomObject({ ...base, ...paging });
      else if (namespace === undefined)
        raw = await api.listCustomObjectForAllNamespaces({ ...base, ...paging });
      else raw = await api.listNamespacedCustomObject({ ...base, namespace, ...paging });
      return listPage(raw as RawList);
    },
    create: async (body, namespace) =>
      (namespaced
        ? await api.createNamespacedCustomObject({ ...base, namespace: ns(namespace), body })
        : await api.createClusterCustomObject({ ...base, body })) as KubeObject,
    replace: async (body, namespace) => {
      const name = body.metadata?.name ?? '';
      return (
        namespaced
          ? await api.replaceNamespacedCustomObject({ ...base, namespace: ns(namespace), name, body })
          : await api.replaceClusterCustomObject({ ...base, name, body })
      ) as KubeObject;
    },
    replaceStatus: async (body, namespace) => {
      const name = body.metadata?.name ?? '';
      return (
        namespaced
          ? await api.replaceNamespacedCustomObjectStatus({ ...base, namespace: ns(namespace), name, body })
          : await api.replaceClusterCustomObjectStatus({ ...base, name, body })
      ) as KubeObject;
    },
    delete: async (name, namespace, resourceVersion) => {
      const body = { preconditions: { resourceVersion } };
      if (namespaced)
        await api.deleteNamespacedCustomObject({ ...base, namespace: ns(namespace), name, body });
      else await api.deleteClusterCustomObject({ ...base, name, body });
    },
  };
}
