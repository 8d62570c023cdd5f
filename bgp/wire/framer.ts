/**
 * Turns a TCP byte stream, cut into arbitrary chunks, into whole BGP messages (RFC 4271 §4.1). It checks
 * only the header (marker, and a length of 19..4096, or ..65535 once RFC 8654 Extended Message is
 * negotiated); decoding is decode.ts's job. After an error the stream is out of sync and the framer
 * keeps returning that error: the session resets.
 *
 * Frames are views into the pushed chunks (a message that spans chunks is copied into one buffer), so
 * they stay valid as long as the caller does not modify the chunks it pushed.
 */
import { HEADER_LENGTH, MAX_MESSAGE_LENGTH } from './constants.js';
import type { MessageHeaderError } from './errors.js';
import { readHeader, type Header } from './header.js';

export type FrameResult =
  | { readonly ok: true; readonly frame: Buffer; readonly type: number }
  | { readonly ok: false; readonly error: MessageHeaderError };

export class Framer {
  /** Set to 65535 when the session negotiates RFC 8654 Extended Message. */
  maxMessageLength: number;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failure: MessageHeaderError | undefined;
  /** The header of the message being received, once it is complete: read once, not on every push. */
  private header: Header | undefined;

  constructor(maxMessageLength: number = MAX_MESSAGE_LENGTH) {
    this.maxMessageLength = maxMessageLength;
  }

  /** Bytes received but not yet returned as messages. */
  get bufferedLength(): number {
    return this.buffered;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length),
    );
    this.buffered += chunk.length;
  }

  /** The next whole message, an error, or undefined when more bytes are needed. */
  next(): FrameResult | undefined {
    if (this.failure !== undefined) return { ok: false, error: this.failure };
    if (this.header === undefined) {
      if (this.buffered < HEADER_LENGTH) return undefined;
      try {
        this.header = readHeader(this.peek(HEADER_LENGTH), this.maxMessageLength);
      } catch (err) {
        this.failure = err as MessageHeaderError;
        return { ok: false, error: this.failure };
      }
    }
    const { length, type } = this.header;
    if (this.buffered < length) return undefined;
    this.header = undefined;
    return { ok: true, frame: this.take(length), type };
  }

  /** Every whole message available now; stops after the first error. */
  *frames(): Generator<FrameResult, void, undefined> {
    for (;;) {
      const result = this.next();
      if (result === undefined) return;
      yield result;
      if (!result.ok) return;
    }
  }

  /** The first `n` buffered bytes (n <= buffered), without consuming them. */
  private peek(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    return first.length >= n ? first : this.gather(n, false);
  }

  /** Removes and returns the first `n` buffered bytes (n <= buffered). */
  private take(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    this.buffered -= n;
    if (first.length > n) {
      this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    if (first.length === n) {
      this.chunks.shift();
      return first;
    }
    return this.gather(n, true);
  }

  /**
   * Copies `n` bytes spread over several chunks into one buffer: only the message itself is copied, so
   * framing stays linear in the bytes received however the stream is cut.
   */
  private gather(n: number, consume: boolean): Buffer {
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    let i = 0;
    while (filled < n) {
      const chunk = this.chunks[i] as Buffer;
      const part = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, part);
      filled += part;
      if (!consume) i++;
      else if (part === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(part);
    }
    return out;
  }
}
