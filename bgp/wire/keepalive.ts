/** KEEPALIVE (RFC 4271 §4.4): the header alone, exactly 19 octets. */
import { Writer } from '../../common/index.js';
import { KEEPALIVE_LENGTH, MessageType } from './constants.js';
import { badMessageLength } from './header.js';
import { beginMessage, endMessage } from './message-writer.js';
import type { KeepaliveMessage } from './model.js';

export const KEEPALIVE: KeepaliveMessage = Object.freeze({ type: 'keepalive' });

export function decodeKeepalive(frame: Buffer): KeepaliveMessage {
  // RFC 4271 §6.1: a KEEPALIVE whose Length is not 19 is Bad Message Length.
  if (frame.length !== KEEPALIVE_LENGTH) {
    throw badMessageLength(frame.length, `a KEEPALIVE message is ${KEEPALIVE_LENGTH} octets`);
  }
  return KEEPALIVE;
}

export function encodeKeepalive(): Buffer {
  const w = new Writer(KEEPALIVE_LENGTH);
  return endMessage(w, beginMessage(w, MessageType.KEEPALIVE), KEEPALIVE_LENGTH);
}
