// Public API of bgp/bfd: the pure BFD core (RFC 5880 control packets, sessions, demultiplexing).
// The UDP side (RFC 5881 single-hop, RFC 5883 multihop) lives in bgp/session/bfd-*.ts.

export {
  authSectionLength,
  BFD_AUTH_TYPES,
  decodeAuthSection,
  verifyAuthSection,
  type BfdAuthConfig,
  type BfdAuthSection,
  type BfdAuthType,
} from './auth-section.js';
export { BFD_DEFAULTS, BFD_LIMITS, bfdConfigProblems, checkBfdConfig, type BfdConfig } from './bfd-config.js';
export { BfdError, type BfdErrorCode } from './bfd-error.js';
export {
  BFD_MULTIHOP_PORT,
  BFD_SINGLE_HOP_PORT,
  BFD_SINGLE_HOP_TTL,
  BFD_SLOW_TX_US,
  BFD_SOURCE_PORT_MAX,
  BFD_SOURCE_PORT_MIN,
  BfdDiag,
  describeDiag,
  type BfdState,
} from './constants.js';
export { decodeControlPacket, encodeControlPacket, type BfdControlPacket } from './control-packet.js';
export { detectionTimeUs, jitteredIntervalUs, transmitIntervalUs } from './intervals.js';
export { BfdSession, type BfdSessionOptions, type BfdSessionStatus, type BfdStateChange } from './session.js';
export { BfdSessionTable, peerKeyText, type BfdPeerKey } from './session-table.js';
export { onRemoteState } from './state-machine.js';
