import { TwillError } from '../../common/index.js';

/**
 * What a receiver found wrong with its peer's bytes. Every code ends the connection (see the
 * compatibility rules in protocol.ts); the code becomes the disconnect reason in logs and metrics.
 */
export type ProtocolErrorCode =
  | 'FRAME_TOO_LARGE'
  | 'UNKNOWN_MESSAGE_TYPE'
  | 'MALFORMED_FRAME'
  | 'UNSUPPORTED_VERSION'
  | 'UNEXPECTED_MESSAGE'
  | 'NOT_NEGOTIATED';

export class ProtocolError extends TwillError<ProtocolErrorCode> {}
