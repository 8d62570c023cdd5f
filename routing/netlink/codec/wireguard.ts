// The WireGuard genetlink family ("wireguard", version 1; <linux/wireguard.h>): WG_CMD_GET_DEVICE
// answers with, and WG_CMD_SET_DEVICE takes, a device with nested arrays of peers and allowed IPs.
// The family id is dynamic: resolve "wireguard" with CTRL_CMD_GETFAMILY first.
import { IPv4Address, IPv6Address, Prefix, type IpAddress } from '../../../common/index.js';
import { NetlinkError } from '../errors.js';
import { Attributes, addressFromBytes } from './attributes.js';
import { decodeGenl, encodeGenl } from './genl.js';
import { AF_INET, AF_INET6 } from './nl-constants.js';
import { NlWriter } from './nl-writer.js';
import { optional } from './route.js';

export const WG_GENL_NAME = 'wireguard';
export const WG_GENL_VERSION = 1;
export const WG_KEY_LEN = 32;
export const WG_CMD_GET_DEVICE = 0;
export const WG_CMD_SET_DEVICE = 1;
export const WGDEVICE_F_REPLACE_PEERS = 1;
export const WGPEER_F_REMOVE_ME = 1;
export const WGPEER_F_REPLACE_ALLOWEDIPS = 2;
export const WGPEER_F_UPDATE_ONLY = 4;

const WGDEVICE_A_IFINDEX = 1;
const WGDEVICE_A_IFNAME = 2;
const WGDEVICE_A_PRIVATE_KEY = 3;
const WGDEVICE_A_PUBLIC_KEY = 4;
const WGDEVICE_A_FLAGS = 5;
const WGDEVICE_A_LISTEN_PORT = 6;
const WGDEVICE_A_FWMARK = 7;
const WGDEVICE_A_PEERS = 8;
const WGPEER_A_PUBLIC_KEY = 1;
const WGPEER_A_PRESHARED_KEY = 2;
const WGPEER_A_FLAGS = 3;
const WGPEER_A_ENDPOINT = 4;
const WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL = 5;
const WGPEER_A_LAST_HANDSHAKE_TIME = 6;
const WGPEER_A_RX_BYTES = 7;
const WGPEER_A_TX_BYTES = 8;
const WGPEER_A_ALLOWEDIPS = 9;
const WGPEER_A_PROTOCOL_VERSION = 10;
const WGALLOWEDIP_A_FAMILY = 1;
const WGALLOWEDIP_A_IPADDR = 2;
const WGALLOWEDIP_A_CIDR_MASK = 3;

export interface WgEndpoint {
  readonly address: IpAddress;
  readonly port: number;
}

export interface WgPeer {
  readonly publicKey: Buffer;
  readonly presharedKey?: Buffer;
  /** WGPEER_F_* */
  readonly flags?: number;
  readonly endpoint?: WgEndpoint;
  readonly persistentKeepaliveSec?: number;
  /** struct __kernel_timespec; only in GET replies. */
  readonly lastHandshake?: { readonly sec: bigint; readonly nsec: bigint };
  readonly rxBytes?: bigint;
  readonly txBytes?: bigint;
  readonly allowedIps?: readonly Prefix[];
  readonly protocolVersion?: number;
}

export interface WgDevice {
  readonly ifindex?: number;
  readonly ifname?: string;
  readonly privateKey?: Buffer;
  readonly publicKey?: Buffer;
  /** WGDEVICE_F_* */
  readonly flags?: number;
  readonly listenPort?: number;
  readonly fwmark?: number;
  readonly peers?: readonly WgPeer[];
}

