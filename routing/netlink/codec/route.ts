// RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE bodies: struct rtmsg (12 bytes), then attributes.
// IPv4 and IPv6, any table (RTA_TABLE carries tables above 255), ECMP (RTA_MULTIPATH of struct
// rtnexthop), metrics (RTA_METRICS nest of RTAX_* u32s).
import { Prefix, type IpAddress } from '../../../common/index.js';
import { NetlinkError } from '../errors.js';
import { addressFromBytes, Attributes } from './attributes.js';
import { AF_INET, AF_INET6, AF_UNSPEC, nlmsgAlign } from './nl-constants.js';
import { NlWriter } from './nl-writer.js';
import {
  RT_TABLE_UNSPEC,
  RTA_DST,
  RTA_GATEWAY,
  RTA_METRICS,
  RTA_MULTIPATH,
  RTA_OIF,
  RTA_PREFSRC,
  RTA_PRIORITY,
  RTA_TABLE,
  RTAX_ADVMSS,
  RTAX_HOPLIMIT,
  RTAX_INITCWND,
  RTAX_LOCK,
  RTAX_MTU,
  RTAX_WINDOW,
  RTNH_F_ONLINK,
} from './rt-constants.js';

/** rtm_type, by name; the index is the kernel's RTN_* value. */
export const ROUTE_TYPES = [
  'unspec',
  'unicast',
  'local',
  'broadcast',
  'anycast',
  'multicast',
  'blackhole',
  'unreachable',
  'prohibit',
  'throw',
  'nat',
  'xresolve',
] as const;
export type RouteType = (typeof ROUTE_TYPES)[number];

export interface NextHop {
  readonly gateway?: IpAddress;
  readonly oif?: number;
  /** 1..256 (the wire carries weight - 1 in rtnh_hops). */
  readonly weight?: number;
  readonly onlink?: boolean;
  /** rtnh_flags other than RTNH_F_ONLINK, as the kernel reports them (RTNH_F_LINKDOWN, ...). */
  readonly flags?: number;
}

/** RTA_METRICS members Twill uses; all u32 on the wire. */
export interface RouteMetrics {
  readonly lock?: number;
  readonly mtu?: number;
  readonly window?: number;
  readonly advmss?: number;
  readonly hoplimit?: number;
  readonly initcwnd?: number;
}
const METRIC_TYPES: ReadonlyArray<readonly [keyof RouteMetrics, number]> = [
  ['lock', RTAX_LOCK],
  ['mtu', RTAX_MTU],
  ['window', RTAX_WINDOW],
  ['advmss', RTAX_ADVMSS],
  ['hoplimit', RTAX_HOPLIMIT],
  ['initcwnd', RTAX_INITCWND],
];

export interface RouteMessage {
  readonly dst: Prefix;
  readonly table: number;
  readonly protocol: number;
  readonly scope: number;
  readonly type: RouteType;
  readonly tos?: number;
  /** rtm_flags other than RTNH_F_ONLINK (RTM_F_* and the kernel's own next-hop flags). */
  readonly flags?: number;
  /** RTA_PRIORITY: the route's metric. Part of the kernel's key for a route. */
  readonly priority?: number;
  readonly gateway?: IpAddress;
  readonly oif?: number;
  readonly onlink?: boolean;
  readonly prefsrc?: IpAddress;
  readonly multipath?: readonly NextHop[];
  readonly metrics?: RouteMetrics;
}

const RTMSG_BYTES = 12;

export function encodeRoute(route: RouteMessage): Buffer {
  const w = new NlWriter(64);
  const family = route.dst.family === 4 ? AF_INET : AF_INET6;
  const typeCode = ROUTE_TYPES.indexOf(route.type);
  if (typeCode < 0) throw new NetlinkError('INVALID_ARGUMENT', `unknown route type ${String(route.type)}`);
  w.u8(family)
    .u8(route.dst.length)
    .u8(0)
    .u8(route.tos ?? 0);
  w.u8(route.table < 256 ? route.table : RT_TABLE_UNSPEC)
    .u8(route.protocol)
    .u8(route.scope)
    .u8(typeCode);
  w.u32(((route.flags ?? 0) | (route.onlink === true ? RTNH_F_ONLINK : 0)) >>> 0);
  w.attrU32(RTA_TABLE, route.table);
  if (route.dst.length > 0) w.attr(RTA_DST, route.dst.network.toBytes());
  if (route.priority !== undefined) w.attrU32(RTA_PRIORITY, route.priority);
  if (route.prefsrc !== undefined) w.attr(RTA_PREFSRC, route.prefsrc.toBytes());
  if (route.gateway !== undefined) w.attr(RTA_GATEWAY, route.gateway.toBytes());
  if (route.oif !== undefined) w.attrU32(RTA_OIF, route.oif);
  if (route.multipath !== undefined && route.multipath.length > 0) {
    const nest = w.beginNest(RTA_MULTIPATH, false);
    for (const hop of route.multipath) encodeNextHop(w, hop);
    w.endNest(nest);
  }
  if (route.metrics !== undefined) {
    const nest = w.beginNest(RTA_METRICS);
    for (const [name, type] of METRIC_TYPES) {
      const value = route.metrics[name];
      if (value !== undefined) w.attrU32(type, value);
    }
    w.endNest(nest);
  }
  return w.toBuffer();
}

