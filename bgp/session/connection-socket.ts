/**
 * The socket side of one Connection: the TCP socket adopted for the FSM (ours or accepted) with its send
 * queue (send-queue.ts), read one chunk per turn of the event loop, and closed gracefully. Once closed by
 * us (or by the peer) it reports nothing more, so a socket the FSM gave up cannot feed events to the
 * attempt that replaced it (driver-contract.ts rule 3).
 */
import type net from 'node:net';

import { errorMessage } from '../../common/index.js';
import { SendQueue } from './send-queue.js';

/** How long a closing socket may take to flush a NOTIFICATION before it is destroyed. */
const CLOSE_GRACE_MS = 1000;

export interface SocketEvents {
  data(chunk: Buffer): void;
  /** The socket's error code (ECONNREFUSED…), for "TCP connection failed: …". */
  error(code: string): void;
  /** The peer or the kernel closed the socket (not our close()). */
  closed(): void;
  /** Queued UPDATEs that had to wait for the socket are all sent. */
  drained(): void;
  /** A queued source failed while being pulled (a route that cannot be encoded). */
  sourceError(err: unknown): void;
}

export class ConnectionSocket {
  private live = true;
  private readonly queue: SendQueue;

  constructor(
    readonly socket: net.Socket,
    events: SocketEvents,
  ) {
    this.queue = new SendQueue(socket, {
      onIdle: () => {
        if (this.live) events.drained();
      },
      onSourceError: (err) => events.sourceError(err),
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (!this.live) return;
      events.data(chunk);
      // libuv reads up to 32 chunks (2 MB, ~500k routes) in one poll phase before timers get a turn: a
      // peer sending a full table would starve our hold and keepalive timers (seen: Hold Timer Expired
      // at 1M routes). One chunk per turn of the event loop keeps them, and the other sessions, on time.
      socket.pause();
      setImmediate(() => {
        if (!socket.destroyed) socket.resume();
      });
    });
    socket.on('error', (err) => {
      // A socket already given up (closed) must not put its error on the current attempt.
      if (this.live) events.error((err as NodeJS.ErrnoException).code ?? errorMessage(err));
    });
    socket.on('close', () => {
      if (!this.live) return;
      this.live = false;
      this.queue.close();
      events.closed();
    });
  }

  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }

  /** A connect() still in flight. */
  get connecting(): boolean {
    return this.socket.connecting;
  }

  /** Bytes this process holds for the socket (written, not yet taken by the kernel). */
  get bufferedBytes(): number {
    return this.socket.writableLength;
  }

  /** No UPDATEs wait for the socket. */
  get idle(): boolean {
    return this.queue.idle;
  }

  /** Written at once, ahead of queued UPDATEs (KEEPALIVE, OPEN, NOTIFICATION: see send-queue.ts). */
  write(bytes: Buffer): boolean {
    if (this.socket.destroyed || !this.socket.writable) return false;
    this.socket.write(bytes);
    return true;
  }

  enqueue(source: Iterable<Buffer>): void {
    this.queue.enqueue(source);
  }

  /** Stop reporting first (so its 'close' feeds no event), then close it after writes drain. */
  close(): void {
    if (!this.live) return;
    this.live = false;
    this.queue.close();
    const socket = this.socket;
    socket.end();
    const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  }
}
