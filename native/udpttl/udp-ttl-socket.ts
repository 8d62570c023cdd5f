// Typed face of the udpttl addon (udpttl.cc): a receive-only UDP socket that reports each datagram's
// TTL / Hop Limit, for BFD's single-hop check (RFC 5881 §5). Sending stays with Node's dgram.
import { loadAddon } from '../load-addon.js';
import { NativeSocketError } from '../netlink/netlink-socket.js';

/** ttl is -1 when the kernel gave no TTL ancillary data (not expected on Linux). */
export type OnUdpDatagram = (data: Buffer, address: string, port: number, ttl: number) => void;

export interface UdpTtlSocket {
  /** Idempotent; no callback runs after it. */
  close(): void;
}

interface Addon {
  UdpTtlSocket: new (family: 4 | 6, port: number, onDatagram: OnUdpDatagram) => UdpTtlSocket;
}

let addon: Addon | undefined;

/** Binds the wildcard address of `family` on `port`. Throws NativeSocketError (EADDRINUSE, EACCES...). */
export function openUdpTtlSocket(family: 4 | 6, port: number, onDatagram: OnUdpDatagram): UdpTtlSocket {
  addon ??= loadAddon<Addon>('udpttl', 'twill_udpttl');
  try {
    return new addon.UdpTtlSocket(family, port, onDatagram);
  } catch (err) {
    if (err instanceof Error && typeof (err as { errno?: unknown }).errno === 'number') {
      const e = err as Error & { errno: number; syscall?: string };
      throw new NativeSocketError(e.message, e.errno, e.syscall ?? 'unknown');
    }
    throw err;
  }
}
