import { assertNever } from '../../common/index.js';
import type { ProtocolErrorCode } from '../proto/index.js';

/**
 * Why the server ended a connection: the `reason` label of twill_typha_disconnects_total and the
 * `reason` of the GOODBYE sent first (when the peer can still be told).
 */
export type DisconnectReason =
  | 'client-closed'
  | 'client-goodbye'
  | 'socket-error'
  | 'slow-client'
  | 'liveness-timeout'
  | 'hello-timeout'
  | 'over-capacity'
  | 'unauthorized-peer'
  | 'tls-handshake-failed'
  | 'server-stopping'
  | 'frame-too-large'
  | 'unknown-message-type'
  | 'malformed-frame'
  | 'unsupported-version'
  | 'unexpected-message'
  | 'not-negotiated';

export function reasonForProtocolError(code: ProtocolErrorCode): DisconnectReason {
  switch (code) {
    case 'FRAME_TOO_LARGE':
      return 'frame-too-large';
    case 'UNKNOWN_MESSAGE_TYPE':
      return 'unknown-message-type';
    case 'MALFORMED_FRAME':
      return 'malformed-frame';
    case 'UNSUPPORTED_VERSION':
      return 'unsupported-version';
    case 'UNEXPECTED_MESSAGE':
      return 'unexpected-message';
    case 'NOT_NEGOTIATED':
      return 'not-negotiated';
    default:
      return assertNever(code, 'protocol error code');
  }
}
