// Typed face of the tcpsock addon (tcpsock.cc): TCP MD5 (RFC 2385), TTL and minimum TTL (GTSM,
// RFC 5082) on the fd of a socket Node owns, and unconnected TCP sockets to set them on before connect().
import { loadAddon } from '../load-addon.js';
import { NativeSocketError } from '../netlink/netlink-socket.js';

export const TCP_MD5_MAX_KEY_OCTETS = 80;

interface Addon {
  socket(family: 4 | 6): number;
  close(fd: number): void;
  setMd5Key(fd: number, address: string, prefixLength: number, key: Buffer): void;
  setTtl(fd: number, ttl: number): void;
  setMinTtl(fd: number, minTtl: number): void;
  setSaveSyn(fd: number, on: boolean): void;
  savedSynTtl(fd: number): number;
  getIntOpt(fd: number, level: number, option: number): number;
}

let addon: Addon | undefined;

function native(): Addon {
  addon ??= loadAddon<Addon>('tcpsock', 'twill_tcpsock');
  return addon;
}

/** A non-blocking, unconnected TCP socket's fd, for `new net.Socket({ fd })` and then `connect()`. */
export function openTcpSocket(family: 4 | 6): number {
  return guard(() => native().socket(family));
}

export function closeFd(fd: number): void {
  native().close(fd);
}

/**
 * The MD5 key for segments to and from `address` (without a scope id), or for a whole prefix when
 * `prefixLength` is given (TCP_MD5SIG_EXT). An empty key removes the entry.
 */
export function setTcpMd5Key(fd: number, address: string, key: string, prefixLength?: number): void {
  const bytes = Buffer.from(key, 'utf8');
  if (bytes.length > TCP_MD5_MAX_KEY_OCTETS)
    throw new RangeError(`TCP MD5 key is ${bytes.length} octets; the kernel takes at most 80`);
  guard(() => native().setMd5Key(fd, address, prefixLength ?? -1, bytes));
}

/** TTL (IPv4) / hop limit (IPv6) of the packets this socket sends, 1..255. */
export function setTtl(fd: number, ttl: number): void {
  guard(() => native().setTtl(fd, ttl));
}

/** Packets received with a smaller TTL / hop limit are dropped by the kernel; 0 turns it off. */
export function setMinTtl(fd: number, minTtl: number): void {
  guard(() => native().setMinTtl(fd, minTtl));
}

/** A listener keeps each incoming SYN (TCP_SAVE_SYN) so savedSynTtl() can read its TTL after accept. */
export function setSaveSyn(fd: number, on: boolean): void {
  guard(() => native().setSaveSyn(fd, on));
}

/**
 * TTL (IPv4) / Hop Limit (IPv6) of the SYN that opened an accepted connection (TCP_SAVED_SYN), or
 * undefined when the kernel kept none. The kernel hands the SYN out once: a second call gives undefined.
 */
export function savedSynTtl(fd: number): number | undefined {
  const ttl = guard(() => native().savedSynTtl(fd));
  return ttl < 0 ? undefined : ttl;
}

/** getsockopt of an int option (tests read back what the kernel holds). */
export function getIntSockOpt(fd: number, level: number, option: number): number {
  return guard(() => native().getIntOpt(fd, level, option));
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Error && typeof (err as { errno?: unknown }).errno === 'number') {
      const { errno, syscall } = err as Error & { errno: number; syscall?: unknown };
      throw new NativeSocketError(err.message, errno, typeof syscall === 'string' ? syscall : 'unknown');
    }
    throw err;
  }
}
