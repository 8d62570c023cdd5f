/**
 * fast-check arbitraries for valid messages, in the shape the decoder returns (no undefined fields,
 * path identifiers only where ADD-PATH is in use, normalized AS paths), so that
 * decode(encode(m)) deep-equals m. Used by the property tests and as seeds by the fuzzer.
 */
import fc from 'fast-check';
import { IPv4Address, IPv6Address, Prefix } from '../../../common/index.js';
import type { AsPathSegment, LargeCommunity, PathAttributes, UnknownAttribute } from '../attributes/types.js';
import { ATTRIBUTES } from '../attributes/registry.js';
import type { Capability } from '../capabilities/types.js';
import { CAPABILITIES } from '../capabilities/registry.js';
import type { CodecContext } from '../context.js';
import type { Family } from '../family.js';
import type {
  BgpMessage,
  MpReachNlri,
  MpUnreachNlri,
  Nlri,
  NotificationMessage,
  OpenMessage,
  RouteRefreshMessage,
  UpdateMessage,
} from '../model.js';

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const asn = fc.oneof(fc.integer({ min: 1, max: 0xffff }), fc.integer({ min: 1, max: 0xffff_ffff }));

export const contextArb: fc.Arbitrary<CodecContext> = fc.record({
  fourOctetAs: fc.boolean(),
  extendedMessage: fc.boolean(),
  addPath: fc.subarray<Family>(['ipv4-unicast', 'ipv6-unicast']),
  extendedNextHop: fc.subarray<Family>(['ipv4-unicast']),
  peerType: fc.constantFrom('internal' as const, 'external' as const),
});

/** A unicast host address, as NEXT_HOP must be (RFC 4271 §6.3). */
const hostIPv4 = fc
  .tuple(
    fc.integer({ min: 1, max: 222 }).filter((a) => a !== 127),
    fc.integer({ min: 0, max: 0xff_ffff }),
  )
  .map(([first, rest]) => IPv4Address.fromNumber(first * 0x100_0000 + rest));
const anyIPv4 = u32.map((v) => IPv4Address.fromNumber(v));
const anyIPv6 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).map((v) => IPv6Address.fromBigInt(v));

const prefix4 = fc
  .tuple(u32, fc.integer({ min: 0, max: 32 }))
  .map(([v, len]) => Prefix.containing(IPv4Address.fromNumber(v), len));
const prefix6 = fc
  .tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 }))
  .map(([v, len]) => Prefix.containing(IPv6Address.fromBigInt(v), len));

function nlriList<F extends 4 | 6>(family: F, addPath: boolean, max: number): fc.Arbitrary<Nlri<F>[]> {
  const prefix = (family === 4 ? prefix4 : prefix6) as unknown as fc.Arbitrary<Prefix<F>>;
  const entry = addPath ? fc.record({ prefix, pathId: u32 }) : prefix.map((p) => ({ prefix: p }));
  return fc.array(entry as fc.Arbitrary<Nlri<F>>, { maxLength: max });
}

/**
 * AS paths the decoder gives back unchanged: confederation segments only in front, no two adjacent
 * sequences, and without RFC 6793 only 2-octet confederation members (AS4_PATH cannot carry them, §3).
 */
function asPathArb(ctx: CodecContext): fc.Arbitrary<AsPathSegment[]> {
  const asns = fc.array(asn, { minLength: 1, maxLength: 6 });
  const memberAsns = ctx.fourOctetAs
    ? asns
    : fc.array(fc.integer({ min: 1, max: 0xffff }), { minLength: 1, maxLength: 6 });
  const confed = fc.record({
    type: fc.constantFrom('as-confed-sequence' as const, 'as-confed-set' as const),
    asns: memberAsns,
  });
  const plain = fc.array(
    fc.record({ type: fc.constantFrom('as-sequence' as const, 'as-set' as const), asns }),
    { maxLength: 4 },
  );
  const leading = ctx.peerType === 'external' ? fc.constant([]) : fc.array(confed, { maxLength: 2 });
  return fc.tuple(leading, plain).map(([front, rest]) => {
    const out: AsPathSegment[] = [...front];
    for (const s of rest) {
      const last = out[out.length - 1];
      if (last?.type === 'as-sequence' && s.type === 'as-sequence') continue;
      out.push(s);
    }
    return out;
  });
}

