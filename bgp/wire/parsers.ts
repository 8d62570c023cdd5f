/**
 * The binary-parser parsers: fixed-layout parts (header, OPEN's fixed fields, ROUTE-REFRESH,
 * NOTIFICATION's code and subcode) and the NLRI loops, compiled once at load.
 *
 * binary-parser reads through a DataView, so a read past the end throws a RangeError rather than
 * returning garbage, but `buffer()` silently stops at the end of input. Callers therefore check lengths
 * before parsing fixed layouts, and nlri.ts validates every entry it gets; this module's results are
 * never trusted further than that.
 */
import { Parser } from 'binary-parser';

/** Compiles `parser` now (not on first use) and gives it a result type. */
function compiled<T>(parser: Parser): (bytes: Uint8Array) => T {
  parser.compile();
  return (bytes) => parser.parse(bytes) as T;
}

export interface HeaderFields {
  readonly marker0: number;
  readonly marker1: number;
  readonly marker2: number;
  readonly marker3: number;
  readonly length: number;
  readonly type: number;
}

/** RFC 4271 §4.1, 19 octets. */
export const parseHeader = compiled<HeaderFields>(
  new Parser()
    .uint32('marker0')
    .uint32('marker1')
    .uint32('marker2')
    .uint32('marker3')
    .uint16('length')
    .uint8('type'),
);

export interface OpenFixedFields {
  readonly version: number;
  readonly myAs: number;
  readonly holdTimeSec: number;
  readonly bgpIdentifier: number;
  readonly optParmLen: number;
}

/** RFC 4271 §4.2, the 10 octets after the header. */
export const parseOpenFixed = compiled<OpenFixedFields>(
  new Parser()
    .uint8('version')
    .uint16('myAs')
    .uint16('holdTimeSec')
    .uint32('bgpIdentifier')
    .uint8('optParmLen'),
);

export interface RouteRefreshFields {
  readonly afi: number;
  readonly subtype: number;
  readonly safi: number;
}

/** RFC 2918 §3 / RFC 7313 §3.2, the 4 octets after the header. */
export const parseRouteRefresh = compiled<RouteRefreshFields>(
  new Parser().uint16('afi').uint8('subtype').uint8('safi'),
);

export interface NotificationFixedFields {
  readonly code: number;
  readonly subcode: number;
}

/** RFC 4271 §4.5, the 2 octets after the header. */
export const parseNotificationFixed = compiled<NotificationFixedFields>(
  new Parser().uint8('code').uint8('subcode'),
);

/**
 * One IPv4 NLRI entry (RFC 4271 §4.3): the length in bits, then ceil(bits/8) octets read as at most two
 * integers (a: the first 1, 2 or 4 octets; b: the third octet of a 3-octet prefix). Lengths over 32 read
 * nothing and are rejected by the caller.
 */
export interface Ipv4NlriEntry {
  readonly pathId?: number;
  readonly bits: number;
  readonly a?: number;
  readonly b?: number;
}

const nothing = new Parser();
function ipv4Entry(withPathId: boolean): Parser {
  const start = withPathId ? new Parser().uint32('pathId') : new Parser();
  return start.uint8('bits').choice({
    tag: function (this: { bits: number }) {
      return (this.bits + 7) >> 3;
    },
    choices: {
      0: nothing,
      1: new Parser().uint8('a'),
      2: new Parser().uint16('a'),
      3: new Parser().uint16('a').uint8('b'),
      4: new Parser().uint32('a'),
    },
    defaultChoice: nothing,
  });
}

/** An IPv6 NLRI entry: `bytes` may come out shorter than ceil(bits/8) at the end of input. */
export interface Ipv6NlriEntry {
  readonly pathId?: number;
  readonly bits: number;
  readonly bytes: Uint8Array;
}

function ipv6Entry(withPathId: boolean): Parser {
  const start = withPathId ? new Parser().uint32('pathId') : new Parser();
  return start.uint8('bits').buffer('bytes', {
    length: function (this: { bits: number }) {
      return (this.bits + 7) >> 3;
    },
  });
}

function nlriLoop<T>(entry: Parser): (bytes: Uint8Array) => readonly T[] {
  const parse = compiled<{ entries: T[] }>(new Parser().array('entries', { type: entry, readUntil: 'eof' }));
  return (bytes) => parse(bytes).entries;
}

export const parseIpv4Nlri = nlriLoop<Ipv4NlriEntry>(ipv4Entry(false));
export const parseIpv4NlriWithPathId = nlriLoop<Ipv4NlriEntry>(ipv4Entry(true));
export const parseIpv6Nlri = nlriLoop<Ipv6NlriEntry>(ipv6Entry(false));
export const parseIpv6NlriWithPathId = nlriLoop<Ipv6NlriEntry>(ipv6Entry(true));
