/**
 * Sockets with the kernel options of transportSecurity(): outgoing connections get the MD5 key and TTLs
 * before connect() (the SYN itself must be signed, RFC 2385 §2), so the addon creates the socket and
 * Node's net.Socket adopts and connects it; accepted connections get their peer's TTLs at once (the
 * listener already holds the MD5 keys, listener-security.ts).
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';

import { closeFd, openTcpSocket, setMinTtl, setTcpMd5Key, setTtl } from '../../native/index.js';
import { parseMd5Counters, type Md5Counters } from './no-answer.js';
import { needsSocketOptions, type TransportSecurity } from './ttl-security.js';

export interface ConnectTarget {
  /** Peer address without scope. */
  readonly address: string;
  /** Interface of a link-local IPv6 peer. */
  readonly interface?: string;
  readonly port: number;
  readonly localAddress?: string;
}

/** The fd under a Node socket or server (libuv's; -1 while it has none). */
export function fdOf(handleOwner: net.Socket | net.Server): number {
  const fd = (handleOwner as unknown as { _handle?: { fd?: number } | null })._handle?.fd;
  return typeof fd === 'number' ? fd : -1;
}

export function connectSecured(target: ConnectTarget, security: TransportSecurity): net.Socket {
  const host = target.interface === undefined ? target.address : `${target.address}%${target.interface}`;
  const options = {
    host,
    port: target.port,
    ...(target.localAddress === undefined ? {} : { localAddress: target.localAddress }),
  };
  if (!needsSocketOptions(security)) return net.connect(options);
  const fd = openTcpSocket(net.isIPv6(target.address) ? 6 : 4);
  let socket: net.Socket;
  try {
    applyTtls(fd, security);
    if (security.md5Key !== undefined) setTcpMd5Key(fd, target.address, security.md5Key);
    // manualStart: no read before the connection exists (Node would read an unconnected fd as EOF).
    socket = new net.Socket({ fd, manualStart: true } as net.SocketConstructorOpts);
  } catch (err) {
    closeFd(fd);
    throw err;
  }
  return socket.connect(options);
}

/** TTLs of an accepted connection (its MD5 key came from the listener). */
export function secureAccepted(socket: net.Socket, security: TransportSecurity): void {
  const fd = fdOf(socket);
  if (fd >= 0) applyTtls(fd, security);
}

function applyTtls(fd: number, security: TransportSecurity): void {
  if (security.ttl !== undefined) setTtl(fd, security.ttl);
  if (security.minTtl !== undefined) setMinTtl(fd, security.minTtl);
}

/** The namespace's TCP MD5 drop counters, when the kernel exposes them. */
export function readMd5Counters(): Md5Counters | undefined {
  try {
    return parseMd5Counters(readFileSync('/proc/net/netstat', 'utf8'));
  } catch {
    return undefined;
  }
}
