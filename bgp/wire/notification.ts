/**
 * NOTIFICATION (RFC 4271 §4.5): Error Code, Error Subcode, Data. Also the Shutdown Communication that
 * RFC 9003 puts in the Data of Cease / Administrative Shutdown and Administrative Reset: a length octet
 * and up to 255 octets of UTF-8.
 */
import { TwillError, Writer } from '../../common/index.js';
import { HEADER_LENGTH, MessageType, MIN_NOTIFICATION_LENGTH } from './constants.js';
import type { NotificationFields } from './errors.js';
import { badMessageLength } from './header.js';
import { beginMessage, endMessage } from './message-writer.js';
import type { NotificationMessage } from './model.js';
import { CeaseSubcode, describeNotificationCode, ErrorCode } from './notification-codes.js';
import { parseNotificationFixed } from './parsers.js';

export function decodeNotification(frame: Buffer): NotificationMessage {
  if (frame.length < MIN_NOTIFICATION_LENGTH) {
    throw badMessageLength(
      frame.length,
      `a NOTIFICATION message is at least ${MIN_NOTIFICATION_LENGTH} octets`,
    );
  }
  const { code, subcode } = parseNotificationFixed(frame.subarray(HEADER_LENGTH, MIN_NOTIFICATION_LENGTH));
  return { type: 'notification', code, subcode, data: Buffer.from(frame.subarray(MIN_NOTIFICATION_LENGTH)) };
}

/**
 * The Data field is cut to fit `maxLength` (the session's limit): error data can be a whole attribute of
 * an extended message, and a NOTIFICATION that cannot be sent helps nobody.
 */
export function encodeNotification(message: NotificationFields, maxLength = 4096): Buffer {
  const data = message.data.subarray(0, Math.max(0, maxLength - MIN_NOTIFICATION_LENGTH));
  const w = new Writer(MIN_NOTIFICATION_LENGTH + data.length);
  const header = beginMessage(w, MessageType.NOTIFICATION);
  w.u8(message.code).u8(message.subcode).bytes(data);
  return endMessage(w, header, maxLength);
}

/** A NOTIFICATION message model from the fields an error carries. */
export function notificationMessage(fields: NotificationFields): NotificationMessage {
  return { type: 'notification', code: fields.code, subcode: fields.subcode, data: fields.data };
}

const MAX_COMMUNICATION_OCTETS = 255;

/** Cease with an optional RFC 9003 Shutdown Communication (subcodes 2 and 4 only). */
export function ceaseNotification(subcode: number, communication?: string): NotificationMessage {
  if (communication === undefined)
    return { type: 'notification', code: ErrorCode.CEASE, subcode, data: Buffer.alloc(0) };
  if (subcode !== CeaseSubcode.ADMINISTRATIVE_SHUTDOWN && subcode !== CeaseSubcode.ADMINISTRATIVE_RESET) {
    throw new TwillError(
      'INVALID_ARGUMENT',
      `Cease subcode ${subcode} carries no Shutdown Communication (RFC 9003)`,
    );
  }
  const text = Buffer.from(communication, 'utf8');
  if (text.length > MAX_COMMUNICATION_OCTETS) {
    throw new TwillError(
      'INVALID_ARGUMENT',
      `a Shutdown Communication is at most 255 octets, got ${text.length}`,
    );
  }
  return {
    type: 'notification',
    code: ErrorCode.CEASE,
    subcode,
    data: Buffer.concat([Uint8Array.of(text.length), text]),
  };
}

/** The RFC 9003 Shutdown Communication, if the message carries a well-formed one. */
export function shutdownCommunication(message: NotificationMessage): string | undefined {
  if (message.code !== ErrorCode.CEASE) return undefined;
  if (
    message.subcode !== CeaseSubcode.ADMINISTRATIVE_SHUTDOWN &&
    message.subcode !== CeaseSubcode.ADMINISTRATIVE_RESET
  ) {
    return undefined;
  }
  const length = message.data[0];
  if (length === undefined || length === 0 || message.data.length < 1 + length) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(message.data.subarray(1, 1 + length));
  } catch {
    return undefined; // RFC 9003 §2: invalid UTF-8 is not displayed
  }
}

/** "Cease / Administrative Shutdown: \"maintenance\"" — for status and logs. */
export function describeNotification(message: NotificationMessage): string {
  const words = describeNotificationCode(message.code, message.subcode);
  const text = shutdownCommunication(message);
  return text === undefined ? words : `${words}: ${JSON.stringify(text)}`;
}
