import { quoteInput } from '../errors.js';
import { IpError, toBigIntArgument } from './ip-error.js';
import { IPv4Address } from './ipv4.js';
import { formatIPv6, parseIPv6Text } from './ipv6-text.js';

const MAX_VALUE = (1n << 128n) - 1n;
const MAPPED_PREFIX = 0xffffn << 32n; // ::ffff:0:0/96, RFC 4291 §2.5.5.2
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * An immutable IPv6 address backed by a 128-bit unsigned bigint: one value to compare, mask and step,
 * instead of juggling four 32-bit words in every operation.
 */
export class IPv6Address {
  static readonly BITS = 128;
  static readonly BYTES = 16;
  /** :: */
  static readonly ANY = new IPv6Address(0n);
  /** ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff */
  static readonly MAX = new IPv6Address(MAX_VALUE);

  /** The address as an unsigned 128-bit integer. */
  readonly value: bigint;

  private constructor(value: bigint) {
    this.value = value;
    Object.freeze(this);
  }

  get family(): 6 {
    return 6;
  }

  /** Any RFC 4291 §2.2 text form; see parseIPv6Text() for the details. */
  static parse(text: string): IPv6Address {
    const result = typeof text === 'string' ? parseIPv6Text(text) : `expected a string, got ${typeof text}`;
    if (typeof result === 'string') {
      throw new IpError('INVALID_IP_ADDRESS', `invalid IPv6 address ${quoteInput(text)}: ${result}`, {
        details: { input: text },
      });
    }
    return new IPv6Address(result);
  }

  static fromBigInt(value: bigint): IPv6Address {
    if (value < 0n || value > MAX_VALUE) {
      throw new IpError('INVALID_IP_ADDRESS', `IPv6 address value ${value} is outside 0..2^128-1`, {
        details: { value },
      });
    }
    return new IPv6Address(value);
  }

  /** Exactly 16 bytes in network order. */
  static fromBytes(bytes: Uint8Array): IPv6Address {
    if (bytes.length !== IPv6Address.BYTES) {
      throw new IpError('INVALID_IP_ADDRESS', `an IPv6 address is 16 bytes, got ${bytes.length}`, {
        details: { length: bytes.length },
      });
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, IPv6Address.BYTES);
    return new IPv6Address((view.getBigUint64(0) << 64n) | view.getBigUint64(8));
  }

  /** The IPv4-mapped form ::ffff:a.b.c.d (RFC 4291 §2.5.5.2). */
  static fromIPv4Mapped(address: IPv4Address): IPv6Address {
    return new IPv6Address(MAPPED_PREFIX | BigInt(address.value));
  }

  toBigInt(): bigint {
    return this.value;
  }

  /** 16 bytes, network (big-endian) order; a fresh buffer the caller may keep or modify. */
  toBytes(): Buffer {
    const out = Buffer.allocUnsafe(IPv6Address.BYTES);
    out.writeBigUInt64BE(this.value >> 64n, 0);
    out.writeBigUInt64BE(this.value & 0xffff_ffff_ffff_ffffn, 8);
    return out;
  }

  /** RFC 5952 canonical text. */
  toString(): string {
    return formatIPv6(this.value);
  }

  toJSON(): string {
    return this.toString();
  }

  [inspectSymbol](): string {
    return `IPv6Address(${this.toString()})`;
  }

  equals(other: IPv4Address | IPv6Address): boolean {
    return other.family === 6 && other.value === this.value;
  }

  /** Total order: numeric within IPv6, and every IPv6 address sorts after every IPv4 address. */
  compare(other: IPv4Address | IPv6Address): number {
    if (other.family !== 6) return 1;
    return this.value < other.value ? -1 : this.value > other.value ? 1 : 0;
  }

  /** The following address; ADDRESS_OVERFLOW after ffff:...:ffff. */
  next(): IPv6Address {
    if (this.value === MAX_VALUE) {
      throw new IpError(
        'ADDRESS_OVERFLOW',
        'there is no IPv6 address after ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
        {
          details: { address: this.toString() },
        },
      );
    }
    return new IPv6Address(this.value + 1n);
  }

  /** The preceding address; ADDRESS_UNDERFLOW before ::. */
  prev(): IPv6Address {
    if (this.value === 0n) {
      throw new IpError('ADDRESS_UNDERFLOW', 'there is no IPv6 address before ::', {
        details: { address: this.toString() },
      });
    }
    return new IPv6Address(this.value - 1n);
  }

  /** This address plus `delta` (may be negative); overflow/underflow errors past either end. */
  add(delta: number | bigint): IPv6Address {
    const step = toBigIntArgument(delta, 'delta');
    const result = this.value + step;
    if (result > MAX_VALUE || result < 0n) {
      throw new IpError(
        result < 0n ? 'ADDRESS_UNDERFLOW' : 'ADDRESS_OVERFLOW',
        `${this.toString()} + ${step} is outside the IPv6 address space`,
        { details: { address: this.toString(), delta: step } },
      );
    }
    return new IPv6Address(result);
  }

  isUnspecified(): boolean {
    return this.value === 0n;
  }

  /** ::1 (RFC 4291 §2.5.3). */
  isLoopback(): boolean {
    return this.value === 1n;
  }

  /**
   * fe80::/10 (RFC 4291 §2.5.6). BGP over unnumbered links peers on these and RFC 2545 next hops carry
   * one alongside the global address, so callers need to tell them apart.
   */
  isLinkLocal(): boolean {
    return this.value >> 118n === 0x3fan;
  }

  isIPv4Mapped(): boolean {
    return this.value >> 32n === 0xffffn;
  }

  /** The embedded IPv4 address of an IPv4-mapped address, or undefined for any other address. */
  toIPv4Mapped(): IPv4Address | undefined {
    return this.isIPv4Mapped() ? IPv4Address.fromNumber(Number(this.value & 0xffff_ffffn)) : undefined;
  }
}