export function encodeWgDevice(cmd: number, device: WgDevice): Buffer {
  const w = new NlWriter(256);
  if (device.ifindex !== undefined) w.attrU32(WGDEVICE_A_IFINDEX, device.ifindex);
  if (device.ifname !== undefined) w.attrString(WGDEVICE_A_IFNAME, device.ifname);
  if (device.privateKey !== undefined) w.attr(WGDEVICE_A_PRIVATE_KEY, key(device.privateKey, 'private key'));
  if (device.publicKey !== undefined) w.attr(WGDEVICE_A_PUBLIC_KEY, key(device.publicKey, 'public key'));
  if (device.flags !== undefined) w.attrU32(WGDEVICE_A_FLAGS, device.flags);
  if (device.listenPort !== undefined) w.attrU16(WGDEVICE_A_LISTEN_PORT, device.listenPort);
  if (device.fwmark !== undefined) w.attrU32(WGDEVICE_A_FWMARK, device.fwmark);
  if (device.peers !== undefined) {
    const peers = w.beginNest(WGDEVICE_A_PEERS);
    device.peers.forEach((peer, i) => {
      const nest = w.beginNest(i);
      writePeer(w, peer);
      w.endNest(nest);
    });
    w.endNest(peers);
  }
  return encodeGenl(cmd, WG_GENL_VERSION, w.toBuffer());
}

function writePeer(w: NlWriter, peer: WgPeer): void {
  w.attr(WGPEER_A_PUBLIC_KEY, key(peer.publicKey, 'peer public key'));
  if (peer.presharedKey !== undefined)
    w.attr(WGPEER_A_PRESHARED_KEY, key(peer.presharedKey, 'preshared key'));
  if (peer.flags !== undefined) w.attrU32(WGPEER_A_FLAGS, peer.flags);
  if (peer.endpoint !== undefined) w.attr(WGPEER_A_ENDPOINT, encodeSockaddr(peer.endpoint));
  if (peer.persistentKeepaliveSec !== undefined) {
    w.attrU16(WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, peer.persistentKeepaliveSec);
  }
  if (peer.lastHandshake !== undefined) {
    w.attr(
      WGPEER_A_LAST_HANDSHAKE_TIME,
      new NlWriter(16).i64(peer.lastHandshake.sec).i64(peer.lastHandshake.nsec).toBuffer(),
    );
  }
  if (peer.rxBytes !== undefined) w.attrU64(WGPEER_A_RX_BYTES, peer.rxBytes);
  if (peer.txBytes !== undefined) w.attrU64(WGPEER_A_TX_BYTES, peer.txBytes);
  if (peer.allowedIps !== undefined) {
    const list = w.beginNest(WGPEER_A_ALLOWEDIPS);
    peer.allowedIps.forEach((prefix, i) => {
      const nest = w.beginNest(i);
      w.attrU16(WGALLOWEDIP_A_FAMILY, prefix.family === 4 ? AF_INET : AF_INET6);
      w.attr(WGALLOWEDIP_A_IPADDR, prefix.network.toBytes());
      w.attrU8(WGALLOWEDIP_A_CIDR_MASK, prefix.length);
      w.endNest(nest);
    });
    w.endNest(list);
  }
  if (peer.protocolVersion !== undefined) w.attrU32(WGPEER_A_PROTOCOL_VERSION, peer.protocolVersion);
}

export function decodeWgDevice(payload: Buffer): { cmd: number; device: WgDevice } {
  const { cmd, body } = decodeGenl(payload);
  const a = Attributes.parse(body);
  const peersNest = a.get(WGDEVICE_A_PEERS);
  const peers = peersNest === undefined ? undefined : nestedArray(peersNest).map(decodePeer);
  const device: WgDevice = {
    ...optional('ifindex', a.u32(WGDEVICE_A_IFINDEX)),
    ...optional('ifname', a.string(WGDEVICE_A_IFNAME)),
    ...optional('privateKey', copy(a.get(WGDEVICE_A_PRIVATE_KEY))),
    ...optional('publicKey', copy(a.get(WGDEVICE_A_PUBLIC_KEY))),
    ...optional('flags', a.u32(WGDEVICE_A_FLAGS)),
    ...optional('listenPort', a.u16(WGDEVICE_A_LISTEN_PORT)),
    ...optional('fwmark', a.u32(WGDEVICE_A_FWMARK)),
    ...optional('peers', peers),
  };
  return { cmd, device };
}

