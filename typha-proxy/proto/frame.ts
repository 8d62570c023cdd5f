import { ProtocolError } from './proto-error.js';
import {
  DEFAULT_MAX_FRAME_BYTES,
  FRAME_HEADER_BYTES,
  FRAME_LENGTH_MIN,
  isMessageTypeCode,
  KNOWN_FLAGS,
  type MessageTypeCode,
} from './protocol.js';

/** One frame as it crossed the wire; the body may still be compressed (see `flags`). */
export interface Frame {
  readonly type: MessageTypeCode;
  readonly flags: number;
  readonly body: Buffer;
}

export function encodeFrame(type: MessageTypeCode, body: Uint8Array, flags = 0): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + body.length);
  frame.writeUInt32BE(body.length + FRAME_LENGTH_MIN, 0);
  frame.writeUInt8(type, 4);
  frame.writeUInt8(flags, 5);
  frame.set(body, FRAME_HEADER_BYTES);
  return frame;
}

/**
 * Turns TCP chunks into whole frames. The length is checked against the limit as soon as the header is
 * in, so an oversized frame is refused before a byte of its body is buffered (memory stays bounded by
 * the limit whatever the peer claims). After an error the decoder is poisoned: the stream cannot be
 * trusted any more, and the connection must close.
 */
export class FrameDecoder {
  private readonly maxFrameBytes: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private failed: ProtocolError | undefined;

  constructor(maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Every whole frame completed by `chunk`, in order. Throws ProtocolError on a bad header. */
  push(chunk: Buffer): Frame[] {
    if (this.failed !== undefined) throw this.failed;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: Frame[] = [];
    try {
      for (;;) {
        const frame = this.next();
        if (frame === undefined) return frames;
        frames.push(frame);
      }
    } catch (error) {
      if (error instanceof ProtocolError) this.failed = error;
      throw error;
    }
  }

  /** Bytes held waiting for the rest of a frame. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  private next(): Frame | undefined {
    if (this.pendingBytes < FRAME_HEADER_BYTES) return undefined;
    const head = this.coalesce();
    const length = head.readUInt32BE(0);
    if (length > this.maxFrameBytes) {
      throw new ProtocolError(
        'FRAME_TOO_LARGE',
        `frame of ${length} bytes is over the limit of ${this.maxFrameBytes}`,
        { details: { length, maxFrameBytes: this.maxFrameBytes } },
      );
    }
    if (length < FRAME_LENGTH_MIN) {
      throw new ProtocolError('MALFORMED_FRAME', `frame length ${length} is below ${FRAME_LENGTH_MIN}`, {
        details: { length },
      });
    }
    const type = head.readUInt8(4);
    if (!isMessageTypeCode(type)) {
      throw new ProtocolError('UNKNOWN_MESSAGE_TYPE', `unknown message type ${type}`, { details: { type } });
    }
    const flags = head.readUInt8(5);
    if ((flags & ~KNOWN_FLAGS) !== 0) {
      throw new ProtocolError('MALFORMED_FRAME', `reserved flag bits set: 0x${flags.toString(16)}`, {
        details: { flags },
      });
    }
    const total = length + 4;
    if (this.pendingBytes < total) return undefined;
    const body = Buffer.from(head.subarray(FRAME_HEADER_BYTES, total));
    const rest = head.subarray(total);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
    return { type, flags, body };
  }

  /** One contiguous buffer of everything pending (copies only when a frame spans chunks). */
  private coalesce(): Buffer {
    if (this.pending.length > 1) this.pending = [Buffer.concat(this.pending, this.pendingBytes)];
    return this.pending[0] as Buffer;
  }
}