const KNOWN_ATTRIBUTE_CODES = new Set(ATTRIBUTES.map((a) => a.code));
const unknownAttributes: fc.Arbitrary<UnknownAttribute[]> = fc
  .uniqueArray(
    fc.integer({ min: 11, max: 255 }).filter((c) => !KNOWN_ATTRIBUTE_CODES.has(c)),
    { maxLength: 3 },
  )
  .chain((codes) =>
    fc.tuple(
      ...codes
        .sort((a, b) => a - b)
        .map((code) => fc.uint8Array({ maxLength: 12 }).map((v) => ({ code, value: Buffer.from(v) }))),
    ),
  )
  .map((list) => list as UnknownAttribute[]);

const largeCommunity: fc.Arbitrary<LargeCommunity> = fc.record({
  globalAdministrator: u32,
  localData1: u32,
  localData2: u32,
});

function attributesArb(
  ctx: CodecContext,
  announcesIpv4: boolean,
  announces: boolean,
): fc.Arbitrary<PathAttributes> {
  const optional = <T>(arb: fc.Arbitrary<T>, present?: boolean) =>
    present === true ? arb.map((v): T | undefined => v) : fc.option(arb, { nil: undefined });
  return fc
    .record({
      origin: optional(fc.constantFrom('igp' as const, 'egp' as const, 'incomplete' as const), announces),
      asPath: optional(asPathArb(ctx), announces),
      nextHop: optional(hostIPv4, announcesIpv4),
      multiExitDisc: optional(u32),
      localPref: ctx.peerType === 'internal' ? optional(u32) : fc.constant(undefined),
      atomicAggregate: optional(fc.constant(true as const)),
      aggregator: optional(fc.record({ asn, address: anyIPv4 })),
      communities: optional(fc.array(u32, { minLength: 1, maxLength: 5 })),
      originatorId: optional(anyIPv4),
      clusterList: optional(fc.array(anyIPv4, { minLength: 1, maxLength: 3 })),
      largeCommunities: optional(fc.array(largeCommunity, { minLength: 1, maxLength: 3 })),
      unknown: unknownAttributes.map((u) => (u.length === 0 ? undefined : u)),
    })
    .map(
      (fields) =>
        Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as PathAttributes,
    );
}

function mpReachArb(ctx: CodecContext): fc.Arbitrary<MpReachNlri> {
  const ipv6 = fc.record({
    family: fc.constant('ipv6-unicast' as const),
    nextHop: anyIPv6,
    linkLocalNextHop: fc.option(anyIPv6, { nil: undefined }),
    nlri: nlriList(6, ctx.addPath.includes('ipv6-unicast'), 8),
  });
  const ipv4NextHop = ctx.extendedNextHop.includes('ipv4-unicast') ? fc.oneof(hostIPv4, anyIPv6) : hostIPv4;
  const ipv4 = fc.record({
    family: fc.constant('ipv4-unicast' as const),
    nextHop: ipv4NextHop as fc.Arbitrary<IPv4Address | IPv6Address>,
    linkLocalNextHop: fc.option(anyIPv6, { nil: undefined }),
    nlri: nlriList(4, ctx.addPath.includes('ipv4-unicast'), 8),
  });
  return fc.oneof(ipv6, ipv4).map((m) => {
    // A link-local next hop only follows an IPv6 global one (RFC 2545 §3).
    const { linkLocalNextHop, ...rest } = m;
    return (linkLocalNextHop === undefined || m.nextHop.family === 4 ? rest : m) as MpReachNlri;
  });
}

function mpUnreachArb(ctx: CodecContext): fc.Arbitrary<MpUnreachNlri> {
  return fc.oneof(
    fc.record({
      family: fc.constant('ipv4-unicast' as const),
      withdrawnRoutes: nlriList(4, ctx.addPath.includes('ipv4-unicast'), 8),
    }),
    fc.record({
      family: fc.constant('ipv6-unicast' as const),
      withdrawnRoutes: nlriList(6, ctx.addPath.includes('ipv6-unicast'), 8),
    }),
  ) as fc.Arbitrary<MpUnreachNlri>;
}

export function updateArb(ctx: CodecContext): fc.Arbitrary<UpdateMessage> {
  const addPath4 = ctx.addPath.includes('ipv4-unicast');
  return fc
    .record({
      withdrawnRoutes: nlriList(4, addPath4, 10),
      nlri: nlriList(4, addPath4, 10),
      mpReach: fc.option(mpReachArb(ctx), { nil: undefined }),
      mpUnreach: fc.option(mpUnreachArb(ctx), { nil: undefined }),
    })
    .chain(({ withdrawnRoutes, nlri, mpReach, mpUnreach }) => {
      const announces = nlri.length > 0 || (mpReach?.nlri.length ?? 0) > 0;
      return attributesArb(ctx, nlri.length > 0, announces).map((attributes): UpdateMessage => ({
        type: 'update',
        withdrawnRoutes,
        attributes,
        ...(mpReach === undefined ? {} : { mpReach }),
        ...(mpUnreach === undefined ? {} : { mpUnreach }),
        nlri,
      }));
    });
}

