/**
 * Encoding UPDATE (RFC 4271 §4.3): Withdrawn Routes, Path Attributes (encode-attributes.ts), NLRI.
 * encodeUpdate() writes one message and fails with MESSAGE_TOO_LONG if it does not fit; pack.ts splits.
 */
import { Writer } from '../../common/index.js';
import { encodeAttributes } from './attributes/encode-attributes.js';
import { MessageType } from './constants.js';
import { maxMessageLength, type CodecContext } from './context.js';
import type { UpdateLayout } from './layout.js';
import { beginMessage, endMessage } from './message-writer.js';
import type { UpdateMessage } from './model.js';
import { encodeNlriList } from './nlri.js';

export function encodeUpdate(message: UpdateMessage, ctx: CodecContext, layout?: UpdateLayout): Buffer {
  const addPath = ctx.addPath.includes('ipv4-unicast');
  const w = new Writer(estimateLength(message));
  const header = beginMessage(w, MessageType.UPDATE);
  const withdrawn = w.beginLength(2);
  encodeNlriList(message.withdrawnRoutes, w, addPath);
  w.endLength(withdrawn);
  const attributes = w.beginLength(2);
  encodeAttributes(message, w, ctx, layout);
  w.endLength(attributes);
  encodeNlriList(message.nlri, w, addPath);
  return endMessage(w, header, maxMessageLength(ctx));
}

function estimateLength(message: UpdateMessage): number {
  return 128 + 5 * (message.nlri.length + message.withdrawnRoutes.length);
}
