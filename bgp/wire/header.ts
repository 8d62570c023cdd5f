/**
 * The message header (RFC 4271 §4.1): Marker (16 octets of ones), Length (2), Type (1). Checks shared by
 * the framer and the decoder, each one an RFC 4271 §6.1 Message Header Error.
 */
import { HEADER_LENGTH, MessageType } from './constants.js';
import { MessageHeaderError, notification } from './errors.js';
import { MessageHeaderSubcode, ErrorCode } from './notification-codes.js';
import { parseHeader } from './parsers.js';

const ALL_ONES = 0xffff_ffff;

export interface Header {
  readonly length: number;
  readonly type: number;
}

/**
 * Reads and checks marker and length of the header at the start of `bytes` (at least 19 octets).
 * The length must be 19..maxLength; whether the whole message is there is the caller's business.
 */
export function readHeader(bytes: Uint8Array, maxLength: number): Header {
  const h = parseHeader(bytes.subarray(0, HEADER_LENGTH));
  if (h.marker0 !== ALL_ONES || h.marker1 !== ALL_ONES || h.marker2 !== ALL_ONES || h.marker3 !== ALL_ONES) {
    throw new MessageHeaderError('CONNECTION_NOT_SYNCHRONIZED', 'the Marker is not all ones', {
      treatment: 'session-reset',
      notification: notification(
        ErrorCode.MESSAGE_HEADER_ERROR,
        MessageHeaderSubcode.CONNECTION_NOT_SYNCHRONIZED,
      ),
    });
  }
  if (h.length < HEADER_LENGTH || h.length > maxLength) {
    throw badMessageLength(h.length, `Length ${h.length} is outside ${HEADER_LENGTH}..${maxLength}`);
  }
  return { length: h.length, type: h.type };
}

/** RFC 4271 §6.1: "the Data field MUST contain the erroneous Length field". */
export function badMessageLength(length: number, message: string): MessageHeaderError {
  const data = Buffer.alloc(2);
  data.writeUInt16BE(length & 0xffff);
  return new MessageHeaderError('BAD_MESSAGE_LENGTH', message, {
    treatment: 'session-reset',
    notification: notification(ErrorCode.MESSAGE_HEADER_ERROR, MessageHeaderSubcode.BAD_MESSAGE_LENGTH, data),
    details: { length },
  });
}

/** RFC 4271 §6.1: "the Data field MUST contain the erroneous Type field". */
export function badMessageType(type: number): MessageHeaderError {
  return new MessageHeaderError('BAD_MESSAGE_TYPE', `unknown message Type ${type}`, {
    treatment: 'session-reset',
    notification: notification(
      ErrorCode.MESSAGE_HEADER_ERROR,
      MessageHeaderSubcode.BAD_MESSAGE_TYPE,
      Uint8Array.of(type),
    ),
    details: { type },
  });
}

export const MESSAGE_TYPE_NAMES: Readonly<Record<number, string>> = {
  [MessageType.OPEN]: 'OPEN',
  [MessageType.UPDATE]: 'UPDATE',
  [MessageType.NOTIFICATION]: 'NOTIFICATION',
  [MessageType.KEEPALIVE]: 'KEEPALIVE',
  [MessageType.ROUTE_REFRESH]: 'ROUTE-REFRESH',
};
