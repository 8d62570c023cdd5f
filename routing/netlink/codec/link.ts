// RTM_NEWLINK / RTM_DELLINK / RTM_GETLINK bodies: struct ifinfomsg (16 bytes), then IFLA_* attributes.
// IFLA_LINKINFO carries the kind and its IFLA_INFO_DATA (veth peer, vxlan, ipip); wireguard, dummy and
// bridge need only the kind. Kinds this kernel lacks (ipip, wireguard, dummy) still encode, so callers can
// send them and report the kernel's EOPNOTSUPP.
import { assertNever, IPv4Address, IPv6Address, type IpAddress } from '../../../common/index.js';
import { NetlinkError } from '../errors.js';
import { Attributes, macFromString, macToString } from './attributes.js';
import { AF_UNSPEC } from './nl-constants.js';
import { NlWriter } from './nl-writer.js';
import { optional } from './route.js';
import {
  IFF_UP,
  IFLA_ADDRESS,
  IFLA_IFNAME,
  IFLA_INFO_DATA,
  IFLA_INFO_KIND,
  IFLA_IPTUN_LINK,
  IFLA_IPTUN_LOCAL,
  IFLA_IPTUN_PMTUDISC,
  IFLA_IPTUN_REMOTE,
  IFLA_IPTUN_TTL,
  IFLA_LINK,
  IFLA_LINKINFO,
  IFLA_MASTER,
  IFLA_MTU,
  IFLA_NET_NS_FD,
  IFLA_NET_NS_PID,
  IFLA_OPERSTATE,
  IFLA_VXLAN_GROUP,
  IFLA_VXLAN_GROUP6,
  IFLA_VXLAN_ID,
  IFLA_VXLAN_LEARNING,
  IFLA_VXLAN_LINK,
  IFLA_VXLAN_LOCAL,
  IFLA_VXLAN_LOCAL6,
  IFLA_VXLAN_PORT,
  IFLA_VXLAN_TTL,
  VETH_INFO_PEER,
} from './rt-constants.js';

export interface VethPeer {
  readonly name: string;
  readonly netnsFd?: number;
  readonly address?: string;
  readonly mtu?: number;
}

export type LinkInfo =
  | { readonly kind: 'veth'; readonly peer?: VethPeer }
  | {
      readonly kind: 'vxlan';
      readonly vni: number;
      /** UDP destination port (network order on the wire). */
      readonly port?: number;
      readonly local?: IpAddress;
      readonly group?: IpAddress;
      /** IFLA_VXLAN_LINK: ifindex of the underlay device. */
      readonly dev?: number;
      readonly learning?: boolean;
      readonly ttl?: number;
    }
  | {
      readonly kind: 'ipip';
      readonly local?: IPv4Address;
      readonly remote?: IPv4Address;
      readonly dev?: number;
      readonly ttl?: number;
      readonly pmtudisc?: boolean;
    }
  | { readonly kind: 'bridge' }
  | { readonly kind: 'wireguard' }
  | { readonly kind: 'dummy' }
  /** Any other kind, kept by name only (macvlan, tun, ...). */
  | { readonly kind: 'other'; readonly name: string };

export interface LinkMessage {
  /** ifi_index; 0 in a create request lets the kernel choose. */
  readonly index: number;
  /** ifi_flags (IFF_UP, IFF_LOWER_UP, ...). */
  readonly flags?: number;
  /** ifi_change: which flag bits a request changes (IFF_UP to set up/down only). */
  readonly change?: number;
  readonly name?: string;
  readonly mtu?: number;
  readonly address?: string;
  readonly master?: number;
  readonly link?: number;
  readonly operstate?: number;
  /** Move the link into the namespace of this open file descriptor (IFLA_NET_NS_FD). */
  readonly netnsFd?: number;
  readonly netnsPid?: number;
  readonly info?: LinkInfo;
}

const IFINFOMSG_BYTES = 16;

/** A body that sets only the IFF_UP bit, up or down. */
export function linkUpDown(index: number, up: boolean): LinkMessage {
  return { index, flags: up ? IFF_UP : 0, change: IFF_UP };
}

