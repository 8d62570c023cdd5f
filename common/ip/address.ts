/**
 * The family-agnostic side of addresses: the `IpAddress` union and functions that pick the family from
 * the input (text, byte length, or an explicit family).
 */

import { assertNever, quoteInput } from '../errors.js';
import { IpError } from './ip-error.js';
import { IPv4Address } from './ipv4.js';
import { parseIPv4Text } from './ipv4-text.js';
import { IPv6Address } from './ipv6.js';
import { parseIPv6Text } from './ipv6-text.js';

export type IpAddress = IPv4Address | IPv6Address;
export type IpFamily = IpAddress['family'];
/** The address class of a family: `AddressOf<4>` is IPv4Address, `AddressOf<4 | 6>` is IpAddress. */
export type AddressOf<F extends IpFamily> = F extends 4 ? IPv4Address : IPv6Address;

/** Address width in bits: 32 or 128. */
export function addressBits(family: IpFamily): 32 | 128 {
  switch (family) {
    case 4:
      return 32;
    case 6:
      return 128;
    default:
      return assertNever(family, 'IP family');
  }
}

/**
 * Parses either family. The family is chosen by the presence of ":" (which IPv4 text never contains),
 * so the error message can speak about the family the caller evidently meant.
 */
export function parseIpAddress(text: string): IpAddress {
  const result = parseIpAddressResult(text);
  if (typeof result === 'string') {
    throw new IpError('INVALID_IP_ADDRESS', `invalid IP address ${quoteInput(text)}: ${result}`, {
      details: { input: text },
    });
  }
  return result;
}

/** Like parseIpAddress() but returns undefined instead of throwing, for "is this an address?" checks. */
export function tryParseIpAddress(text: string): IpAddress | undefined {
  const result = parseIpAddressResult(text);
  return typeof result === 'string' ? undefined : result;
}

/** Internal: the parsed address or a reason string. Shared with the prefix parser. */
export function parseIpAddressResult(text: string): IpAddress | string {
  if (typeof text !== 'string') return `expected a string, got ${text === null ? 'null' : typeof text}`;
  if (text.includes(':')) {
    const v6 = parseIPv6Text(text);
    return typeof v6 === 'string' ? `not a valid IPv6 address: ${v6}` : IPv6Address.fromBigInt(v6);
  }
  const v4 = parseIPv4Text(text);
  return typeof v4 === 'string' ? `not a valid IPv4 address: ${v4}` : IPv4Address.fromNumber(v4);
}

/** 4 bytes give an IPv4 address, 16 bytes an IPv6 address; any other length is an error. */
export function ipAddressFromBytes(bytes: Uint8Array): IpAddress {
  if (bytes.length === IPv4Address.BYTES) return IPv4Address.fromBytes(bytes);
  if (bytes.length === IPv6Address.BYTES) return IPv6Address.fromBytes(bytes);
  throw new IpError('INVALID_IP_ADDRESS', `an IP address is 4 or 16 bytes, got ${bytes.length}`, {
    details: { length: bytes.length },
  });
}

export function ipAddressFromBigInt<F extends IpFamily>(family: F, value: bigint): AddressOf<F>;
export function ipAddressFromBigInt(family: IpFamily, value: bigint): IpAddress {
  switch (family) {
    case 4:
      return IPv4Address.fromBigInt(value);
    case 6:
      return IPv6Address.fromBigInt(value);
    default:
      return assertNever(family, 'IP family');
  }
}

/** Comparator for Array.prototype.sort: IPv4 before IPv6, numeric within a family. */
export function compareIpAddresses(a: IpAddress, b: IpAddress): number {
  return a.compare(b);
}
