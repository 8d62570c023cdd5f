/**
 * Flow control for the UPDATEs of one TCP connection. Sources (lazily packed UPDATE streams) are pulled
 * one message at a time and written until `socket.write()` returns false; then the queue waits for
 * 'drain'. So what this process buffers for a slow peer is about the socket's high-water mark plus one
 * message, not the table: the rest stays unpacked (and the Adj-RIB-Out keeps coalescing changes that
 * have not been flushed, RFC 4271 §9.2.1.1).
 *
 * KEEPALIVE, OPEN and NOTIFICATION do not go through here: they are written at once, so one queues behind
 * at most that bounded backlog, never behind a table's worth of UPDATEs. That is what the peer's hold
 * timer needs (§4.4): while it reads our UPDATEs, each of them restarts its hold timer (§8.2.2), and as
 * soon as it stops reading nothing we could do would reach it anyway.
 *
 * A queue that keeps being writable still yields to the event loop every `sliceBytes`, so a table
 * transfer to a fast peer cannot starve this process's timers and the other sessions.
 */

/** The part of a net.Socket the queue uses (a test can pass its own). */
export interface WritableSocket {
  write(bytes: Buffer): boolean;
  once(event: 'drain', listener: () => void): unknown;
  readonly writable: boolean;
  readonly destroyed: boolean;
}

export interface SendQueueOptions {
  /** Bytes written in one go before yielding to the event loop. */
  readonly sliceBytes?: number;
  /** The queue ran dry after it had to wait: the owner may send more (flush the Adj-RIB-Out). */
  readonly onIdle: () => void;
  /** A source failed while being pulled (a route that cannot be encoded); the rest of it is dropped. */
  readonly onSourceError: (err: unknown) => void;
}

const DEFAULT_SLICE_BYTES = 256 * 1024;

export class SendQueue {
  private readonly sources: Iterator<Buffer>[] = [];
  private waiting: 'drain' | 'turn' | undefined;
  /** Set when the queue had to wait: only then does running dry mean the owner skipped something. */
  private notifyIdle = false;
  private closed = false;
  private readonly sliceBytes: number;

  constructor(
    private readonly socket: WritableSocket,
    private readonly options: SendQueueOptions,
  ) {
    this.sliceBytes = options.sliceBytes ?? DEFAULT_SLICE_BYTES;
  }

  /** Nothing queued and the socket is not waiting to drain: the owner may hand over more. */
  get idle(): boolean {
    return this.sources.length === 0 && this.waiting === undefined;
  }

  /** Sources still being sent (for status and tests). */
  get pendingSources(): number {
    return this.sources.length;
  }

  enqueue(source: Iterable<Buffer>): void {
    if (this.closed) return;
    this.sources.push(source[Symbol.iterator]());
    if (this.waiting === undefined) this.pump();
  }

  /** The socket is gone: drop what was not sent (a new session sends its table from scratch). */
  close(): void {
    this.closed = true;
    this.sources.length = 0;
  }

  private pump(): void {
    let written = 0;
    while (!this.closed && this.sources.length > 0) {
      if (this.socket.destroyed || !this.socket.writable) return this.close();
      const next = this.pull(this.sources[0] as Iterator<Buffer>);
      if (next === undefined) {
        this.sources.shift();
        continue;
      }
      written += next.length;
      if (!this.socket.write(next)) return this.wait('drain');
      if (written >= this.sliceBytes) return this.wait('turn');
    }
    if (this.closed || !this.notifyIdle) return;
    this.notifyIdle = false;
    this.options.onIdle();
  }

  private pull(source: Iterator<Buffer>): Buffer | undefined {
    try {
      const next = source.next();
      return next.done === true ? undefined : next.value;
    } catch (err) {
      this.options.onSourceError(err);
      return undefined;
    }
  }

  private wait(reason: 'drain' | 'turn'): void {
    this.waiting = reason;
    this.notifyIdle = true;
    const resume = () => {
      this.waiting = undefined;
      this.pump();
    };
    if (reason === 'drain') this.socket.once('drain', resume);
    else setImmediate(resume);
  }
}