export function encodeLink(link: LinkMessage): Buffer {
  const w = new NlWriter(128);
  writeLinkBody(w, link);
  return w.toBuffer();
}

function writeLinkBody(w: NlWriter, link: LinkMessage): void {
  w.u8(AF_UNSPEC)
    .u8(0)
    .u16(0)
    .i32(link.index)
    .u32(link.flags ?? 0)
    .u32(link.change ?? 0);
  if (link.name !== undefined) w.attrString(IFLA_IFNAME, link.name);
  if (link.mtu !== undefined) w.attrU32(IFLA_MTU, link.mtu);
  if (link.address !== undefined) w.attr(IFLA_ADDRESS, macFromString(link.address));
  if (link.master !== undefined) w.attrU32(IFLA_MASTER, link.master);
  if (link.link !== undefined) w.attrU32(IFLA_LINK, link.link);
  if (link.operstate !== undefined) w.attrU8(IFLA_OPERSTATE, link.operstate);
  if (link.netnsFd !== undefined) w.attrU32(IFLA_NET_NS_FD, link.netnsFd);
  if (link.netnsPid !== undefined) w.attrU32(IFLA_NET_NS_PID, link.netnsPid);
  if (link.info !== undefined) writeLinkInfo(w, link.info);
}

function writeLinkInfo(w: NlWriter, info: LinkInfo): void {
  const nest = w.beginNest(IFLA_LINKINFO);
  w.attrString(IFLA_INFO_KIND, info.kind === 'other' ? info.name : info.kind);
  switch (info.kind) {
    case 'veth':
      if (info.peer !== undefined) {
        const data = w.beginNest(IFLA_INFO_DATA);
        // VETH_INFO_PEER holds a whole ifinfomsg and its attributes, as for the link itself.
        const peer = w.beginNest(VETH_INFO_PEER);
        writeLinkBody(w, {
          index: 0,
          name: info.peer.name,
          ...optional('netnsFd', info.peer.netnsFd),
          ...optional('address', info.peer.address),
          ...optional('mtu', info.peer.mtu),
        });
        w.endNest(peer);
        w.endNest(data);
      }
      break;
    case 'vxlan': {
      const data = w.beginNest(IFLA_INFO_DATA);
      w.attrU32(IFLA_VXLAN_ID, info.vni);
      if (info.local !== undefined) {
        w.attr(info.local.family === 4 ? IFLA_VXLAN_LOCAL : IFLA_VXLAN_LOCAL6, info.local.toBytes());
      }
      if (info.group !== undefined) {
        w.attr(info.group.family === 4 ? IFLA_VXLAN_GROUP : IFLA_VXLAN_GROUP6, info.group.toBytes());
      }
      if (info.dev !== undefined) w.attrU32(IFLA_VXLAN_LINK, info.dev);
      if (info.ttl !== undefined) w.attrU8(IFLA_VXLAN_TTL, info.ttl);
      if (info.learning !== undefined) w.attrU8(IFLA_VXLAN_LEARNING, info.learning ? 1 : 0);
      if (info.port !== undefined) w.attrU16be(IFLA_VXLAN_PORT, info.port);
      w.endNest(data);
      break;
    }
    case 'ipip': {
      const data = w.beginNest(IFLA_INFO_DATA);
      if (info.dev !== undefined) w.attrU32(IFLA_IPTUN_LINK, info.dev);
      if (info.local !== undefined) w.attr(IFLA_IPTUN_LOCAL, info.local.toBytes());
      if (info.remote !== undefined) w.attr(IFLA_IPTUN_REMOTE, info.remote.toBytes());
      if (info.ttl !== undefined) w.attrU8(IFLA_IPTUN_TTL, info.ttl);
      if (info.pmtudisc !== undefined) w.attrU8(IFLA_IPTUN_PMTUDISC, info.pmtudisc ? 1 : 0);
      w.endNest(data);
      break;
    }
    case 'bridge':
    case 'wireguard':
    case 'dummy':
    case 'other':
      break;
    default:
      assertNever(info, 'link kind');
  }
  w.endNest(nest);
}

