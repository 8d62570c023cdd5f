export { TyphaClient, type TyphaClientOptions } from './typha-client.js';
export type { ClientTls, ConnectionStats } from './client-connection.js';
export { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
export { ClientCache } from './client-cache.js';
export { TyphaClientError, type TyphaClientErrorCode } from './client-error.js';
