import { addressBits, type AddressOf, type IpAddress, type IpFamily } from './address.js';
import { IpError, toBigIntArgument } from './ip-error.js';
import { IPv4Address } from './ipv4.js';
import { IPv6Address } from './ipv6.js';
import { ipv4Mask, ipv6HostMask, ipv6Mask } from './prefix-masks.js';

/**
 * split() refuses to enumerate more sub-prefixes than this unless told otherwise: 2001:db8::/32 into /64s
 * is four billion prefixes, and a caller collecting them into an array would exhaust memory.
 */
export const DEFAULT_SPLIT_MAX_COUNT = 65_536;

export interface SplitOptions {
  /** Upper bound on the number of sub-prefixes; exceeding it throws SPLIT_TOO_LARGE up front. */
  readonly maxCount?: number;
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * An immutable CIDR prefix (RFC 4632): a network address with all host bits zero, and a length.
 * `F` tracks the family at the type level where it is known (`Prefix<4>` for IPv4 NLRI, pod CIDRs...).
 */
export class Prefix<F extends IpFamily = IpFamily> {
  static readonly DEFAULT_IPV4: Prefix<4> = new Prefix<4>(IPv4Address.ANY, 0);
  static readonly DEFAULT_IPV6: Prefix<6> = new Prefix<6>(IPv6Address.ANY, 0);

  /** The first address; host bits are always zero. */
  readonly network: AddressOf<F>;
  readonly length: number;

  private constructor(network: AddressOf<F>, length: number) {
    this.network = network;
    this.length = length;
    Object.freeze(this);
  }

  /** Strict: INVALID_PREFIX if `address` has bits set beyond `length`. */
  static of<A extends IpAddress>(address: A, length: number): Prefix<A['family']> {
    const prefix = Prefix.containing(address, length);
    if (!prefix.network.equals(address)) {
      throw new IpError(
        'INVALID_PREFIX',
        `${address}/${length} has host bits set (did you mean ${prefix}?)`,
        {
          details: { address: address.toString(), length },
        },
      );
    }
    return prefix;
  }

  /** The `length`-bit prefix that contains `address` (host bits are cleared). */
  static containing<A extends IpAddress>(address: A, length: number): Prefix<A['family']> {
    checkLength(address.family, length, 'prefix length');
    return new Prefix(maskAddress(address, length) as AddressOf<A['family']>, length);
  }

  /** The /32 or /128 holding exactly `address`. */
  static host<A extends IpAddress>(address: A): Prefix<A['family']> {
    return new Prefix(address as AddressOf<A['family']>, addressBits(address.family));
  }

  /**
   * Decodes the BGP NLRI form (RFC 4271 §4.3, RFC 4760 §5): only the ceil(length/8) leading bytes are
   * present. The trailing bits of the last byte are "irrelevant" per RFC 4271, so they are cleared rather
   * than rejected.
   */
  static fromSignificantBytes<G extends IpFamily>(family: G, length: number, bytes: Uint8Array): Prefix<G> {
    checkLength(family, length, 'prefix length');
    const needed = Math.ceil(length / 8);
    if (bytes.length !== needed) {
      throw new IpError(
        'INVALID_PREFIX',
        `a /${length} prefix is encoded in ${needed} bytes, got ${bytes.length}`,
        {
          details: { family, length, byteLength: bytes.length },
        },
      );
    }
    const full = new Uint8Array(family === 4 ? IPv4Address.BYTES : IPv6Address.BYTES);
    full.set(bytes);
    const address = family === 4 ? IPv4Address.fromBytes(full) : IPv6Address.fromBytes(full);
    return Prefix.containing(address, length) as Prefix<IpFamily> as Prefix<G>;
  }

  get family(): F {
    return this.network.family as F;
  }

  /** 32 or 128. */
  get addressBits(): 32 | 128 {
    return addressBits(this.network.family);
  }

  /** Number of addresses covered, network and last address included. */
  get size(): bigint {
    return 1n << BigInt(this.addressBits - this.length);
  }

  /** The highest address covered (all host bits set). */
  get last(): AddressOf<F> {
    const net: IpAddress = this.network;
    const last =
      net.family === 4
        ? IPv4Address.fromNumber((net.value | ~ipv4Mask(this.length)) >>> 0)
        : IPv6Address.fromBigInt(net.value | ipv6HostMask(this.length));
    return last as AddressOf<F>;
  }

  /** IPv4 name for `last`. (IPv6 has no broadcast; the getter still returns the last address.) */
  get broadcast(): AddressOf<F> {
    return this.last;
  }

  /** The netmask as an address, e.g. 255.255.255.0 for a /24. */
  get mask(): AddressOf<F> {
    const mask =
      this.network.family === 4
        ? IPv4Address.fromNumber(ipv4Mask(this.length))
        : IPv6Address.fromBigInt(ipv6Mask(this.length));
    return mask as AddressOf<F>;
  }

  isIPv4(): this is Prefix<4> {
    return this.network.family === 4;
  }

  isIPv6(): this is Prefix<6> {
    return this.network.family === 6;
  }

  isHost(): boolean {
    return this.length === this.addressBits;
  }

  /** True if `address` is inside this prefix. An address of the other family is never inside. */
  contains(address: IpAddress): boolean {
    const net: IpAddress = this.network;
    if (net.family === 4) {
      return address.family === 4 && ((address.value ^ net.value) & ipv4Mask(this.length)) === 0;
    }
    return address.family === 6 && ((address.value ^ net.value) & ipv6Mask(this.length)) === 0n;
  }

