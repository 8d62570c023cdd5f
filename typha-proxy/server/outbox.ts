import type { Clock } from '../../common/index.js';

/** The part of a socket the outbox needs (a TLSSocket in the server, a fake in tests). */
export interface OutboxSocket {
  readonly writableLength: number;
  write(data: Buffer): boolean;
  on(event: 'drain', listener: () => void): unknown;
}

export interface OutboxOptions {
  /** Most bytes waiting (here and in the socket's own buffer) before the client counts as too slow. */
  readonly maxQueuedBytes: number;
  /** Stop handing the socket more once it holds this much: the rest waits here, where it is counted. */
  readonly socketHighWaterBytes: number;
  readonly clock: Clock;
  readonly onOverflow: () => void;
  /** `createdAtMs` is set for live stream frames (fan-out latency), unset for replays and snapshots. */
  readonly onWritten: (bytes: number, createdAtMs: number | undefined) => void;
}

interface Item {
  readonly bytes: Buffer;
  readonly createdAtMs: number | undefined;
}

/**
 * One client's bounded send queue. Frames are shared Buffers, so queueing costs a reference, but a
 * client that stops reading would still pin them forever: past `maxQueuedBytes` it is cut off instead
 * (onOverflow), so a slow client can neither slow the others nor grow typha's memory without bound.
 * A snapshot is pulled lazily from `source`, a batch at a time, only when the socket has room: it
 * never sits in the queue whole.
 */
export class Outbox {
  private queue: Item[] = [];
  private head = 0;
  private queuedBytes = 0;
  private source: (() => Buffer | undefined) | undefined;
  private closed = false;
  /** Since when the socket has been full with more waiting; cleared when it drains. */
  private blockedSinceMs: number | undefined;

  constructor(
    private readonly socket: OutboxSocket,
    private readonly options: OutboxOptions,
  ) {
    socket.on('drain', () => {
      this.blockedSinceMs = undefined;
      this.pump();
    });
  }

  get pendingBytes(): number {
    return this.queuedBytes + this.socket.writableLength;
  }

  enqueue(bytes: Buffer, createdAtMs?: number): void {
    if (this.closed) return;
    this.queue.push({ bytes, createdAtMs });
    this.queuedBytes += bytes.length;
    if (this.pendingBytes > this.options.maxQueuedBytes) {
      this.close();
      this.options.onOverflow();
      return;
    }
    this.pump();
  }

  /** Sends what `next` yields (until undefined) before anything queued after this call. */
  pull(next: () => Buffer | undefined): void {
    this.source = next;
    this.pump();
  }

  /** How long the socket has been full without draining; 0 when it is not blocked. */
  blockedForMs(): number {
    return this.blockedSinceMs === undefined ? 0 : this.options.clock.now() - this.blockedSinceMs;
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    this.head = 0;
    this.queuedBytes = 0;
    this.source = undefined;
  }

  private pump(): void {
    while (!this.closed && this.socket.writableLength < this.options.socketHighWaterBytes) {
      if (this.source !== undefined) {
        const batch = this.source();
        if (batch === undefined) this.source = undefined;
        else this.write(batch, undefined);
        continue;
      }
      const item = this.queue[this.head];
      if (item === undefined) break;
      this.head++;
      this.queuedBytes -= item.bytes.length;
      this.write(item.bytes, item.createdAtMs);
    }
    if (this.head > 256 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    const waiting = this.source !== undefined || this.head < this.queue.length;
    if (!waiting) this.blockedSinceMs = undefined;
    else this.blockedSinceMs ??= this.options.clock.now();
  }

  private write(bytes: Buffer, createdAtMs: number | undefined): void {
    this.socket.write(bytes);
    this.options.onWritten(bytes.length, createdAtMs);
  }
}
