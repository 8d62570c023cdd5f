// Public API of twill-node's configuration.
export {
  formatAutodetectionMethod,
  parseAutodetectionMethod,
  type AutodetectionMethod,
} from './autodetection-method.js';
export {
  describeSource,
  NodeConfigError,
  type ConfigIssue,
  type ConfigSource,
  type NodeConfigErrorCode,
} from './errors.js';
export { loadNodeConfig, type LoadedNodeConfig, type NodeConfigInput } from './load.js';
export type { DatastoreType, NodeConfig, TlsFiles } from './node-config.js';
export { printNodeConfig, REDACTED } from './print.js';
export { NODE_CONFIG_SCHEMA } from './schema.js';
export { schemaKeys, type SchemaKey } from './schema-keys.js';
