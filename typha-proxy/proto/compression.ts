import { deflateRawSync, inflateRawSync } from 'node:zlib';

import { errorMessage } from '../../common/index.js';
import { encodeFrame, type Frame } from './frame.js';
import { ProtocolError } from './proto-error.js';
import { FLAG_DEFLATE, type MessageTypeCode } from './protocol.js';

/**
 * Frames below this are sent as they are: deflate's fixed cost and the CPU are not worth it for a ping
 * or a one-resource delta of a few hundred bytes.
 */
export const DEFAULT_COMPRESS_MIN_BYTES = 1024;

/**
 * Deflate level for bulk data (snapshot batches): on resource JSON, level 1 is ~2.4× faster than the
 * default 6 for ~18 % more bytes, and a snapshot built after churn is on a new node's critical path.
 */
export const BULK_DEFLATE_LEVEL = 1;

/** A frame with its body deflated when that is smaller; the plain frame otherwise. */
export function encodeCompressedFrame(
  type: MessageTypeCode,
  body: Uint8Array,
  minBytes = DEFAULT_COMPRESS_MIN_BYTES,
  level?: number,
): Buffer {
  if (body.length < minBytes) return encodeFrame(type, body);
  const deflated = deflateRawSync(body, level === undefined ? {} : { level });
  return deflated.length < body.length ? encodeFrame(type, deflated, FLAG_DEFLATE) : encodeFrame(type, body);
}

/**
 * The plain body of a received frame. `deflateAgreed` is whether both sides advertised `deflate`: a
 * compressed frame without it breaks the rule that a side never sends what the other did not advertise.
 * The inflated size is capped at the frame limit, so a small frame cannot expand into a memory bomb.
 */
export function plainBody(frame: Frame, deflateAgreed: boolean, maxFrameBytes: number): Buffer {
  if ((frame.flags & FLAG_DEFLATE) === 0) return frame.body;
  if (!deflateAgreed) {
    throw new ProtocolError('NOT_NEGOTIATED', 'compressed frame, but deflate was not negotiated', {
      details: { type: frame.type },
    });
  }
  try {
    return inflateRawSync(frame.body, { maxOutputLength: maxFrameBytes });
  } catch (error) {
    throw new ProtocolError('MALFORMED_FRAME', `cannot inflate frame body: ${errorMessage(error)}`, {
      details: { type: frame.type },
      cause: error,
    });
  }
}
