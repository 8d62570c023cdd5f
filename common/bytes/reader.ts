import { BytesError } from './bytes-error.js';

/**
 * A bounds-checked, big-endian (network order) cursor over a byte buffer, for wire decoders.
 *
 * Every read checks bounds and throws READ_OUT_OF_BOUNDS instead of returning `undefined` or reading
 * past the end: decoders of untrusted input (BGP peers, netlink) then cannot silently produce garbage
 * from a truncated message. Offsets in errors are absolute within the underlying buffer, so an error from
 * a sub-reader still points at the right byte of the original message.
 */
export class Reader {
  private readonly buffer: Uint8Array;
  private readonly view: DataView;
  private readonly start: number;
  private readonly end: number;
  private offset: number;

  /** Reads `buffer[offset, offset + length)`; by default the whole buffer. */
  constructor(buffer: Uint8Array, offset = 0, length = buffer.length - offset) {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0) {
      throw new BytesError(
        'READ_OUT_OF_BOUNDS',
        `invalid reader window: offset ${offset}, length ${length}`,
        {
          details: { offset, wanted: length, available: buffer.length },
        },
      );
    }
    if (offset + length > buffer.length) {
      throw outOfBounds(offset, length, Math.max(0, buffer.length - offset));
    }
    this.buffer = buffer;
    this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    this.start = offset;
    this.end = offset + length;
    this.offset = offset;
  }

  /** Bytes consumed so far, relative to the start of this reader. */
  get position(): number {
    return this.offset - this.start;
  }

  /** Offset of the next byte within the underlying buffer (what error messages report). */
  get absolutePosition(): number {
    return this.offset;
  }

  /** Total size of this reader's window. */
  get length(): number {
    return this.end - this.start;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  isAtEnd(): boolean {
    return this.offset === this.end;
  }

  u8(): number {
    const at = this.take(1);
    return this.view.getUint8(at);
  }

  u16(): number {
    const at = this.take(2);
    return this.view.getUint16(at);
  }

  u32(): number {
    const at = this.take(4);
    return this.view.getUint32(at);
  }

  /** 64-bit values are bigints: they do not fit a double exactly. */
  u64(): bigint {
    const at = this.take(8);
    return this.view.getBigUint64(at);
  }

  /** The next byte without consuming it. */
  peekU8(): number {
    this.check(1);
    return this.view.getUint8(this.offset);
  }

  /**
   * The next `n` bytes as a copy. Copying costs little at BGP message sizes and means the result stays
   * valid when the caller's receive buffer is reused for the next message.
   */
  bytes(n: number): Buffer {
    const at = this.take(n);
    return Buffer.from(this.buffer.subarray(at, at + n));
  }

  /** A reader over the next `n` bytes; this reader moves past them. For length-prefixed structures. */
  slice(n: number): Reader {
    const at = this.take(n);
    return new Reader(this.buffer, at, n);
  }

  /** Everything left, as a sub-reader; this reader ends up at its end. */
  rest(): Reader {
    return this.slice(this.remaining);
  }

  skip(n: number): void {
    this.take(n);
  }

  /** Throws TRAILING_BYTES unless everything has been read; call after decoding a fixed structure. */
  expectEnd(): void {
    if (this.offset !== this.end) {
      throw new BytesError(
        'TRAILING_BYTES',
        `expected end of data at offset ${this.offset}, but ${this.remaining} bytes remain`,
        { details: { offset: this.offset, remaining: this.remaining } },
      );
    }
  }

  private check(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > this.end - this.offset) {
      throw outOfBounds(this.offset, n, this.end - this.offset);
    }
  }

  /** Checks that `n` bytes are available, advances, and returns the offset they start at. */
  private take(n: number): number {
    this.check(n);
    const at = this.offset;
    this.offset += n;
    return at;
  }
}

function outOfBounds(offset: number, wanted: number, available: number): BytesError {
  return new BytesError(
    'READ_OUT_OF_BOUNDS',
    `cannot read ${wanted} bytes at offset ${offset}: only ${available} available`,
    { details: { offset, wanted, available } },
  );
}
