// The Kubernetes backend's entry point, apart from datastore/index.ts so that importing the
// datastore does not load @kubernetes/client-node (see datastore/index.ts).
export { KubernetesBackend, type KubernetesBackendOptions } from './kubernetes-backend.js';
export { customResourceDefinition, customResourceKinds, crdFiles } from './crd.js';
export { apiResource, type ApiResource } from './api-resources.js';
export { SecretWatch, type SecretKeyLookup, type SecretWatchOptions } from './secret-watch.js';
