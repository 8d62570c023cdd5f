// The WireGuard cross-platform UAPI text protocol (wireguard.com/xplatform), what `wg` speaks to
// wireguard-go over /var/run/wireguard/<if>.sock. Pure: WgDevice (the same shape the genetlink codec
// uses, so both backends take one type) to request text, and reply text to WgDevice.
//
//   set=1\n  private_key=<hex>\n  listen_port=N\n  replace_peers=true\n
//            public_key=<hex>\n  endpoint=IP:PORT\n  replace_allowed_ips=true\n  allowed_ip=CIDR\n ... \n
//   → errno=0\n\n
//   get=1\n\n → key=value lines of the device, then each peer from its public_key line, errno=0\n\n
//
// Keys are lowercase hex in this protocol (not base64); a peer's lines follow its public_key line.
import { parseIpAddress, parsePrefix } from '../../../common/index.js';
import {
  WGDEVICE_F_REPLACE_PEERS,
  WGPEER_F_REMOVE_ME,
  WGPEER_F_REPLACE_ALLOWEDIPS,
  WGPEER_F_UPDATE_ONLY,
  type WgDevice,
  type WgEndpoint,
  type WgPeer,
} from '../../netlink/index.js';
import { EncapError } from '../errors.js';

export function encodeUapiSet(device: WgDevice): string {
  const lines = ['set=1'];
  if (device.privateKey !== undefined) lines.push(`private_key=${device.privateKey.toString('hex')}`);
  if (device.listenPort !== undefined) lines.push(`listen_port=${device.listenPort}`);
  if (device.fwmark !== undefined) lines.push(`fwmark=${device.fwmark}`);
  if (((device.flags ?? 0) & WGDEVICE_F_REPLACE_PEERS) !== 0) lines.push('replace_peers=true');
  for (const peer of device.peers ?? []) {
    const flags = peer.flags ?? 0;
    lines.push(`public_key=${peer.publicKey.toString('hex')}`);
    if ((flags & WGPEER_F_REMOVE_ME) !== 0) {
      lines.push('remove=true');
      continue;
    }
    if ((flags & WGPEER_F_UPDATE_ONLY) !== 0) lines.push('update_only=true');
    if (peer.presharedKey !== undefined) lines.push(`preshared_key=${peer.presharedKey.toString('hex')}`);
    if (peer.endpoint !== undefined) lines.push(`endpoint=${formatEndpoint(peer.endpoint)}`);
    if (peer.persistentKeepaliveSec !== undefined) {
      lines.push(`persistent_keepalive_interval=${peer.persistentKeepaliveSec}`);
    }
    if ((flags & WGPEER_F_REPLACE_ALLOWEDIPS) !== 0) lines.push('replace_allowed_ips=true');
    for (const prefix of peer.allowedIps ?? []) lines.push(`allowed_ip=${prefix.toString()}`);
  }
  return lines.join('\n') + '\n\n';
}

export const UAPI_GET = 'get=1\n\n';

/** The errno of a reply (0: success). Throws UAPI_ERROR if the reply has none. */
export function uapiErrno(reply: string): number {
  const match = /(?:^|\n)errno=(-?\d+)\n/.exec(reply);
  if (match === null)
    throw new EncapError('UAPI_ERROR', `UAPI reply without errno: ${JSON.stringify(reply.slice(0, 80))}`);
  return Number(match[1]);
}

export function decodeUapiGet(reply: string): WgDevice {
  let device: {
    privateKey?: Buffer;
    listenPort?: number;
    fwmark?: number;
  } = {};
  const peers: WgPeer[] = [];
  let peer: MutablePeer | undefined;
  const finishPeer = () => {
    if (peer !== undefined) peers.push(peer as WgPeer);
    peer = undefined;
  };
  for (const line of reply.split('\n')) {
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw new EncapError('UAPI_ERROR', `UAPI line without '=': ${JSON.stringify(line)}`);
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key === 'public_key') {
      finishPeer();
      peer = { publicKey: hexKey(value, key) };
      continue;
    }
    if (peer === undefined) {
      if (key === 'private_key') device = { ...device, privateKey: hexKey(value, key) };
      else if (key === 'listen_port') device = { ...device, listenPort: Number(value) };
      else if (key === 'fwmark') device = { ...device, fwmark: Number(value) };
      // errno and keys this version does not know are skipped, as `wg` does.
      continue;
    }
    applyPeerLine(peer, key, value);
  }
  finishPeer();
  return { ...device, peers };
}

interface MutablePeer {
  publicKey: Buffer;
  presharedKey?: Buffer;
  endpoint?: WgEndpoint;
  persistentKeepaliveSec?: number;
  lastHandshake?: { sec: bigint; nsec: bigint };
  rxBytes?: bigint;
  txBytes?: bigint;
  allowedIps?: ReturnType<typeof parsePrefix>[];
  protocolVersion?: number;
}

function applyPeerLine(peer: MutablePeer, key: string, value: string): void {
  switch (key) {
    case 'preshared_key': {
      const psk = hexKey(value, key);
      // An all-zero preshared key means none.
      if (psk.some((b) => b !== 0)) peer.presharedKey = psk;
      return;
    }
    case 'endpoint':
      peer.endpoint = parseEndpoint(value);
      return;
    case 'persistent_keepalive_interval':
      peer.persistentKeepaliveSec = Number(value);
      return;
    case 'last_handshake_time_sec':
      peer.lastHandshake = { sec: BigInt(value), nsec: peer.lastHandshake?.nsec ?? 0n };
      return;
    case 'last_handshake_time_nsec':
      peer.lastHandshake = { sec: peer.lastHandshake?.sec ?? 0n, nsec: BigInt(value) };
      return;
    case 'rx_bytes':
      peer.rxBytes = BigInt(value);
      return;
    case 'tx_bytes':
      peer.txBytes = BigInt(value);
      return;
    case 'allowed_ip':
      (peer.allowedIps ??= []).push(parsePrefix(value));
      return;
    case 'protocol_version':
      peer.protocolVersion = Number(value);
      return;
    default:
      return;
  }
}

export function formatEndpoint(e: WgEndpoint): string {
  return e.address.family === 4 ? `${e.address.toString()}:${e.port}` : `[${e.address.toString()}]:${e.port}`;
}

export function parseEndpoint(text: string): WgEndpoint {
  const colon = text.lastIndexOf(':');
  const host = text.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(text.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new EncapError('UAPI_ERROR', `UAPI endpoint ${JSON.stringify(text)} is not IP:PORT`);
  }
  return { address: parseIpAddress(host), port };
}

function hexKey(value: string, key: string): Buffer {
  if (!/^[0-9a-f]{64}$/i.test(value)) throw new EncapError('UAPI_ERROR', `UAPI ${key} is not 64 hex digits`);
  return Buffer.from(value, 'hex');
}
