/**
 * What we advertise to a peer for a best route, per RFC 4271 §9.1.3 and §5.1, without configured
 * policy (bgp/policy comes later and runs before this). Returns the attributes to send, or undefined
 * when the route must not go to that peer.
 *
 * Choices where the RFC leaves room, and why:
 * - Never back to the peer it came from (pointless; the peer would see its own route).
 * - Not to an external peer whose AS is already in the AS_PATH (asPathLoopCheck, default on): that
 *   peer would drop it by §9.1.2 loop detection, so sending costs an UPDATE for nothing, and withdrawing
 *   what we sent before is what the peer needs. Turn it off for a peer that uses allowas-in (leaves
 *   sharing one AS behind a spine).
 * - Routes learned over iBGP do not go to iBGP peers (§9.2, full mesh) unless `reflect` (route
 *   reflection, RFC 4456 §6, wired by the speaker from its clients) says so.
 */
import { LLGR_STALE } from './llgr-communities.js';
import type { Family } from '../wire/family.js';
import type { IpAddress, IPv6Address } from '../../common/index.js';
import { countAs, prependAs, withoutConfederationSegments } from './as-path-edit.js';
import type { PeerKind, RibPeer, RibRoute } from './rib-route.js';
import type { RouteAttributes } from './route-attributes.js';

/** RFC 1997 well-known communities. */
export const NO_EXPORT = 0xffffff01;
export const NO_ADVERTISE = 0xffffff02;
export const NO_EXPORT_SUBCONFED = 0xffffff03;
/** RFC 8326 §5: GRACEFUL_SHUTDOWN, 65535:0. */
export const GRACEFUL_SHUTDOWN = 0xffff0000;

/**
 * RFC 8326 §3 drain: the route goes with GRACEFUL_SHUTDOWN, and towards internal peers with LOCAL_PREF 0
 * as well, so iBGP neighbours that do not act on the community still prefer other paths.
 */
export function gracefulShutdownExport(attributes: RouteAttributes, toInternal: boolean): RouteAttributes {
  const communities = attributes.communities ?? [];
  return {
    ...attributes,
    communities: communities.includes(GRACEFUL_SHUTDOWN) ? communities : [...communities, GRACEFUL_SHUTDOWN],
    ...(toInternal ? { localPref: 0 } : {}),
  };
}

/** NEXT_HOP towards a peer (§5.1.3): our own address on the session, or the route's as it came. */
export type NextHopMode = 'self' | 'keep';

export interface SelfNextHop {
  /** The address to announce as NEXT_HOP for IPv4 routes (usually the session's local IPv4 address). */
  readonly ipv4?: IpAddress;
  /** The global IPv6 next hop for IPv6 routes (RFC 2545 §3), and optionally our link-local address. */
  readonly ipv6?: IPv6Address;
  readonly ipv6LinkLocal?: IPv6Address;
}

/** Route reflection hook (RFC 4456 §8): decide whether an iBGP-learned route goes to an iBGP peer. */
export type ReflectHook = (route: RibRoute, to: RibPeer) => boolean;

export interface ExportOptions {
  readonly localAs: number;
  /** Default: 'self' towards external peers, 'keep' towards internal ones (what BIRD, FRR and GoBGP do). */
  readonly nextHopMode?: NextHopMode;
  readonly selfNextHop: SelfNextHop;
  /** Default true; see the file comment. */
  readonly asPathLoopCheck?: boolean;
  readonly reflect?: ReflectHook;
  /** The peer negotiated long-lived graceful restart (RFC 9494): it may receive LLGR_STALE routes. */
  readonly llgr?: boolean;
}

/** Whether the route may go to `to` at all: the rules that depend on the source peer, not on attributes. */
export function mayAdvertise(route: RibRoute, to: RibPeer, options: ExportOptions): boolean {
  return sourceRefusal(route, to, options) === undefined;
}

/** Why a route is held back from a peer (shown by `twillctl bgp routes advertised`; export-explain.ts). */
export type ExportRefusal =
  | 'learned-from-peer'
  | 'ibgp-split-horizon'
  | 'no-advertise'
  | 'llgr-stale'
  | 'no-export'
  | 'as-path-loop'
  | 'no-next-hop'
  | 'next-hop-is-peer';

/** mayAdvertise() with the reason: never back to its source; §9.2 iBGP split horizon unless reflected. */
export function sourceRefusal(
  route: RibRoute,
  to: RibPeer,
  options: ExportOptions,
): ExportRefusal | undefined {
  if (route.peer === to || route.peer.id === to.id) return 'learned-from-peer';
  if (route.peer.kind === 'internal' && to.kind === 'internal' && options.reflect?.(route, to) !== true)
    return 'ibgp-split-horizon';
  return undefined;
}