export function decodeLink(payload: Buffer): LinkMessage {
  if (payload.length < IFINFOMSG_BYTES) {
    throw new NetlinkError('MALFORMED', `ifinfomsg needs ${IFINFOMSG_BYTES} bytes, got ${payload.length}`);
  }
  const attrs = Attributes.parse(payload, IFINFOMSG_BYTES);
  const mac = attrs.get(IFLA_ADDRESS);
  const linkInfo = attrs.nested(IFLA_LINKINFO);
  const change = payload.readUInt32LE(12);
  return {
    index: payload.readInt32LE(4),
    flags: payload.readUInt32LE(8),
    ...(change !== 0 ? { change } : {}),
    ...optional('name', attrs.string(IFLA_IFNAME)),
    ...optional('mtu', attrs.u32(IFLA_MTU)),
    ...optional('address', mac === undefined ? undefined : macToString(mac)),
    ...optional('master', attrs.u32(IFLA_MASTER)),
    ...optional('link', attrs.u32(IFLA_LINK)),
    ...optional('operstate', attrs.u8(IFLA_OPERSTATE)),
    ...optional('netnsFd', attrs.u32(IFLA_NET_NS_FD)),
    ...optional('netnsPid', attrs.u32(IFLA_NET_NS_PID)),
    ...optional('info', linkInfo === undefined ? undefined : decodeLinkInfo(linkInfo)),
  };
}

function decodeLinkInfo(attrs: Attributes): LinkInfo {
  const kind = attrs.string(IFLA_INFO_KIND) ?? '';
  const data = attrs.nested(IFLA_INFO_DATA);
  switch (kind) {
    case 'veth': {
      const peerBytes = data?.get(VETH_INFO_PEER);
      if (peerBytes === undefined) return { kind };
      const peer = decodeLink(peerBytes);
      return {
        kind,
        peer: {
          name: peer.name ?? '',
          ...optional('netnsFd', peer.netnsFd),
          ...optional('address', peer.address),
          ...optional('mtu', peer.mtu),
        },
      };
    }
    case 'vxlan': {
      const learning = data?.u8(IFLA_VXLAN_LEARNING);
      return {
        kind,
        vni: data?.u32(IFLA_VXLAN_ID) ?? 0,
        ...optional('port', data?.u16be(IFLA_VXLAN_PORT)),
        ...optional('local', data?.address(IFLA_VXLAN_LOCAL) ?? data?.address(IFLA_VXLAN_LOCAL6)),
        ...optional('group', data?.address(IFLA_VXLAN_GROUP) ?? data?.address(IFLA_VXLAN_GROUP6)),
        ...optional('dev', data?.u32(IFLA_VXLAN_LINK)),
        ...(learning !== undefined ? { learning: learning !== 0 } : {}),
        ...optional('ttl', data?.u8(IFLA_VXLAN_TTL)),
      };
    }
    case 'ipip': {
      const pmtudisc = data?.u8(IFLA_IPTUN_PMTUDISC);
      return {
        kind,
        ...optional('local', v4(data?.address(IFLA_IPTUN_LOCAL))),
        ...optional('remote', v4(data?.address(IFLA_IPTUN_REMOTE))),
        ...optional('dev', data?.u32(IFLA_IPTUN_LINK)),
        ...optional('ttl', data?.u8(IFLA_IPTUN_TTL)),
        ...(pmtudisc !== undefined ? { pmtudisc: pmtudisc !== 0 } : {}),
      };
    }
    case 'bridge':
    case 'wireguard':
    case 'dummy':
      return { kind };
    default:
      return { kind: 'other', name: kind };
  }
}

function v4(address: IpAddress | undefined): IPv4Address | undefined {
  if (address === undefined || address instanceof IPv4Address) return address;
  throw new NetlinkError('MALFORMED', `ipip endpoint ${(address as IPv6Address).toString()} is not IPv4`);
}
