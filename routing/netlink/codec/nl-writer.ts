// A growable little-endian (host order on this platform) writer for netlink messages and attributes.
// common/'s Writer is big-endian (network order); netlink is host order except where a field says
// otherwise (ports, VXLAN addresses), which get explicit *BE methods here.
import { NetlinkError } from '../errors.js';
import { NLA_F_NESTED, NLA_HDRLEN, NLMSG_HDRLEN, nlmsgAlign } from './nl-constants.js';

export interface MessageHeader {
  readonly type: number;
  readonly flags: number;
  readonly seq: number;
  readonly pid: number;
}

export class NlWriter {
  private buffer: Buffer;
  private offset = 0;

  constructor(initialCapacity = 256) {
    this.buffer = Buffer.alloc(Math.max(64, initialCapacity));
  }

  get length(): number {
    return this.offset;
  }

  u8(value: number): this {
    this.ensure(1);
    this.offset = this.buffer.writeUInt8(checked(value, 0xff), this.offset);
    return this;
  }
  u16(value: number): this {
    this.ensure(2);
    this.offset = this.buffer.writeUInt16LE(checked(value, 0xffff), this.offset);
    return this;
  }
  u16be(value: number): this {
    this.ensure(2);
    this.offset = this.buffer.writeUInt16BE(checked(value, 0xffff), this.offset);
    return this;
  }
  u32(value: number): this {
    this.ensure(4);
    this.offset = this.buffer.writeUInt32LE(checked(value, 0xffff_ffff), this.offset);
    return this;
  }
  u32be(value: number): this {
    this.ensure(4);
    this.offset = this.buffer.writeUInt32BE(checked(value, 0xffff_ffff), this.offset);
    return this;
  }
  i32(value: number): this {
    this.ensure(4);
    this.offset = this.buffer.writeInt32LE(value, this.offset);
    return this;
  }
  u64(value: bigint): this {
    this.ensure(8);
    this.offset = this.buffer.writeBigUInt64LE(value, this.offset);
    return this;
  }
  i64(value: bigint): this {
    this.ensure(8);
    this.offset = this.buffer.writeBigInt64LE(value, this.offset);
    return this;
  }
  bytes(data: Uint8Array): this {
    this.ensure(data.length);
    this.buffer.set(data, this.offset);
    this.offset += data.length;
    return this;
  }
  zeros(count: number): this {
    this.ensure(count);
    this.buffer.fill(0, this.offset, this.offset + count);
    this.offset += count;
    return this;
  }
  /** Pads with zeros to the 4-byte netlink alignment. */
  align(): this {
    return this.zeros(nlmsgAlign(this.offset) - this.offset);
  }

  /** Starts a message; returns its offset for endMessage(). */
  beginMessage(header: MessageHeader): number {
    const start = this.offset;
    this.u32(0).u16(header.type).u16(header.flags).u32(header.seq).u32(header.pid);
    return start;
  }
  endMessage(start: number): void {
    this.align();
    this.buffer.writeUInt32LE(this.offset - start, start);
  }
  /** A whole message from an already encoded payload. */
  message(header: MessageHeader, payload: Uint8Array): this {
    const start = this.beginMessage(header);
    this.bytes(payload);
    this.endMessage(start);
    return this;
  }

  attr(type: number, payload: Uint8Array): this {
    const length = NLA_HDRLEN + payload.length;
    this.u16(checked(length, 0xffff)).u16(type).bytes(payload);
    return this.align();
  }
  attrU8(type: number, value: number): this {
    return this.u16(5).u16(type).u8(value).align();
  }
  attrU16(type: number, value: number): this {
    return this.u16(6).u16(type).u16(value).align();
  }
  attrU16be(type: number, value: number): this {
    return this.u16(6).u16(type).u16be(value).align();
  }
  attrU32(type: number, value: number): this {
    return this.u16(8).u16(type).u32(value);
  }
  attrU64(type: number, value: bigint): this {
    return this.u16(12).u16(type).u64(value);
  }
  /** NUL-terminated, as the kernel's NLA_NUL_STRING / NLA_STRING policies expect. */
  attrString(type: number, value: string): this {
    const text = Buffer.from(value + '\0', 'utf8');
    return this.attr(type, text);
  }
  attrFlag(type: number): this {
    return this.u16(NLA_HDRLEN).u16(type);
  }
  /** Opens a nested attribute (NLA_F_NESTED set); returns its offset for endNest(). */
  beginNest(type: number, nestedFlag = true): number {
    const start = this.offset;
    this.u16(0).u16(nestedFlag ? type | NLA_F_NESTED : type);
    return start;
  }
  endNest(start: number): void {
    this.align();
    this.buffer.writeUInt16LE(checked(this.offset - start, 0xffff), start);
  }

  /** Overwrites a u16 already written (a length known only after its contents). */
  patchU16(offset: number, value: number): this {
    this.buffer.writeUInt16LE(checked(value, 0xffff), offset);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.offset));
  }

  private ensure(extra: number): void {
    const needed = this.offset + extra;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.alloc(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }
}

function checked(value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new NetlinkError('MALFORMED', `value ${value} does not fit 0..${max}`, { details: { value, max } });
  }
  return value;
}

export { NLMSG_HDRLEN };