/** The attribute rules of exportAttributes() that refuse a route, with the reason (undefined: none). */
export function attributeRefusal(
  attributes: RouteAttributes,
  family: Family,
  to: RibPeer,
  options: ExportOptions,
): ExportRefusal | undefined {
  const external = to.kind === 'external';
  const communities = attributes.communities ?? [];
  if (communities.includes(NO_ADVERTISE)) return 'no-advertise';
  // RFC 9494 §4.5: a long-lived stale route goes only to peers that negotiated LLGR (the optional iBGP
  // exception with NO_EXPORT and LOCAL_PREF 0 is not implemented).
  if (communities.includes(LLGR_STALE) && options.llgr !== true) return 'llgr-stale';
  if (external && (communities.includes(NO_EXPORT) || communities.includes(NO_EXPORT_SUBCONFED)))
    return 'no-export';
  if (external && options.asPathLoopCheck !== false && countAs(attributes.asPath, to.asn) > 0)
    return 'as-path-loop';
  const nextHop = exportNextHop(attributes, family, to, options);
  if (nextHop === undefined) return 'no-next-hop';
  // RFC 4271 §5.1.3: a route SHALL NOT be advertised to a peer using an address of that peer as NEXT_HOP
  // (the peer would forward to itself). Our own address is never that: on loopback tests two speakers
  // share 127.0.0.1 or ::1, and next hop self is still right there.
  const self = options.selfNextHop;
  const isSelf = [self.ipv4, self.ipv6].some((a) => a !== undefined && a.equals(nextHop.address));
  if (!isSelf && nextHop.address.equals(to.address)) return 'next-hop-is-peer';
  return undefined;
}

/**
 * The attributes sent to `to` for a route with `attributes` learned from a `sourceKind` peer, or
 * undefined when they must not be sent. Depends only on its arguments, so results are cached per
 * (attribute set, source kind).
 */
export function exportAttributes(
  attributes: RouteAttributes,
  sourceKind: PeerKind,
  degreeOfPreference: number,
  family: Family,
  to: RibPeer,
  options: ExportOptions,
): RouteAttributes | undefined {
  const external = to.kind === 'external';
  if (attributeRefusal(attributes, family, to, options) !== undefined) return undefined;
  const nextHop = exportNextHop(attributes, family, to, options) as NonNullable<
    ReturnType<typeof exportNextHop>
  >;

  const out: { -readonly [K in keyof RouteAttributes]: RouteAttributes[K] } = {
    ...attributes,
    origin: attributes.origin ?? 'igp',
    // §5.1.2: unchanged to internal peers; our AS prepended towards external ones (RFC 5065 §5.3: no
    // confederation segments leave).
    asPath: external
      ? prependAs(withoutConfederationSegments(attributes.asPath ?? []), options.localAs)
      : (attributes.asPath ?? []),
    nextHop: nextHop.address,
    linkLocalNextHop: nextHop.linkLocal,
  };
  if (external) {
    // §5.1.5: LOCAL_PREF never goes to external peers. §5.1.4: a MED received from a neighbouring AS
    // is not propagated to other neighbouring ASes; one we set on our own routes may be sent.
    delete out.localPref;
    if (sourceKind !== 'local') delete out.multiExitDisc;
    // RFC 4456: ORIGINATOR_ID and CLUSTER_LIST are optional non-transitive, meaningful inside the AS only.
    delete out.originatorId;
    delete out.clusterList;
  } else {
    // §5.1.5: "A BGP speaker MUST include this attribute in UPDATE messages that it sends to the other
    // internal peers": the degree of preference the decision process used.
    out.localPref = degreeOfPreference;
  }
  // Unknown optional transitive attributes pass unchanged; the encoder sets their Partial bit (RFC 4271
  // §5), and the decoder already dropped unknown non-transitive ones.
  if (out.linkLocalNextHop === undefined) delete out.linkLocalNextHop;
  return out;
}

function exportNextHop(
  attributes: RouteAttributes,
  family: Family,
  to: RibPeer,
  options: ExportOptions,
): { address: IpAddress; linkLocal: IPv6Address | undefined } | undefined {
  const mode = options.nextHopMode ?? (to.kind === 'external' ? 'self' : 'keep');
  if (mode === 'keep' && attributes.nextHop !== undefined) {
    // A link-local next hop only means something on the link it came from (RFC 2545 §3).
    return { address: attributes.nextHop, linkLocal: undefined };
  }
  // 'self', and local routes without a next hop of their own.
  const self = options.selfNextHop;
  if (family === 'ipv4-unicast')
    return self.ipv4 === undefined ? undefined : { address: self.ipv4, linkLocal: undefined };
  return self.ipv6 === undefined ? undefined : { address: self.ipv6, linkLocal: self.ipv6LinkLocal };
}
