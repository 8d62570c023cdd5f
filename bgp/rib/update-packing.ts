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
  const messages = packWithdrawals(diff.family, diff.withdrawn, options);
  for (const [set, prefixes] of diff.announced)
    messages.push(...packAnnouncements(diff.family, set, prefixes, options));
  if (diff.endOfRib) messages.push(endOfRib(diff.family));
  return messages;
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
  const nlri = prefixes.map((prefix) => ({ prefix }));
  const build =
    family === 'ipv4-unicast'
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
  return split(nlri, build, options);
}

export function packAnnouncements(
  family: Family,
  attributes: AttributeSet | RouteAttributes,
  prefixes: readonly Prefix[],
  options: PackOptions,
): UpdateMessage[] {
  const value = attributes instanceof AttributeSet ? attributes.value : attributes;
  const nlri = prefixes.map((prefix) => ({ prefix }));
  return split(nlri, announcementBuilder(family, value), options);
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

/** RFC 4271 §4.3: one length octet, then the prefix's significant octets. */
function nlriOctets(n: Nlri): number {
  return 1 + ((n.prefix.length + 7) >> 3) + (n.pathId === undefined ? 0 : 4);
}

function split(
  nlri: readonly Nlri[],
  build: (part: readonly Nlri[]) => UpdateMessage,
  { maxMessageLength, sizeOf }: PackOptions,
): UpdateMessage[] {
  if (nlri.length === 0) return [];
  const messages: UpdateMessage[] = [];
  const baseSize = sizeOf(build([]));
  let start = 0;
  while (start < nlri.length) {
    let end = start;
    let guess = baseSize;
    while (end < nlri.length && guess + nlriOctets(nlri[end] as Nlri) <= maxMessageLength) {
      guess += nlriOctets(nlri[end] as Nlri);
      end++;
    }
    if (end === start) end = start + 1; // the measurement below decides whether even one fits
    let message = build(nlri.slice(start, end));
    if (sizeOf(message) > maxMessageLength) {
      // The size function is not additive (attribute extended length, its own overheads): find the most
      // that fit. Sizes grow with the NLRI count, so binary search is exact.
      let lo = start; // lo..: known to fit (start: nothing)
      let hi = end - 1; // hi+1: known not to fit
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (sizeOf(build(nlri.slice(start, mid))) <= maxMessageLength) lo = mid;
        else hi = mid - 1;
      }
      if (lo === start) {
        throw new RibError(
          'MESSAGE_TOO_SMALL',
          `an UPDATE with one NLRI (${(nlri[start] as Nlri).prefix.toString()}) does not fit in ${maxMessageLength} octets`,
        );
      }
      end = lo;
      message = build(nlri.slice(start, end));
    }
    messages.push(message);
    start = end;
  }
  return messages;
}
