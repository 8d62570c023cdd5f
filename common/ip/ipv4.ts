import { quoteInput } from '../errors.js';
import { IpError, toBigIntArgument } from './ip-error.js';
import { formatIPv4, parseIPv4Text } from './ipv4-text.js';
import type { IPv6Address } from './ipv6.js';

const MAX_VALUE = 0xffff_ffff;
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * An immutable IPv4 address. Backed by an unsigned 32-bit number (not a bigint or byte array) because
 * IPv4 routes dominate the tables and number compares/masks are an order of magnitude cheaper.
 */
export class IPv4Address {
  static readonly BITS = 32;
  static readonly BYTES = 4;
  /** 0.0.0.0 */
  static readonly ANY = new IPv4Address(0);
  /** 255.255.255.255 */
  static readonly MAX = new IPv4Address(MAX_VALUE);

  /** The address as an unsigned 32-bit integer (0 .. 2^32-1). */
  readonly value: number;

  private constructor(value: number) {
    this.value = value;
    Object.freeze(this);
  }

  get family(): 4 {
    return 4;
  }

  /** Strict dotted-quad parse; see parseIPv4Text() for what is rejected and why. */
  static parse(text: string): IPv4Address {
    const result = typeof text === 'string' ? parseIPv4Text(text) : `expected a string, got ${typeof text}`;
    if (typeof result === 'string') {
      throw new IpError('INVALID_IP_ADDRESS', `invalid IPv4 address ${quoteInput(text)}: ${result}`, {
        details: { input: text },
      });
    }
    return new IPv4Address(result);
  }

  static fromNumber(value: number): IPv4Address {
    if (!Number.isInteger(value) || value < 0 || value > MAX_VALUE) {
      throw new IpError('INVALID_IP_ADDRESS', `IPv4 address value ${value} is not an integer in 0..2^32-1`, {
        details: { value },
      });
    }
    return new IPv4Address(value);
  }

  static fromBigInt(value: bigint): IPv4Address {
    if (value < 0n || value > BigInt(MAX_VALUE)) {
      throw new IpError('INVALID_IP_ADDRESS', `IPv4 address value ${value} is outside 0..2^32-1`, {
        details: { value },
      });
    }
    return new IPv4Address(Number(value));
  }

  /** Exactly 4 bytes in network order. Use a Reader to take them out of a larger buffer. */
  static fromBytes(bytes: Uint8Array): IPv4Address {
    if (bytes.length !== IPv4Address.BYTES) {
      throw new IpError('INVALID_IP_ADDRESS', `an IPv4 address is 4 bytes, got ${bytes.length}`, {
        details: { length: bytes.length },
      });
    }
    return new IPv4Address(new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0));
  }

  toNumber(): number {
    return this.value;
  }

  toBigInt(): bigint {
    return BigInt(this.value);
  }

  /** 4 bytes, network (big-endian) order; a fresh buffer the caller may keep or modify. */
  toBytes(): Buffer {
    const out = Buffer.allocUnsafe(IPv4Address.BYTES);
    out.writeUInt32BE(this.value, 0);
    return out;
  }

  toString(): string {
    return formatIPv4(this.value);
  }

  /** So addresses serialize (and log) as their text form rather than `{"value":167772161}`. */
  toJSON(): string {
    return this.toString();
  }

  [inspectSymbol](): string {
    return `IPv4Address(${this.toString()})`;
  }

  equals(other: IPv4Address | IPv6Address): boolean {
    return other.family === 4 && other.value === this.value;
  }

  /** Total order: numeric within IPv4, and every IPv4 address sorts before every IPv6 address. */
  compare(other: IPv4Address | IPv6Address): number {
    if (other.family !== 4) return -1;
    return this.value < other.value ? -1 : this.value > other.value ? 1 : 0;
  }

  /** The following address; ADDRESS_OVERFLOW after 255.255.255.255. */
  next(): IPv4Address {
    if (this.value === MAX_VALUE) {
      throw new IpError('ADDRESS_OVERFLOW', 'there is no IPv4 address after 255.255.255.255', {
        details: { address: this.toString() },
      });
    }
    return new IPv4Address(this.value + 1);
  }

  /** The preceding address; ADDRESS_UNDERFLOW before 0.0.0.0. */
  prev(): IPv4Address {
    if (this.value === 0) {
      throw new IpError('ADDRESS_UNDERFLOW', 'there is no IPv4 address before 0.0.0.0', {
        details: { address: this.toString() },
      });
    }
    return new IPv4Address(this.value - 1);
  }

  /** This address plus `delta` (may be negative); overflow/underflow errors past either end. */
  add(delta: number | bigint): IPv4Address {
    const step = toBigIntArgument(delta, 'delta');
    const result = BigInt(this.value) + step;
    if (result > BigInt(MAX_VALUE) || result < 0n) {
      throw new IpError(
        result < 0n ? 'ADDRESS_UNDERFLOW' : 'ADDRESS_OVERFLOW',
        `${this.toString()} + ${step} is outside the IPv4 address space`,
        { details: { address: this.toString(), delta: step } },
      );
    }
    return new IPv4Address(Number(result));
  }

  isUnspecified(): boolean {
    return this.value === 0;
  }

  /** 127.0.0.0/8 (RFC 1122 §3.2.1.3). */
  isLoopback(): boolean {
    return this.value >>> 24 === 127;
  }

  /** 169.254.0.0/16 (RFC 3927). */
  isLinkLocal(): boolean {
    return this.value >>> 16 === 0xa9fe;
  }
}
