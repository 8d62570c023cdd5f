/**
 * UPDATE packing: an Adj-RIB-Out diff as few UPDATE messages (bgp/wire's model) as fit. Routes sharing an
 * attribute set go in one message until it is full (RFC 4271 §9.2: "prefixes with the same attributes
 * SHOULD be advertised in the same UPDATE" in spirit; §4.3 allows any number of NLRI per UPDATE); withdrawals
 * travel in messages of their own; IPv4 routes with an IPv4 next hop use the classic NLRI fields, the rest
 * MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760, RFC 8950).
 *
 * The exact encoded size is the codec's business, so the caller passes a size function. Packing guesses
 * how many NLRI fit from their wire size (1 octet of length, the significant octets, 4 more with ADD-PATH),
 * then measures the candidate message with that function and shrinks it (binary search) if the guess was
 * too big: no message leaves here larger than `maxMessageLength` as the size function measures it.
 */
import type { IPv4Address, IPv6Address, Prefix } from '../../common/index.js';
import type { Family } from '../wire/family.js';
import type { MpReachNlri, Nlri, UpdateMessage } from '../wire/model.js';
import type { AdjRibOutDiff } from './adj-rib-out.js';
import { AttributeSet } from './attribute-store.js';
import { RibError } from './rib-errors.js';
import { withoutNextHop, type RouteAttributes } from './route-attributes.js';

/** The encoded length of a whole UPDATE message, header included (the codec provides the exact one). */
export type UpdateSizeFunction = (message: UpdateMessage) => number;

export interface PackOptions {
  /** 4096, or 65535 once Extended Message (RFC 8654) is negotiated. */
  readonly maxMessageLength: number;
  readonly sizeOf: UpdateSizeFunction;
}

const EMPTY_ATTRIBUTES = Object.freeze({});

/** Withdrawals, then announcements group by group, then End-of-RIB if the diff ends the initial transfer. */
export function packDiff(diff: AdjRibOutDiff, options: PackOptions): UpdateMessage[] {
  return [...packDiffLazily(diff, options)];
}

/**
 * packDiff one message at a time: a session that must wait for its socket to drain packs (and holds)
 * only what it can send now, not the UPDATEs of a whole table.
 */
export function* packDiffLazily(diff: AdjRibOutDiff, options: PackOptions): Generator<UpdateMessage> {
  yield* splitLazily(diff.withdrawn, withdrawalBuilder(diff.family), options);
  for (const [set, prefixes] of diff.announced)
    yield* splitLazily(prefixes, announcementBuilder(diff.family, set.value), options);
  if (diff.endOfRib) yield endOfRib(diff.family);
}

/** RFC 4724 §2: an empty UPDATE for IPv4 unicast, an empty MP_UNREACH_NLRI for any other family. */
export function endOfRib(family: Family): UpdateMessage {
  return family === 'ipv4-unicast'
    ? { type: 'update', withdrawnRoutes: [], attributes: EMPTY_ATTRIBUTES, nlri: [] }
    : {
        type: 'update',
        withdrawnRoutes: [],
        attributes: EMPTY_ATTRIBUTES,
        mpUnreach: { family, withdrawnRoutes: [] },
        nlri: [],
      };
}

export function packWithdrawals(
  family: Family,
  prefixes: readonly Prefix[],
  options: PackOptions,
): UpdateMessage[] {
  return [...splitLazily(prefixes, withdrawalBuilder(family), options)];
}

function withdrawalBuilder(family: Family): (part: readonly Nlri[]) => UpdateMessage {
  return family === 'ipv4-unicast'
    ? (part: readonly Nlri[]): UpdateMessage => ({
        type: 'update',
        withdrawnRoutes: part as readonly Nlri<4>[],
        attributes: EMPTY_ATTRIBUTES,
        nlri: [],
      })
    : (part: readonly Nlri[]): UpdateMessage => ({
        type: 'update',
        withdrawnRoutes: [],
        attributes: EMPTY_ATTRIBUTES,
        mpUnreach: { family: 'ipv6-unicast', withdrawnRoutes: part as readonly Nlri<6>[] },
        nlri: [],
      });
}

