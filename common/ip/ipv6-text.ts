/**
 * IPv6 text forms (RFC 4291 §2.2) and canonical formatting (RFC 5952). Pure functions over a 128-bit
 * unsigned bigint; like the IPv4 parser, parsing returns a reason string instead of throwing.
 */

import { formatIPv4, parseIPv4Text } from './ipv4-text.js';

const GROUPS = 8;

/**
 * Parses the three RFC 4291 §2.2 forms: full ("2001:db8:0:0:0:0:0:1"), compressed ("2001:db8::1")
 * and mixed with a trailing dotted quad ("::ffff:192.0.2.1"). Hex digits may be upper or lower case
 * and groups may carry leading zeros (RFC 4291 allows both; only the output form is restricted).
 * Zone identifiers ("fe80::1%eth0", RFC 4007) are rejected: an address value has no interface.
 */
export function parseIPv6Text(text: string): bigint | string {
  if (text.length === 0) return 'it is empty';
  if (text.includes('%')) return 'zone identifiers (the "%..." suffix) are not supported';
  const gap = text.indexOf('::');
  if (gap !== -1 && text.indexOf('::', gap + 1) !== -1) return '"::" may appear at most once';
  if (text.startsWith(':') && gap !== 0) return 'it starts with a single ":"';
  if (text.endsWith(':') && gap !== text.length - 2) return 'it ends with a single ":"';

  const headText = gap === -1 ? text : text.slice(0, gap);
  const tailText = gap === -1 ? '' : text.slice(gap + 2);
  const head: number[] = [];
  const tail: number[] = [];
  // The embedded IPv4 form is only valid as the final 32 bits, i.e. in the last group of the text.
  const headReason = headText === '' ? undefined : parseGroups(headText, head, gap === -1);
  if (headReason !== undefined) return headReason;
  const tailReason = tailText === '' ? undefined : parseGroups(tailText, tail, true);
  if (tailReason !== undefined) return tailReason;

  const explicit = head.length + tail.length;
  if (gap === -1) {
    if (explicit !== GROUPS) return `it has ${explicit} groups, expected 8`;
  } else if (explicit > GROUPS - 1) {
    // RFC 4291: "::" stands for one or more groups of zeros, so at most 7 may be written out.
    return `it has ${explicit} groups besides "::", at most 7 are allowed`;
  }
  const groups = head.concat(new Array<number>(GROUPS - explicit).fill(0), tail);
  return groupsToBigInt(groups);
}

/** Appends the 16-bit groups of `part` (no "::" inside) to `out`; returns a reason on failure. */
function parseGroups(part: string, out: number[], allowTrailingIPv4: boolean): string | undefined {
  const pieces = part.split(':');
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as string;
    if (piece.includes('.')) {
      if (!allowTrailingIPv4 || i !== pieces.length - 1) {
        return `embedded IPv4 "${piece}" is only allowed as the last 32 bits`;
      }
      const v4 = parseIPv4Text(piece);
      if (typeof v4 === 'string') return `embedded IPv4 "${piece}" is invalid: ${v4}`;
      out.push(v4 >>> 16, v4 & 0xffff);
      continue;
    }
    const group = parseHexGroup(piece);
    if (group < 0) {
      return piece === '' ? 'it has an empty group' : `group "${piece}" is not 1 to 4 hex digits`;
    }
    out.push(group);
  }
  return undefined;
}

/** 1..4 hex digits to a number, or -1. Hand-rolled because parseInt() accepts "0x", signs and junk. */
function parseHexGroup(piece: string): number {
  if (piece.length === 0 || piece.length > 4) return -1;
  let value = 0;
  for (let i = 0; i < piece.length; i++) {
    const c = piece.charCodeAt(i);
    let digit: number;
    if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) digit = c - 0x61 + 10;
    else if (c >= 0x41 && c <= 0x46) digit = c - 0x41 + 10;
    else return -1;
    value = value * 16 + digit;
  }
  return value;
}

function groupsToBigInt(groups: readonly number[]): bigint {
  // Four 32-bit words keep the bigint work to a handful of operations.
  let value = 0n;
  for (let i = 0; i < GROUPS; i += 2) {
    value = (value << 32n) | BigInt(((groups[i] as number) * 0x10000 + (groups[i + 1] as number)) >>> 0);
  }
  return value;
}

/** Splits a 128-bit value into its eight 16-bit groups, most significant first. */
export function bigIntToGroups(value: bigint): number[] {
  const hex = value.toString(16).padStart(32, '0');
  const groups = new Array<number>(GROUPS);
  for (let i = 0; i < GROUPS; i++) groups[i] = parseInt(hex.slice(i * 4, i * 4 + 4), 16);
  return groups;
}

/**
 * RFC 5952 §4 canonical text: lowercase hex without leading zeros (§4.1, §4.3); the longest run of two
 * or more zero groups becomes "::" (§4.2.1, §4.2.2: a single zero group is never compressed), taking the
 * leftmost run on a tie (§4.2.3). IPv4-mapped addresses (::ffff:0:0/96) are written with a dotted-quad
 * tail as §5 recommends, since that is how every tool shows them. Other embedded-IPv4 prefixes are
 * printed as plain hex: their interpretation depends on configuration we do not know here.
 */
export function formatIPv6(value: bigint): string {
  const groups = bigIntToGroups(value);
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0) {
    if (groups[5] === 0xffff) {
      return `::ffff:${formatIPv4(((groups[6] as number) * 0x10000 + (groups[7] as number)) >>> 0)}`;
    }
  }
  let bestStart = -1;
  let bestLength = 1; // Runs must be longer than this to be compressed.
  for (let i = 0; i < GROUPS;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < GROUPS && groups[j] === 0) j++;
    // Strictly greater keeps the leftmost run on ties.
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (g: number): string => g.toString(16);
  if (bestStart === -1) return groups.map(hex).join(':');
  const left = groups.slice(0, bestStart).map(hex).join(':');
  const right = groups
    .slice(bestStart + bestLength)
    .map(hex)
    .join(':');
  return `${left}::${right}`;
}
