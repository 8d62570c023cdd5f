import { BytesError } from './bytes-error.js';

/** Width in bytes of a length field reserved with beginLength(). */
export type LengthFieldSize = 1 | 2 | 4;

/** Opaque token returned by beginLength(); pass it back to endLength(). */
export interface LengthHandle {
  /** Type-level brand only, so a plain object cannot be passed by mistake. */
  readonly __brand: 'LengthHandle';
  /** Offset of the reserved field within the output. */
  readonly offset: number;
  readonly size: LengthFieldSize;
}

const MAX_BY_SIZE: Readonly<Record<LengthFieldSize, number>> = { 1: 0xff, 2: 0xffff, 4: 0xffff_ffff };
const U64_MAX = (1n << 64n) - 1n;

/**
 * A growable big-endian (network order) byte builder for wire encoders. Values that do not fit their
 * width throw VALUE_OUT_OF_RANGE instead of being truncated, so an encoder bug cannot put a silently
 * wrong length or AS number on the wire.
 */
export class Writer {
  private buffer: Buffer;
  private offset = 0;
  private readonly openLengths: LengthHandle[] = [];

  constructor(initialCapacity = 256) {
    this.buffer = Buffer.alloc(Math.max(16, initialCapacity));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.offset;
  }

  u8(value: number): this {
    checkUnsigned(value, 0xff, 'u8');
    this.ensure(1);
    this.buffer[this.offset++] = value;
    return this;
  }

  u16(value: number): this {
    checkUnsigned(value, 0xffff, 'u16');
    this.ensure(2);
    this.offset = this.buffer.writeUInt16BE(value, this.offset);
    return this;
  }

  u32(value: number): this {
    checkUnsigned(value, 0xffff_ffff, 'u32');
    this.ensure(4);
    this.offset = this.buffer.writeUInt32BE(value, this.offset);
    return this;
  }

  /** Accepts a bigint, or a number when it is a safe integer. */
  u64(value: bigint | number): this {
    if (typeof value === 'number') checkUnsigned(value, Number.MAX_SAFE_INTEGER, 'u64');
    const big = BigInt(value);
    if (big < 0n || big > U64_MAX) throw outOfRange(big, 'u64', `0..${U64_MAX}`);
    this.ensure(8);
    this.offset = this.buffer.writeBigUInt64BE(big, this.offset);
    return this;
  }

  bytes(data: Uint8Array): this {
    this.ensure(data.length);
    this.buffer.set(data, this.offset);
    this.offset += data.length;
    return this;
  }

  /** `count` copies of `value`, e.g. the 16 0xff bytes of the BGP marker (RFC 4271 §4.1). */
  fill(value: number, count: number): this {
    checkUnsigned(value, 0xff, 'fill byte');
    checkUnsigned(count, Number.MAX_SAFE_INTEGER, 'fill count');
    this.ensure(count);
    this.buffer.fill(value, this.offset, this.offset + count);
    this.offset += count;
    return this;
  }

  /**
   * Reserves a zeroed length field of `size` bytes. endLength() later fills it with the number of bytes
   * written after the field, so nested TLVs can be encoded in one pass without sizing them first.
   * Length fields nest: the most recently begun must be ended first.
   */
  beginLength(size: LengthFieldSize = 2): LengthHandle {
    if (size !== 1 && size !== 2 && size !== 4) {
      throw outOfRange(size, 'length field size', '1, 2 or 4');
    }
    const handle = { offset: this.offset, size } as LengthHandle;
    this.ensure(size);
    this.buffer.fill(0, this.offset, this.offset + size);
    this.offset += size;
    this.openLengths.push(handle);
    return handle;
  }

  /**
   * Patches the field reserved by `handle` with the byte count since it, plus `adjust` (for formats whose
   * length counts more than what follows, like the BGP header's total length). Returns the value written.
   */
  endLength(handle: LengthHandle, adjust = 0): number {
    const innermost = this.openLengths[this.openLengths.length - 1];
    if (innermost !== handle) {
      throw new BytesError(
        'UNBALANCED_LENGTH',
        innermost === undefined
          ? `endLength() for the field at offset ${handle.offset}, which is not open`
          : `endLength() for the field at offset ${handle.offset}, but the innermost open field is at offset ${innermost.offset}`,
        { details: { offset: handle.offset } },
      );
    }
    const value = this.offset - (handle.offset + handle.size) + adjust;
    this.patch(handle.offset, handle.size, value);
    this.openLengths.pop();
    return value;
  }

  /** Overwrites an already-written field of `size` bytes at `offset`. */
  patch(offset: number, size: LengthFieldSize, value: number): this {
    if (!Number.isInteger(offset) || offset < 0 || offset + size > this.offset) {
      throw new BytesError(
        'VALUE_OUT_OF_RANGE',
        `cannot patch ${size} bytes at offset ${offset}: only ${this.offset} written`,
        {
          details: { offset, size, written: this.offset },
        },
      );
    }
    checkUnsigned(value, MAX_BY_SIZE[size], `${size}-byte field at offset ${offset}`);
    this.buffer.writeUIntBE(value, offset, size);
    return this;
  }

  /** A copy of the bytes written so far; the writer stays usable. */
  toBuffer(): Buffer {
    const open = this.openLengths[this.openLengths.length - 1];
    if (open !== undefined) {
      throw new BytesError(
        'UNBALANCED_LENGTH',
        `toBuffer() with ${this.openLengths.length} length field(s) still open (innermost at offset ${open.offset})`,
        { details: { offset: open.offset, open: this.openLengths.length } },
      );
    }
    return Buffer.from(this.buffer.subarray(0, this.offset));
  }

  private ensure(extra: number): void {
    const needed = this.offset + extra;
    if (needed <= this.buffer.length) return;
    // Doubling keeps appends amortised O(1).
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = Buffer.alloc(capacity);
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }
}

function checkUnsigned(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw outOfRange(value, what, `0..${max}`);
}

function outOfRange(value: number | bigint, what: string, range: string): BytesError {
  return new BytesError('VALUE_OUT_OF_RANGE', `${what} value ${value} is outside ${range}`, {
    details: { value, range },
  });
}
