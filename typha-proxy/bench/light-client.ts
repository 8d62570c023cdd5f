import { connect, type TLSSocket } from 'node:tls';

import {
  decodeServerHello,
  encodeClientHello,
  encodeFrame,
  encodePingBody,
  FLAG_DEFLATE,
  FrameDecoder,
  MESSAGE_TYPES,
  plainBody,
  type Frame,
  type ResumePoint,
} from '../proto/index.js';
import type { CertificateAndKey } from '../testing/test-pki.js';
import { monotonicMs } from './bench-ipc.js';

const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export interface LightClientOptions {
  readonly port: number;
  readonly tls: CertificateAndKey & { readonly ca: string };
  readonly kinds?: readonly string[];
  readonly resume?: ResumePoint;
  /** Each DELTA as it arrives: its position and the monotonic time it was decoded. */
  readonly onDelta?: (position: number, atMs: number) => void;
}

/**
 * A node as cheap as the protocol allows, so one load process can play hundreds: it speaks the real
 * handshake over mutual TLS, but counts snapshot batches without inflating or parsing them and reads
 * only the position of each DELTA. What it measures is typha's delivery, not a node's JSON parsing.
 */
export class LightClient {
  /** Frame bytes received (after TLS), the HELLO included. */
  bytesReceived = 0;
  snapshotBatches = 0;
  epoch = '';
  start: 'snapshot' | 'resume' | undefined;
  /** The newest stream position this client has seen (SNAPSHOT_END, DELTA, STATUS or PING). */
  position = 0;
  readonly startedAtMs = monotonicMs();
  /** Resolves at SNAPSHOT_END (or at the server's HELLO for a resume); rejects if the connection ends first. */
  readonly ready: Promise<void>;
  /** Resolves with why the connection ended. */
  readonly closed: Promise<string>;
  private readonly socket: TLSSocket;
  private readonly decoder = new FrameDecoder(MAX_FRAME_BYTES);
  private readonly positionWaiters = new Set<{ position: number; resolve: () => void }>();
  private endReason: string | undefined;
  private helloSent = false;

  constructor(private readonly options: LightClientOptions) {
    let markReady!: () => void;
    let failReady!: (error: Error) => void;
    this.ready = new Promise((resolve, reject) => ((markReady = resolve), (failReady = reject)));
    this.ready.catch(() => {}); // A caller that never awaits it must not crash the process.
    this.readyHooks = { markReady, failReady };
    this.socket = connect({ host: '127.0.0.1', port: options.port, ...options.tls });
    this.closed = new Promise((resolve) =>
      this.socket.once('close', () => {
        const reason = this.endReason ?? 'closed by typha';
        failReady(new Error(`connection ended before the snapshot: ${reason}`));
        resolve(reason);
      }),
    );
    this.socket.on('error', (error) => (this.endReason ??= `socket error: ${error.message}`));
    this.socket.once('secureConnect', () => {
      const hello = encodeClientHello({
        versions: [1],
        features: ['deflate', 'resume', 'kinds'],
        name: 'bench',
        ...(options.kinds === undefined ? {} : { kinds: options.kinds as never }),
        ...(options.resume === undefined ? {} : { resume: options.resume }),
      });
      this.socket.write(encodeFrame(MESSAGE_TYPES.HELLO, hello));
      this.helloSent = true;
    });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  private readonly readyHooks: { markReady: () => void; failReady: (error: Error) => void };

  /** Keeps typha's liveness check satisfied (it hears nothing else from us). */
  ping(): void {
    // Nothing may precede our HELLO (typha would hang up on a protocol error).
    if (this.helloSent && !this.socket.destroyed)
      this.socket.write(encodeFrame(MESSAGE_TYPES.PING, encodePingBody(0)));
  }

  get isOpen(): boolean {
    return !this.socket.destroyed;
  }

  /** Resolves once the stream has reached `position`. */
  reach(position: number): Promise<void> {
    if (this.position >= position) return Promise.resolve();
    return new Promise((resolve) => this.positionWaiters.add({ position, resolve }));
  }

  close(): Promise<string> {
    this.endReason ??= 'closed by the benchmark';
    this.socket.destroy();
    return this.closed;
  }

  private onData(chunk: Buffer): void {
    this.bytesReceived += chunk.length;
    try {
      for (const frame of this.decoder.push(chunk)) this.onFrame(frame);
    } catch (error) {
      this.endReason = `bad stream: ${(error as Error).message}`;
      this.socket.destroy();
    }
  }

  private onFrame(frame: Frame): void {
    switch (frame.type) {
      case MESSAGE_TYPES.HELLO: {
        const hello = decodeServerHello(frame.body);
        this.epoch = hello.epoch;
        this.start = hello.start;
        if (hello.start === 'resume') this.readyHooks.markReady();
        return;
      }
      case MESSAGE_TYPES.SNAPSHOT_BATCH:
        this.snapshotBatches++;
        return;
      case MESSAGE_TYPES.SNAPSHOT_END:
        this.advance(frame.body.readBigUInt64BE(0));
        this.readyHooks.markReady();
        return;
      case MESSAGE_TYPES.DELTA: {
        const atMs = monotonicMs();
        // One small resource is sent plain; inflate only in the rare case it was not.
        const body =
          (frame.flags & FLAG_DEFLATE) === 0 ? frame.body : plainBody(frame, true, MAX_FRAME_BYTES);
        const position = this.advance(body.readBigUInt64BE(0));
        this.options.onDelta?.(position, atMs);
        return;
      }
      case MESSAGE_TYPES.STATUS:
      case MESSAGE_TYPES.PING:
        this.advance(frame.body.readBigUInt64BE(0));
        return;
      case MESSAGE_TYPES.GOODBYE:
        this.endReason = `goodbye: ${frame.body.toString('utf8')}`;
        return;
      default:
        return;
    }
  }

  private advance(raw: bigint): number {
    const position = Number(raw);
    if (position > this.position) this.position = position;
    for (const waiter of this.positionWaiters) {
      if (waiter.position <= this.position) {
        this.positionWaiters.delete(waiter);
        waiter.resolve();
      }
    }
    return position;
  }
}