function decodePeer(a: Attributes): WgPeer {
  const publicKey = copy(a.get(WGPEER_A_PUBLIC_KEY));
  if (publicKey === undefined)
    throw new NetlinkError('MALFORMED', 'WireGuard peer without WGPEER_A_PUBLIC_KEY');
  const endpoint = a.get(WGPEER_A_ENDPOINT);
  const handshake = a.get(WGPEER_A_LAST_HANDSHAKE_TIME);
  const allowed = a.get(WGPEER_A_ALLOWEDIPS);
  return {
    publicKey,
    ...optional('presharedKey', copy(a.get(WGPEER_A_PRESHARED_KEY))),
    ...optional('flags', a.u32(WGPEER_A_FLAGS)),
    ...optional('endpoint', endpoint === undefined ? undefined : decodeSockaddr(endpoint)),
    ...optional('persistentKeepaliveSec', a.u16(WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL)),
    ...(handshake !== undefined && handshake.length >= 16
      ? { lastHandshake: { sec: handshake.readBigInt64LE(0), nsec: handshake.readBigInt64LE(8) } }
      : {}),
    ...optional('rxBytes', a.u64(WGPEER_A_RX_BYTES)),
    ...optional('txBytes', a.u64(WGPEER_A_TX_BYTES)),
    ...optional('allowedIps', allowed === undefined ? undefined : nestedArray(allowed).map(decodeAllowedIp)),
    ...optional('protocolVersion', a.u32(WGPEER_A_PROTOCOL_VERSION)),
  };
}

function decodeAllowedIp(a: Attributes): Prefix {
  const bytes = a.get(WGALLOWEDIP_A_IPADDR);
  const mask = a.u8(WGALLOWEDIP_A_CIDR_MASK);
  if (bytes === undefined || mask === undefined) {
    throw new NetlinkError('MALFORMED', 'WireGuard allowed IP without address or CIDR mask');
  }
  return Prefix.containing(addressFromBytes(bytes), mask);
}

/** Elements of a nested array, in wire order (their attribute types are indexes, not meanings). */
function nestedArray(data: Buffer): Attributes[] {
  const list = Attributes.parse(data);
  return list.types().flatMap((t) => list.all(t).map((b) => Attributes.parse(b)));
}

/** struct sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes): family in host order, port in network order. */
function encodeSockaddr(e: WgEndpoint): Buffer {
  const w = new NlWriter(28);
  if (e.address.family === 4) {
    w.u16(AF_INET).u16be(e.port).bytes(e.address.toBytes()).zeros(8);
  } else {
    w.u16(AF_INET6).u16be(e.port).u32(0).bytes(e.address.toBytes()).u32(0);
  }
  return w.toBuffer();
}

function decodeSockaddr(b: Buffer): WgEndpoint {
  const family = b.length >= 2 ? b.readUInt16LE(0) : -1;
  if (family === AF_INET && b.length >= 8) {
    return { address: IPv4Address.fromBytes(b.subarray(4, 8)), port: b.readUInt16BE(2) };
  }
  if (family === AF_INET6 && b.length >= 24) {
    return { address: IPv6Address.fromBytes(b.subarray(8, 24)), port: b.readUInt16BE(2) };
  }
  throw new NetlinkError('MALFORMED', `WireGuard endpoint: sockaddr of family ${family}, ${b.length} bytes`);
}

function key(b: Buffer, what: string): Buffer {
  if (b.length !== WG_KEY_LEN) {
    throw new NetlinkError(
      'INVALID_ARGUMENT',
      `WireGuard ${what} must be ${WG_KEY_LEN} bytes, got ${b.length}`,
    );
  }
  return b;
}

function copy(b: Buffer | undefined): Buffer | undefined {
  return b === undefined ? undefined : Buffer.from(b);
}
