// Typed face of the netlink addon (netlink.cc). Bytes only: the protocol lives in routing/netlink.
import { constants as osConstants } from 'node:os';
import { loadAddon } from '../load-addon.js';

export const NETLINK_ROUTE = 0;
export const NETLINK_GENERIC = 16;

export interface RawNetlinkSocketOptions {
  /** NETLINK_ROUTE, NETLINK_GENERIC, ... */
  readonly protocol: number;
  /** Create the socket inside this network namespace (e.g. /run/netns/NAME). */
  readonly netnsPath?: string;
  /** SO_RCVBUFFORCE when permitted (root), else SO_RCVBUF; the kernel doubles the value. */
  readonly rcvbufBytes?: number;
  readonly sndbufBytes?: number;
  /** NETLINK_EXT_ACK: errors carry the kernel's text and the offending attribute's offset. */
  readonly extAck?: boolean;
  /** NETLINK_CAP_ACK: errors echo only the request's header, not its whole payload. */
  readonly capAck?: boolean;
  /** NETLINK_GET_STRICT_CHK: dump requests' headers and attributes are validated and used as filters. */
  readonly strictCheck?: boolean;
}

/**
 * Called with a buffer of one or more whole datagrams, concatenated (netlink messages are
 * self-delimiting), or with `null` and an errno (ENOBUFS: the kernel dropped messages for this socket).
 */
export type OnNetlinkData = (data: Buffer | null, errno: number) => void;

export interface RawNetlinkSocket {
  /** The port id the kernel bound this socket to (nlmsg_pid of its requests). */
  readonly portId: number;
  readonly rcvbufBytes: number;
  readonly sndbufBytes: number;
  /** One sendmsg of the whole buffer to the kernel; returns the bytes sent. Throws NativeSocketError. */
  send(buffer: Buffer): number;
  /** Joins a multicast group by number (RTNLGRP_*, or a genetlink group id). */
  addMembership(group: number): void;
  dropMembership(group: number): void;
  /** false: this socket alone does not keep the event loop alive. */
  setRef(ref: boolean): void;
  /** Idempotent; no callback runs after it. */
  close(): void;
}

/** A failed system call, with the errno both as number and as name (ENOBUFS, EPERM, ...). */
export class NativeSocketError extends Error {
  readonly errno: number;
  readonly code: string;
  readonly syscall: string;

  constructor(message: string, errno: number, syscall: string) {
    super(message);
    this.name = 'NativeSocketError';
    this.errno = errno;
    this.code = errnoName(errno);
    this.syscall = syscall;
  }
}

const ERRNO_NAMES = new Map<number, string>();
for (const [name, value] of Object.entries(osConstants.errno)) {
  if (!ERRNO_NAMES.has(value)) ERRNO_NAMES.set(value, name);
}

/** ENOENT for 2, ...; `E<number>` for an errno Node does not name. */
export function errnoName(errno: number): string {
  return ERRNO_NAMES.get(errno) ?? `E${errno}`;
}

interface Addon {
  NetlinkSocket: new (options: RawNetlinkSocketOptions, onData: OnNetlinkData) => RawNetlinkSocket;
}

let addon: Addon | undefined;

export function openRawNetlinkSocket(
  options: RawNetlinkSocketOptions,
  onData: OnNetlinkData,
): RawNetlinkSocket {
  addon ??= loadAddon<Addon>('netlink', 'twill_netlink');
  let socket: RawNetlinkSocket;
  try {
    socket = new addon.NetlinkSocket(options, onData);
  } catch (err) {
    throw toNativeError(err);
  }
  return {
    portId: socket.portId,
    rcvbufBytes: socket.rcvbufBytes,
    sndbufBytes: socket.sndbufBytes,
    send: (buffer) => guard(() => socket.send(buffer)),
    addMembership: (group) => guard(() => socket.addMembership(group)),
    dropMembership: (group) => guard(() => socket.dropMembership(group)),
    setRef: (ref) => socket.setRef(ref),
    close: () => socket.close(),
  };
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toNativeError(err);
  }
}

function toNativeError(err: unknown): unknown {
  if (err instanceof Error && typeof (err as { errno?: unknown }).errno === 'number') {
    const { errno, syscall } = err as Error & { errno: number; syscall?: unknown };
    return new NativeSocketError(err.message, errno, typeof syscall === 'string' ? syscall : 'unknown');
  }
  return err;
}
