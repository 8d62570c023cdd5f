import { quoteInput } from '../errors.js';
import { addressBits, parseIpAddressResult, type IpFamily } from './address.js';
import { IpError } from './ip-error.js';
import { Prefix } from './prefix.js';

export interface PrefixParseOptions {
  /**
   * Default true: "10.0.0.1/8" is rejected because a prefix with host bits set is almost always a typo
   * or an interface address pasted where a network was meant. With false, host bits are cleared.
   */
  readonly strict?: boolean;
  /** Require this family, e.g. for a config field that only takes IPv4 CIDRs. */
  readonly family?: IpFamily;
}

/** Parses "address/length" text; every failure is an IpError with code INVALID_PREFIX. */
export function parsePrefix(text: string, options: PrefixParseOptions & { readonly family: 4 }): Prefix<4>;
export function parsePrefix(text: string, options: PrefixParseOptions & { readonly family: 6 }): Prefix<6>;
export function parsePrefix(text: string, options?: PrefixParseOptions): Prefix;
export function parsePrefix(text: string, options: PrefixParseOptions = {}): Prefix {
  const result = parsePrefixResult(text, options);
  if (typeof result === 'string') {
    throw new IpError('INVALID_PREFIX', `invalid prefix ${quoteInput(text)}: ${result}`, {
      details: { input: text },
    });
  }
  return result;
}

/** parsePrefix() with `strict: false`: host bits are cleared, so "10.1.2.3/8" gives 10.0.0.0/8. */
export function parsePrefixLoose(text: string, options: { readonly family: 4 }): Prefix<4>;
export function parsePrefixLoose(text: string, options: { readonly family: 6 }): Prefix<6>;
export function parsePrefixLoose(text: string, options?: { readonly family?: IpFamily }): Prefix;
export function parsePrefixLoose(text: string, options: { readonly family?: IpFamily } = {}): Prefix {
  return parsePrefix(text, { ...options, strict: false });
}

/** Like parsePrefix() but returns undefined instead of throwing. */
export function tryParsePrefix(text: string, options: PrefixParseOptions = {}): Prefix | undefined {
  const result = parsePrefixResult(text, options);
  return typeof result === 'string' ? undefined : result;
}

function parsePrefixResult(text: string, options: PrefixParseOptions): Prefix | string {
  if (typeof text !== 'string') return `expected a string, got ${text === null ? 'null' : typeof text}`;
  const slash = text.indexOf('/');
  if (slash === -1) return 'missing "/length"';
  if (text.indexOf('/', slash + 1) !== -1) return 'it has more than one "/"';
  const address = parseIpAddressResult(text.slice(0, slash));
  if (typeof address === 'string') return address;
  if (options.family !== undefined && address.family !== options.family) {
    return `expected an IPv${options.family} prefix, got IPv${address.family}`;
  }
  const length = parseLength(text.slice(slash + 1), addressBits(address.family));
  if (typeof length === 'string') return length;
  const prefix = Prefix.containing(address, length);
  if ((options.strict ?? true) && !prefix.network.equals(address)) {
    return `host bits are set (did you mean ${prefix}?)`;
  }
  return prefix;
}

function parseLength(text: string, bits: number): number | string {
  if (text === '') return 'the length after "/" is empty';
  // Same rule as IPv4 octets: no signs, no spaces, no leading zeros ("/08" is not obviously 8).
  if (!/^(0|[1-9][0-9]{0,2})$/.test(text))
    return `length "${text}" is not a decimal number without leading zeros`;
  const length = Number(text);
  if (length > bits) return `length ${length} is greater than ${bits}`;
  return length;
}
