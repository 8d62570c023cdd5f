// Public API of bgp/session: the only BGP code that touches sockets and timers. The speaker creates a
// PeerSession per configured peer and one BgpListener, and hears about sessions through SessionEvents.

export { Connection, type ConnectionOwner } from './connection.js';
export { describeDownCause, describeNotificationShort } from './describe-down.js';
export { BgpListener, type AcceptConnection, type ListenAddress } from './listener.js';
export { checkPeerOpen, localOpen } from './local-open.js';
export {
  gracefulRestartCapability,
  longLivedGracefulRestartCapability,
  type LocalGracefulRestart,
} from './local-graceful-restart.js';
export { PeerSession, type SessionEvents } from './peer-session.js';
export { MessageCounters, type MessageCountersStatus, type NotificationCount } from './message-counters.js';
export { peerStatus, type PeerStatus } from './peer-status.js';
export { BGP_PORT, peerId, type SessionConfig } from './session-config.js';
export { SessionError, type SessionErrorCode } from './session-error.js';
export { connectSecured, type ConnectTarget } from './secure-socket.js';
export { describeNoAnswer, parseMd5Counters, type Md5Counters } from './no-answer.js';
export { transportStatus, type TransportStatus } from './transport-status.js';
export { isExternal, transportSecurity, type TransportSecurity } from './ttl-security.js';
export { BfdService, type BfdPeerHandle, type BfdServiceOptions } from './bfd-service.js';
export { BfdReceivers, BfdSender, type BfdDatagram } from './bfd-udp.js';
