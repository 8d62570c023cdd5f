// Public API of typha-proxy: the fan-out server (twill-typha), the node-side client, the protocol.
export * from './server/index.js';
export * from './client/index.js';
export * as proto from './proto/index.js';
export { MetricsRegistry } from './metrics/index.js';