function encodeNextHop(w: NlWriter, hop: NextHop): void {
  const weight = hop.weight ?? 1;
  if (!Number.isInteger(weight) || weight < 1 || weight > 256) {
    throw new NetlinkError('INVALID_ARGUMENT', `next-hop weight ${weight} is not in 1..256`, {
      details: { weight },
    });
  }
  const start = w.length;
  // struct rtnexthop: u16 rtnh_len, u8 rtnh_flags, u8 rtnh_hops, int rtnh_ifindex; then attributes.
  w.u16(0)
    .u8(((hop.flags ?? 0) | (hop.onlink === true ? RTNH_F_ONLINK : 0)) & 0xff)
    .u8(weight - 1);
  w.i32(hop.oif ?? 0);
  if (hop.gateway !== undefined) w.attr(RTA_GATEWAY, hop.gateway.toBytes());
  w.patchU16(start, w.length - start);
}

/** A dump request for one family (and, with NETLINK_GET_STRICT_CHK, only one table). */
export function encodeRouteDumpRequest(family: 4 | 6 | 'all', table?: number): Buffer {
  const w = new NlWriter(32);
  w.u8(family === 'all' ? AF_UNSPEC : family === 4 ? AF_INET : AF_INET6);
  w.u8(0)
    .u8(0)
    .u8(0)
    .u8(table !== undefined && table < 256 ? table : 0)
    .u8(0)
    .u8(0)
    .u8(0)
    .u32(0);
  if (table !== undefined) w.attrU32(RTA_TABLE, table);
  return w.toBuffer();
}

/** The rtm_family of a route message, to skip families the decoder does not handle (IPMR, ...). */
export function routeFamily(payload: Buffer): number {
  return payload.length > 0 ? (payload[0] as number) : AF_UNSPEC;
}

export function decodeRoute(payload: Buffer): RouteMessage {
  if (payload.length < RTMSG_BYTES) {
    throw new NetlinkError('MALFORMED', `rtmsg needs ${RTMSG_BYTES} bytes, got ${payload.length}`);
  }
  const family = payload.readUInt8(0);
  if (family !== AF_INET && family !== AF_INET6) {
    throw new NetlinkError('MALFORMED', `route family ${family} is neither AF_INET nor AF_INET6`, {
      details: { family },
    });
  }
  const dstLength = payload.readUInt8(1);
  const tos = payload.readUInt8(3);
  const rtmTable = payload.readUInt8(4);
  const typeCode = payload.readUInt8(7);
  const rawFlags = payload.readUInt32LE(8);
  const attrs = Attributes.parse(payload, RTMSG_BYTES);
  const dstBytes = attrs.get(RTA_DST) ?? Buffer.alloc(family === AF_INET ? 4 : 16);
  const flags = (rawFlags & ~RTNH_F_ONLINK) >>> 0;
  const multipath = attrs.has(RTA_MULTIPATH)
    ? decodeMultipath(attrs.get(RTA_MULTIPATH) as Buffer)
    : undefined;
  const metricsAttrs = attrs.nested(RTA_METRICS);
  // Built field by field rather than with conditional spreads: this runs once per route in a dump
  // or event, and the spreads' temporary objects were most of its cost.
  const route: { -readonly [K in keyof RouteMessage]: RouteMessage[K] } = {
    dst: Prefix.containing(addressFromBytes(dstBytes, RTA_DST), dstLength),
    table: attrs.u32(RTA_TABLE) ?? rtmTable,
    protocol: payload.readUInt8(5),
    scope: payload.readUInt8(6),
    type: ROUTE_TYPES[typeCode] ?? 'unspec',
  };
  if (tos !== 0) route.tos = tos;
  if (flags !== 0) route.flags = flags;
  const priority = attrs.u32(RTA_PRIORITY);
  if (priority !== undefined) route.priority = priority;
  const gateway = attrs.address(RTA_GATEWAY);
  if (gateway !== undefined) route.gateway = gateway;
  const oif = attrs.u32(RTA_OIF);
  if (oif !== undefined) route.oif = oif;
  if ((rawFlags & RTNH_F_ONLINK) !== 0) route.onlink = true;
  const prefsrc = attrs.address(RTA_PREFSRC);
  if (prefsrc !== undefined) route.prefsrc = prefsrc;
  if (multipath !== undefined) route.multipath = multipath;
  if (metricsAttrs !== undefined) route.metrics = decodeMetrics(metricsAttrs);
  return route;
}

function decodeMultipath(data: Buffer): NextHop[] {
  const hops: NextHop[] = [];
  let at = 0;
  while (at + 8 <= data.length) {
    const length = data.readUInt16LE(at);
    if (length < 8 || at + length > data.length) {
      throw new NetlinkError('MALFORMED', `rtnexthop at offset ${at} has bad length ${length}`);
    }
    const rawFlags = data.readUInt8(at + 2);
    const flags = rawFlags & ~RTNH_F_ONLINK;
    const oif = data.readInt32LE(at + 4);
    const attrs = Attributes.parse(data, at + 8, at + length);
    hops.push({
      ...optional('gateway', attrs.address(RTA_GATEWAY)),
      ...(oif !== 0 ? { oif } : {}),
      weight: data.readUInt8(at + 3) + 1,
      ...((rawFlags & RTNH_F_ONLINK) !== 0 ? { onlink: true } : {}),
      ...(flags !== 0 ? { flags } : {}),
    });
    at += nlmsgAlign(length);
  }
  return hops;
}

function decodeMetrics(attrs: Attributes): RouteMetrics {
  const metrics: Record<string, number> = {};
  for (const [name, type] of METRIC_TYPES) {
    const value = attrs.u32(type);
    if (value !== undefined) metrics[name] = value;
  }
  return metrics as RouteMetrics;
}

/** `{ key: value }` when value is defined, else `{}`: keeps decoded objects free of undefined fields. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
