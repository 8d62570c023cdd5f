// Public API of the BGP speaker for the node daemon and twill-bgpd.

export { BgpSpeaker, type PeerStatusWithCounts, type SoftResetDirection } from './speaker.js';
export { peerConfigChange, SOFT_FIELDS, type PeerConfigChange } from './peer-config-change.js';
export type { PeerPolicyStatus } from './policy-status.js';
export type * from '../policy/policy-config.js';
export { ACCEPT_ALL, GRACEFUL_SHUTDOWN, PolicyError } from '../policy/index.js';
export type { PeerBfdConfig, PeerConfig, SpeakerOptions } from './speaker-config.js';
export type { BfdPeerStatus } from './bfd-binding.js';
export { SpeakerError, type SpeakerErrorCode } from './speaker-error.js';
export { attributesJson, formatAsPath, type RouteAttributesJson, type RouteJson } from './route-json.js';
export { routeRows, type RouteViewQuery } from './route-views.js';
export { policyWords, type ExportReasonRow } from './export-reasons.js';
export type { PathJson } from './prefix-paths.js';
export type { BestPathChange, BestPathListener, RouteAttributes, RouteViewName } from '../rib/index.js';
export type { PeerStatus } from '../session/index.js';
export type { Family } from '../wire/index.js';
export type {
  GracefulRestartOptions,
  MaxPrefixByFamily,
  MaxPrefixConfig,
  PeerGracefulRestartConfig,
} from './graceful-restart-config.js';
export type { GracefulRestartPeerStatus, RestartPeerStatus } from './restart-features.js';
export type { HelperStatus } from './graceful-restart-helper.js';
export type { MaxPrefixFamilyStatus } from './max-prefix.js';
export {
  DEFAULT_MAX_DYNAMIC_PEERS,
  dynamicPeerConfig,
  matchDynamicRange,
  type DynamicPeerRange,
  type PeerTemplate,
} from './dynamic-peers.js';
export { peerIdOfRemote, splitScope } from './peer-transport.js';
export type { TransportStatus } from '../session/index.js';
