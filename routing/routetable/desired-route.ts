// What callers declare, its normal form, the kernel's key for a route, and when a kernel route
// already is what we want.
import { Prefix, type IpAddress } from '../../common/index.js';
import {
  RT_SCOPE_LINK,
  RT_SCOPE_UNIVERSE,
  type NextHop,
  type RouteMessage,
  type RouteMetrics,
} from '../netlink/index.js';

/** Twill's rtm_protocol (0x54, "T"); unused by iproute2's rt_protos and the routing daemons. */
export const RTPROT_TWILL = 0x54;

/** The kernel's default metric for IPv6 routes given without one; IPv4's is 0. */
export const IPV6_DEFAULT_PRIORITY = 1024;

export type DesiredRouteType = 'unicast' | 'blackhole' | 'unreachable' | 'prohibit';

export interface DesiredRoute {
  readonly dst: Prefix;
  /** Defaults to the reconciler's first managed table. */
  readonly table?: number;
  readonly type?: DesiredRouteType;
  readonly gateway?: IpAddress;
  readonly oif?: number;
  readonly onlink?: boolean;
  /** ECMP: two or more next hops (one is the same as a plain gateway/oif route). */
  readonly multipath?: readonly NextHop[];
  readonly priority?: number;
  readonly prefsrc?: IpAddress;
  readonly metrics?: RouteMetrics;
}

/**
 * The kernel identifies a route in a table by destination, TOS and priority (RFC-free, see
 * fib_table_insert / fib6_add): two routes with the same key cannot both exist without NLM_F_APPEND.
 */
export function routeKey(r: { dst: Prefix; table: number; priority?: number; tos?: number }): string {
  const priority = r.priority ?? (r.dst.family === 6 ? IPV6_DEFAULT_PRIORITY : 0);
  return `${r.table}|${r.dst.toString()}|${r.tos ?? 0}|${priority}`;
}

/** The route message Twill sends for `d`, with every default filled so it compares with a dump. */
export function normalizeRoute(d: DesiredRoute, defaultTable: number, protocol: number): RouteMessage {
  const type = d.type ?? 'unicast';
  let hops = type === 'unicast' ? (d.multipath ?? []) : [];
  let gateway = type === 'unicast' ? d.gateway : undefined;
  let oif = type === 'unicast' ? d.oif : undefined;
  let onlink = type === 'unicast' ? d.onlink === true : false;
  if (hops.length === 1) {
    // The kernel stores and reports a one-hop multipath route as a plain route.
    const hop = hops[0] as NextHop;
    gateway = hop.gateway;
    oif = hop.oif;
    onlink = hop.onlink === true;
    hops = [];
  }
  const scope =
    d.dst.family === 4 && type === 'unicast' && gateway === undefined && hops.length === 0
      ? RT_SCOPE_LINK
      : RT_SCOPE_UNIVERSE;
  return {
    dst: d.dst,
    table: d.table ?? defaultTable,
    protocol,
    scope,
    type,
    priority: d.priority ?? (d.dst.family === 6 ? IPV6_DEFAULT_PRIORITY : 0),
    ...(gateway !== undefined ? { gateway } : {}),
    ...(oif !== undefined ? { oif } : {}),
    ...(onlink ? { onlink } : {}),
    ...(d.prefsrc !== undefined ? { prefsrc: d.prefsrc } : {}),
    ...(hops.length > 0 ? { multipath: sortHops(hops) } : {}),
    ...(d.metrics !== undefined ? { metrics: d.metrics } : {}),
  };
}

/** Does the kernel's route `k` already carry everything the desired (normalized) route `d` says? */
export function routeMatches(d: RouteMessage, k: RouteMessage): boolean {
  if (d.type !== k.type || d.protocol !== k.protocol) return false;
  // IPv6 routes are always reported with universe scope.
  if (d.dst.family === 4 && d.scope !== k.scope) return false;
  if (!sameHop(d, k)) return false;
  if (text(d.prefsrc) !== text(k.prefsrc)) return false;
  if (!sameMetrics(d.metrics, k.metrics)) return false;
  const dh = d.multipath ?? [];
  const kh = sortHops(k.multipath ?? []);
  return (
    dh.length === kh.length &&
    dh.every((h, i) => sameHop(h, kh[i] as NextHop) && (h.weight ?? 1) === (kh[i]?.weight ?? 1))
  );
}

function sameHop(d: { gateway?: IpAddress; oif?: number; onlink?: boolean }, k: typeof d): boolean {
  // An unspecified oif is whatever the kernel resolved the gateway to.
  return (
    text(d.gateway) === text(k.gateway) &&
    (d.oif === undefined || d.oif === k.oif) &&
    (d.onlink === true) === (k.onlink === true)
  );
}

function sameMetrics(d: RouteMetrics | undefined, k: RouteMetrics | undefined): boolean {
  const keys = new Set([...Object.keys(d ?? {}), ...Object.keys(k ?? {})]) as Set<keyof RouteMetrics>;
  for (const key of keys) if ((d?.[key] ?? 0) !== (k?.[key] ?? 0)) return false;
  return true;
}

function sortHops(hops: readonly NextHop[]): NextHop[] {
  const order = (h: NextHop) => `${text(h.gateway)}|${h.oif ?? 0}`;
  return [...hops].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

function text(a: IpAddress | undefined): string {
  return a === undefined ? '' : a.toString();
}