export function packAnnouncements(
  family: Family,
  attributes: AttributeSet | RouteAttributes,
  prefixes: readonly Prefix[],
  options: PackOptions,
): UpdateMessage[] {
  const value = attributes instanceof AttributeSet ? attributes.value : attributes;
  return [...splitLazily(prefixes, announcementBuilder(family, value), options)];
}

function announcementBuilder(family: Family, a: RouteAttributes): (part: readonly Nlri[]) => UpdateMessage {
  const nextHop = a.nextHop;
  if (nextHop === undefined) {
    throw new RibError('INVALID_ARGUMENT', `cannot announce ${family} routes without a next hop`);
  }
  if (family === 'ipv4-unicast' && nextHop.family === 4 && a.linkLocalNextHop === undefined) {
    const attributes = { ...a, nextHop: nextHop as IPv4Address };
    return (part) => ({ type: 'update', withdrawnRoutes: [], attributes, nlri: part as readonly Nlri<4>[] });
  }
  const attributes = withoutNextHop(a);
  const linkLocalNextHop = a.linkLocalNextHop;
  if (family === 'ipv4-unicast') {
    // RFC 8950: an IPv4 route with an IPv6 next hop.
    return (part) =>
      mpMessage(attributes, { family, nextHop, linkLocalNextHop, nlri: part as readonly Nlri<4>[] });
  }
  if (nextHop.family !== 6) {
    throw new RibError('INVALID_ARGUMENT', `an IPv6 route needs an IPv6 next hop, got ${nextHop.toString()}`);
  }
  return (part) =>
    mpMessage(attributes, {
      family,
      nextHop: nextHop as IPv6Address,
      linkLocalNextHop,
      nlri: part as readonly Nlri<6>[],
    });
}

function mpMessage(attributes: UpdateMessage['attributes'], mpReach: MpReachNlri): UpdateMessage {
  return { type: 'update', withdrawnRoutes: [], attributes, mpReach, nlri: [] };
}

/** RFC 4271 §4.3: one length octet, then the prefix's significant octets (no Path Identifier here). */
function nlriOctets(prefix: Prefix): number {
  return 1 + ((prefix.length + 7) >> 3);
}

/** The NLRI of prefixes[start, end): made per message, so a whole table's worth never exists at once. */
function nlriOf(prefixes: readonly Prefix[], start: number, end: number): Nlri[] {
  const out: Nlri[] = new Array<Nlri>(end - start);
  for (let i = start; i < end; i++) out[i - start] = { prefix: prefixes[i] as Prefix };
  return out;
}

function* splitLazily(
  prefixes: readonly Prefix[],
  build: (part: readonly Nlri[]) => UpdateMessage,
  { maxMessageLength, sizeOf }: PackOptions,
): Generator<UpdateMessage> {
  if (prefixes.length === 0) return;
  const baseSize = sizeOf(build([]));
  let start = 0;
  while (start < prefixes.length) {
    let end = start;
    let guess = baseSize;
    while (end < prefixes.length && guess + nlriOctets(prefixes[end] as Prefix) <= maxMessageLength) {
      guess += nlriOctets(prefixes[end] as Prefix);
      end++;
    }
    if (end === start) end = start + 1; // the measurement below decides whether even one fits
    let message = build(nlriOf(prefixes, start, end));
    if (sizeOf(message) > maxMessageLength) {
      // The size function is not additive (attribute extended length, its own overheads): find the most
      // that fit. Sizes grow with the NLRI count, so binary search is exact.
      let lo = start; // lo..: known to fit (start: nothing)
      let hi = end - 1; // hi+1: known not to fit
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (sizeOf(build(nlriOf(prefixes, start, mid))) <= maxMessageLength) lo = mid;
        else hi = mid - 1;
      }
      if (lo === start) {
        throw new RibError(
          'MESSAGE_TOO_SMALL',
          `an UPDATE with one NLRI (${(prefixes[start] as Prefix).toString()}) does not fit in ${maxMessageLength} octets`,
        );
      }
      end = lo;
      message = build(nlriOf(prefixes, start, end));
    }
    yield message;
    start = end;
  }
}
