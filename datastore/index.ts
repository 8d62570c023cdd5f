// Public API of the datastore layer. Other layers (ipam, typha-proxy, daemon) import from here only.

export type {
  Backend,
  DeleteOptions,
  ListOptions,
  ListResult,
  ResyncReason,
  Watch,
  WatchEvent,
  WatchOptions,
} from './backend/backend.js';
export { EtcdBackend, type EtcdBackendOptions } from './backend/etcd-backend.js';
export { kindPrefix, resourceKey } from './backend/keys.js';
// KubernetesBackend has its own entry, './kubernetes/index.js': it loads @kubernetes/client-node
// (~0.7 s), which etcd-only programs such as twill-cni must not pay for on every call.
export { MemoryBackend, type MemoryBackendOptions } from './backend/memory-backend.js';
export {
  DatastoreError,
  SelectorError,
  ValidationError,
  type DatastoreErrorCode,
  type FieldIssue,
} from './errors.js';
export * from './model/index.js';
export * from './selector/index.js';
export {
  Syncer,
  syncKey,
  type SyncerConsumer,
  type SyncerOptions,
  type SyncStatus,
  type SyncUpdate,
} from './syncer/syncer.js';
