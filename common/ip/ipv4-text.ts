/**
 * Dotted-quad text for IPv4 addresses. Pure functions over a 32-bit unsigned number; the parser returns
 * a reason string instead of throwing so `tryParse` paths and the IPv6 parser (embedded IPv4) can reuse it
 * without paying for exceptions.
 */

const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * Parses `text[start, end)` as exactly four decimal octets. Returns the address as an unsigned 32-bit
 * number, or a human-readable reason why it is invalid.
 *
 * Strict on purpose: only the RFC 791 dotted-decimal form is accepted. Octets with leading zeros
 * ("010") are rejected because inet_aton() and several libraries read them as octal, so "010.0.0.1"
 * means 8.0.0.1 to some tools and 10.0.0.1 to others (the ambiguity behind CVE-2021-28918 in the netmask package).
 * Shorthand forms ("10.1", "0x0a.0.0.1", a bare 32-bit integer) are rejected for the same reason.
 */
export function parseIPv4Text(text: string, start = 0, end = text.length): number | string {
  let value = 0;
  let pos = start;
  for (let octetNo = 1; octetNo <= 4; octetNo++) {
    const octetStart = pos;
    let octet = 0;
    while (pos < end) {
      const c = text.charCodeAt(pos);
      if (c < ZERO || c > NINE) break;
      octet = octet * 10 + (c - ZERO);
      pos++;
    }
    const digits = pos - octetStart;
    if (digits === 0) {
      if (pos >= end) return octetNo === 1 ? 'it is empty' : `octet ${octetNo} is missing`;
      return `unexpected character ${JSON.stringify(text[pos])} at position ${pos}`;
    }
    const octetText = text.slice(octetStart, pos);
    if (digits > 1 && text.charCodeAt(octetStart) === ZERO) {
      return `octet ${octetNo} "${octetText}" has a leading zero (ambiguous: some parsers read it as octal)`;
    }
    if (digits > 3 || octet > 255) return `octet ${octetNo} "${octetText}" is greater than 255`;
    // Multiply instead of shifting: `<<` works on signed 32-bit ints and would go negative above 127.x.
    value = value * 256 + octet;
    if (octetNo === 4) break;
    if (pos >= end) return `it has ${octetNo} octet${octetNo === 1 ? '' : 's'}, expected 4`;
    if (text.charCodeAt(pos) !== DOT) {
      return `unexpected character ${JSON.stringify(text[pos])} at position ${pos}`;
    }
    pos++;
  }
  if (pos !== end) {
    return text.charCodeAt(pos) === DOT
      ? 'it has more than 4 octets'
      : `unexpected character ${JSON.stringify(text[pos])} at position ${pos}`;
  }
  return value;
}

/** Formats an unsigned 32-bit number as dotted-quad text. */
export function formatIPv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}