const KNOWN_CAPABILITY_CODES = new Set(CAPABILITIES.map((c) => c.code));
const afi = fc.integer({ min: 0, max: 0xffff });
const safi = fc.integer({ min: 0, max: 0xff });

export const capabilityArb: fc.Arbitrary<Capability> = fc.oneof(
  fc.record({ name: fc.constant('multiprotocol' as const), afi, safi }),
  fc.constant({ name: 'route-refresh' as const }),
  fc.constant({ name: 'enhanced-route-refresh' as const }),
  fc.constant({ name: 'extended-message' as const }),
  fc.record({ name: fc.constant('four-octet-as' as const), asn: fc.integer({ min: 1, max: 0xffff_ffff }) }),
  fc.record({
    name: fc.constant('graceful-restart' as const),
    restartState: fc.boolean(),
    notification: fc.boolean(),
    restartTimeSec: fc.integer({ min: 0, max: 4095 }),
    families: fc.array(fc.record({ afi, safi, forwardingState: fc.boolean() }), { maxLength: 3 }),
  }),
  fc.record({
    name: fc.constant('long-lived-graceful-restart' as const),
    families: fc.array(
      fc.record({
        afi,
        safi,
        forwardingState: fc.boolean(),
        staleTimeSec: fc.integer({ min: 0, max: 0xffffff }),
      }),
      { maxLength: 3 },
    ),
  }),
  fc.record({
    name: fc.constant('add-path' as const),
    families: fc.array(
      fc.record({
        afi,
        safi,
        direction: fc.constantFrom('receive' as const, 'send' as const, 'both' as const),
      }),
      { maxLength: 3 },
    ),
  }),
  fc.record({
    name: fc.constant('extended-next-hop' as const),
    entries: fc.array(fc.record({ afi, safi: afi, nextHopAfi: afi }), { maxLength: 3 }),
  }),
  fc.record({
    name: fc.constant('unknown' as const),
    code: fc.integer({ min: 0, max: 255 }).filter((c) => !KNOWN_CAPABILITY_CODES.has(c)),
    value: fc.uint8Array({ maxLength: 16 }).map((v) => Buffer.from(v)),
  }),
);

export const openArb: fc.Arbitrary<OpenMessage> = fc.record({
  type: fc.constant('open' as const),
  version: fc.constant(4),
  myAs: fc.integer({ min: 1, max: 0xffff }),
  holdTimeSec: fc.oneof(fc.constant(0), fc.integer({ min: 3, max: 0xffff })),
  bgpIdentifier: fc.integer({ min: 1, max: 0xffff_ffff }).map((v) => IPv4Address.fromNumber(v)),
  capabilities: fc.array(capabilityArb, { maxLength: 30 }),
});

export const notificationArb: fc.Arbitrary<NotificationMessage> = fc.record({
  type: fc.constant('notification' as const),
  code: fc.integer({ min: 0, max: 255 }),
  subcode: fc.integer({ min: 0, max: 255 }),
  data: fc.uint8Array({ maxLength: 64 }).map((v) => Buffer.from(v)),
});

export const routeRefreshArb: fc.Arbitrary<RouteRefreshMessage> = fc.record({
  type: fc.constant('route-refresh' as const),
  afi,
  safi,
  subtype: fc.integer({ min: 0, max: 255 }),
});

/** Any valid message with the context it is encoded and decoded in. */
export const messageWithContextArb: fc.Arbitrary<{ ctx: CodecContext; message: BgpMessage }> =
  contextArb.chain((ctx) =>
    fc
      .oneof(
        { weight: 6, arbitrary: updateArb(ctx) as fc.Arbitrary<BgpMessage> },
        { weight: 2, arbitrary: openArb },
        { weight: 1, arbitrary: notificationArb },
        { weight: 1, arbitrary: routeRefreshArb },
        { weight: 1, arbitrary: fc.constant({ type: 'keepalive' as const }) },
      )
      .map((message) => ({ ctx, message })),
  );
