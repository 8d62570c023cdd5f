// Public API of the BGP-4 codec (bgp/wire): pure, no sockets, timers or logger. The session frames the
// TCP stream with Framer, decodes with decodeMessage(), encodes with encodeMessage()/encodeUpdates(), and
// acts on the RFC 7606 treatment carried by every error and UPDATE report. See README.md.

// Framing, decoding, encoding
export { Framer, type FrameResult } from './framer.js';
export { decodeMessage, type DecodeResult } from './decode.js';
export { encodeMessage } from './encode.js';
export { encodeUpdates } from './pack.js';
export { codecContext, DEFAULT_CONTEXT, maxMessageLength, type CodecContext } from './context.js';
export { negotiate, type NegotiatedContexts } from './negotiate.js';
export type { Layout, OpenLayout, UpdateLayout } from './layout.js';

// The message model
export {
  RouteRefreshSubtype,
  type BgpMessage,
  type FamilyNlri,
  type KeepaliveMessage,
  type MessageTypeName,
  type MpReachNlri,
  type MpUnreachNlri,
  type Nlri,
  type NotificationMessage,
  type OpenMessage,
  type RouteRefreshMessage,
  type UpdateMessage,
} from './model.js';
export type {
  Aggregator,
  AsPathSegment,
  AsPathSegmentType,
  LargeCommunity,
  Origin,
  PathAttributes,
  UnknownAttribute,
} from './attributes/types.js';
export type {
  AddPathCapability,
  AddPathDirection,
  Capability,
  CapabilityName,
  EnhancedRouteRefreshCapability,
  ExtendedMessageCapability,
  ExtendedNextHopCapability,
  FourOctetAsCapability,
  GracefulRestartCapability,
  GracefulRestartFamily,
  MultiprotocolCapability,
  RouteRefreshCapability,
  UnknownCapability,
} from './capabilities/types.js';
export { afiSafiOf, familyOf, FAMILIES, ipFamilyOf, type AfiSafi, type Family } from './family.js';

// Errors and RFC 7606 classification
export {
  BgpWireError,
  MessageHeaderError,
  OpenMessageError,
  RouteRefreshMessageError,
  strongerTreatment,
  TREATMENT_ORDER,
  UpdateMessageError,
  WireEncodeError,
  type NotificationFields,
  type Treatment,
  type WireEncodeErrorCode,
  type WireErrorCode,
} from './errors.js';
export { announcedRoutes, buildReport, type UpdateReport, type UpdateTreatment } from './update-report.js';
export {
  CeaseSubcode,
  describeNotificationCode,
  ErrorCode,
  MessageHeaderSubcode,
  notificationCodeName,
  notificationSubcodeName,
  OpenSubcode,
  RouteRefreshSubcode,
  UpdateSubcode,
} from './notification-codes.js';

// Helpers for the session and the RIB
export { KEEPALIVE } from './keepalive.js';
export { openAs } from './open.js';
export {
  ceaseNotification,
  describeNotification,
  notificationMessage,
  shutdownCommunication,
} from './notification.js';
export { endOfRib, endOfRibMessage, routeChanges, type RouteChanges } from './routes.js';
export { countAsNumbers } from './attributes/as4.js';
export { formatCommunity } from './attributes/communities.js';
export { formatLargeCommunity } from './attributes/large-communities.js';
export { nlriLength } from './nlri.js';

// Constants and the registries
export {
  AFI_IPV4,
  AFI_IPV6,
  AS_TRANS,
  AttributeCode,
  AttributeFlag,
  HEADER_LENGTH,
  MAX_EXTENDED_MESSAGE_LENGTH,
  MAX_MESSAGE_LENGTH,
  MessageType,
  SAFI_UNICAST,
} from './constants.js';
export { ATTRIBUTES } from './attributes/registry.js';
export { CAPABILITIES } from './capabilities/registry.js';
