export { TyphaServer } from './typha-server.js';
export {
  DEFAULT_LIMITS,
  DEFAULT_MAX_CLIENTS,
  DEFAULT_PING_INTERVAL_MS,
  DEFAULT_WINDOW,
  type TlsFiles,
  type TyphaServerOptions,
} from './server-options.js';
export type { SessionLimits } from './client-session.js';
export type { DisconnectReason } from './disconnect-reason.js';
export type { AllowedPeers } from './peer-identity.js';