  /** True if every address of `other` is inside this prefix (a prefix contains itself). */
  containsPrefix(other: Prefix): boolean {
    return other.length >= this.length && this.contains(other.network);
  }

  /** True if the two prefixes share any address; for CIDR that means one contains the other. */
  overlaps(other: Prefix): boolean {
    return this.containsPrefix(other) || other.containsPrefix(this);
  }

  /** The address at offset `index` from the network address; INDEX_OUT_OF_RANGE outside 0..size-1. */
  addressAt(index: number | bigint): AddressOf<F> {
    const i = toBigIntArgument(index, 'index');
    if (i < 0n || i >= this.size) {
      throw new IpError('INDEX_OUT_OF_RANGE', `index ${i} is outside ${this} (${this.size} addresses)`, {
        details: { prefix: this.toString(), index: i },
      });
    }
    const net: IpAddress = this.network;
    return net.add(i) as AddressOf<F>;
  }

  /**
   * The sub-prefixes of length `newLength`, in address order. Arguments are validated (and the count
   * checked against `maxCount`) when split() is called, not on the first iteration.
   */
  split(newLength: number, options: SplitOptions = {}): Generator<Prefix<F>, void, undefined> {
    if (!Number.isInteger(newLength) || newLength < this.length || newLength > this.addressBits) {
      throw new IpError(
        'INVALID_PREFIX_LENGTH',
        `cannot split ${this} into /${newLength} prefixes: the length must be between ${this.length} and ${this.addressBits}`,
        { details: { prefix: this.toString(), newLength } },
      );
    }
    const maxCount = options.maxCount ?? DEFAULT_SPLIT_MAX_COUNT;
    if (!Number.isSafeInteger(maxCount) || maxCount < 1) {
      throw new IpError('INVALID_ARGUMENT', `maxCount must be a positive integer, got ${maxCount}`, {
        details: { maxCount },
      });
    }
    const count = 1n << BigInt(newLength - this.length);
    if (count > BigInt(maxCount)) {
      throw new IpError(
        'SPLIT_TOO_LARGE',
        `splitting ${this} into /${newLength} prefixes would give ${count} prefixes, more than the limit of ${maxCount}`,
        { details: { prefix: this.toString(), newLength, count, maxCount } },
      );
    }
    return this.generateSplit(newLength, Number(count));
  }

  private *generateSplit(newLength: number, count: number): Generator<Prefix<F>, void, undefined> {
    const net: IpAddress = this.network;
    if (net.family === 4) {
      const step = 2 ** (32 - newLength);
      for (let i = 0; i < count; i++) {
        yield new Prefix(IPv4Address.fromNumber(net.value + i * step) as AddressOf<F>, newLength);
      }
    } else {
      const step = 1n << BigInt(128 - newLength);
      let value = net.value;
      for (let i = 0; i < count; i++, value += step) {
        yield new Prefix(IPv6Address.fromBigInt(value) as AddressOf<F>, newLength);
      }
    }
  }

  /** The enclosing prefix of the shorter `newLength` (0..length). */
  supernet(newLength: number): Prefix<F> {
    if (!Number.isInteger(newLength) || newLength < 0 || newLength > this.length) {
      throw new IpError(
        'INVALID_PREFIX_LENGTH',
        `the supernet of ${this} must have a length between 0 and ${this.length}, got ${newLength}`,
        { details: { prefix: this.toString(), newLength } },
      );
    }
    return Prefix.containing(this.network as IpAddress, newLength) as Prefix<IpFamily> as Prefix<F>;
  }

  /** The ceil(length/8) leading bytes of the network address: the BGP NLRI prefix field (RFC 4271 §4.3). */
  significantBytes(): Buffer {
    return this.network.toBytes().subarray(0, Math.ceil(this.length / 8));
  }

  equals(other: Prefix): boolean {
    return this.length === other.length && this.network.equals(other.network);
  }

  /**
   * Total order: IPv4 before IPv6, then by network address, then shorter first. A supernet therefore
   * sorts immediately before its subnets, which is the order a routing table is usually shown in.
   */
  compare(other: Prefix): number {
    return this.network.compare(other.network) || this.length - other.length;
  }

  toString(): string {
    return `${this.network.toString()}/${this.length}`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspectSymbol](): string {
    return `Prefix(${this.toString()})`;
  }
}

/** Comparator for Array.prototype.sort; see Prefix.compare(). */
export function comparePrefixes(a: Prefix, b: Prefix): number {
  return a.compare(b);
}

function checkLength(family: IpFamily, length: number, what: string): void {
  const bits = addressBits(family);
  if (!Number.isInteger(length) || length < 0 || length > bits) {
    throw new IpError(
      'INVALID_PREFIX_LENGTH',
      `${what} ${length} is not an integer in 0..${bits} for IPv${family}`,
      {
        details: { family, length },
      },
    );
  }
}

function maskAddress(address: IpAddress, length: number): IpAddress {
  if (address.family === 4) {
    const masked = (address.value & ipv4Mask(length)) >>> 0;
    return masked === address.value ? address : IPv4Address.fromNumber(masked);
  }
  const masked = address.value & ipv6Mask(length);
  return masked === address.value ? address : IPv6Address.fromBigInt(masked);
}
