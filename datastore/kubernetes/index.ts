// The Kubernetes backend's entry point, apart from datastore/index.ts so that importing the
// datastore does not load @kubernetes/client-node (see datastore/index.ts).
export { KubernetesBackend, type KubernetesBackendOptions } from './kubernetes-backend.js';
export { customResourceDefinition, customResourceKinds, crdFiles } from './crd.js';
export { apiResource, type ApiResource } from './api-resources.js';
export { SecretWatch, type SecretKeyLookup, type SecretWatchOptions } from './secret-watch.js';
// For twill-node's readers and writers of core kinds outside the datastore (Services, EndpointSlices,
// Events): the same watch machinery and wire-JSON conversion the backend uses.
export { kubernetesWatch, type KubernetesWatchOptions } from './kubernetes-watch.js';
export { toJson, fromJson } from './core-object-client.js';
export { httpStatusOf } from './api-errors.js';
export type { KubeObject } from './convert.js';
