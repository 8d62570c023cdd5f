import type { Socket } from 'node:net';

import { assertNever, errorMessage, type Clock, type Logger } from '../../common/index.js';
import type { ResourceKind } from '../../datastore/index.js';
import {
  agreeFeatures,
  chooseVersion,
  decodeClientHello,
  decodeMessage,
  encodeFrame,
  encodeGoodbyeBody,
  encodePingBody,
  encodePositionStatusBody,
  encodeServerHello,
  FEATURES,
  FrameDecoder,
  MESSAGE_TYPES,
  plainBody,
  ProtocolError,
  type Feature,
  type Message,
  type StartMode,
} from '../proto/index.js';
import { reasonForProtocolError, type DisconnectReason } from './disconnect-reason.js';
import { Outbox } from './outbox.js';
import type { ServerMetrics } from './server-metrics.js';
import type { SharedFrame } from './shared-frame.js';
import type { SharedSnapshot, SnapshotSharing } from './shared-snapshot.js';
import type { SnapshotCache } from './snapshot-cache.js';

export interface SessionLimits {
  readonly maxFrameBytes: number;
  readonly maxQueuedBytes: number;
  readonly socketHighWaterBytes: number;
  readonly snapshotBatchBytes: number;
  readonly compressMinBytes: number;
  /** No frame at all from the client for this long (its pings included) ends the session. */
  readonly livenessTimeoutMs: number;
  readonly helloTimeoutMs: number;
  /** The socket full and not draining for this long: the client is not reading. */
  readonly writeStallTimeoutMs: number;
}

export interface SessionHost {
  readonly cache: SnapshotCache;
  /** Snapshot batches built once and shared by the clients that start from them. */
  readonly snapshots: SnapshotSharing;
  readonly metrics: ServerMetrics;
  readonly clock: Clock;
  readonly limits: SessionLimits;
  ended(session: ClientSession, reason: DisconnectReason): void;
}

/**
 * One client connection, from its HELLO to its close: handshake (version, features, kinds, resume or
 * snapshot), then the shared stream through a bounded Outbox, pings, and a typed reason for every end.
 */
export class ClientSession {
  private state: 'hello' | 'streaming' | 'closed' = 'hello';
  private readonly decoder: FrameDecoder;
  private readonly outbox: Outbox;
  private readonly openedAtMs: number;
  private lastHeardMs: number;
  private features: readonly Feature[] = [];
  private kinds: ReadonlySet<ResourceKind> | undefined;
  private unsubscribe: (() => void) | undefined;
  private log: Logger;
  startMode: StartMode | undefined;
  bytesSent = 0;

  constructor(
    private readonly socket: Socket,
    private readonly host: SessionHost,
    log: Logger,
  ) {
    const { limits, clock } = host;
    this.log = log;
    this.decoder = new FrameDecoder(limits.maxFrameBytes);
    this.openedAtMs = this.lastHeardMs = clock.now();
    this.outbox = new Outbox(socket, {
      maxQueuedBytes: limits.maxQueuedBytes,
      // Above the socket's own mark, so a full socket has refused a write and will emit 'drain'.
      socketHighWaterBytes: Math.max(limits.socketHighWaterBytes, socket.writableHighWaterMark),
      clock,
      onOverflow: () => this.close('slow-client', `send queue over ${limits.maxQueuedBytes} bytes`),
      onWritten: (bytes, createdAtMs) => {
        this.bytesSent += bytes;
        host.metrics.bytesSent.inc({}, bytes);
        if (createdAtMs !== undefined) host.metrics.fanoutLatency.observe((clock.now() - createdAtMs) / 1000);
      },
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.close('socket-error', errorMessage(error)));
    socket.on('close', () => this.close('client-closed', 'connection closed by the client'));
  }

  isClosed(): boolean {
    return this.state === 'closed';
  }

  get isStreaming(): boolean {
    return this.state === 'streaming';
  }

  /** Called by the server's timer: hello deadline, liveness, write stalls, and our ping. */
  tick(): void {
    const now = this.host.clock.now();
    const { limits } = this.host;
    if (this.state === 'hello' && now - this.openedAtMs > limits.helloTimeoutMs) {
      this.close('hello-timeout', `no hello within ${limits.helloTimeoutMs} ms`);
    } else if (now - this.lastHeardMs > limits.livenessTimeoutMs) {
      this.close('liveness-timeout', `nothing heard for ${Math.round(now - this.lastHeardMs)} ms`);
    } else if (this.outbox.blockedForMs() > limits.writeStallTimeoutMs) {
      this.close('slow-client', `socket not drained for ${Math.round(this.outbox.blockedForMs())} ms`);
    } else if (this.state === 'streaming') {
      this.outbox.enqueue(encodeFrame(MESSAGE_TYPES.PING, encodePingBody(this.host.cache.position)));
    }
  }

  /** Ends the session once: GOODBYE first when the peer can still be told, then the metric and log. */
  close(reason: DisconnectReason, message: string): void {
    if (this.state === 'closed') return;
    const tellPeer = reason !== 'client-closed' && reason !== 'socket-error' && reason !== 'slow-client';
    this.state = 'closed';
    this.unsubscribe?.();
    this.outbox.close();
    if (tellPeer && !this.socket.destroyed) {
      this.socket.end(encodeFrame(MESSAGE_TYPES.GOODBYE, encodeGoodbyeBody(reason, message)));
      // A peer that never reads would keep end() waiting; give the goodbye a moment, then let go.
      this.socket.setTimeout(1000, () => this.socket.destroy());
    } else {
      this.socket.destroy();
    }
    const level = reason === 'client-closed' || reason === 'server-stopping' ? 'info' : 'warn';
    this.log[level]('client disconnected', { reason, message, bytesSent: this.bytesSent });
    this.host.metrics.disconnected(reason);
    this.host.ended(this, reason);
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.lastHeardMs = this.host.clock.now();
    try {
      for (const frame of this.decoder.push(chunk)) {
        const body = plainBody(frame, this.features.includes('deflate'), this.host.limits.maxFrameBytes);
        this.onMessage(decodeMessage(frame.type, body));
        if (this.isClosed()) return;
      }
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.close(reasonForProtocolError(error.code), error.message);
    }
  }

  private onMessage(message: Message): void {
    if (this.state === 'hello') {
      if (message.type !== 'HELLO') throw unexpected(`${message.type} before HELLO`);
      this.handshake(message.json);
      return;
    }
    switch (message.type) {
      case 'PING':
        this.outbox.enqueue(encodeFrame(MESSAGE_TYPES.PONG, Buffer.alloc(0)));
        return;
      case 'PONG':
        return;
      case 'GOODBYE':
        this.close('client-goodbye', `${message.reason}: ${message.message}`);
        return;
      case 'HELLO':
      case 'SNAPSHOT_BATCH':
      case 'SNAPSHOT_END':
      case 'DELTA':
      case 'STATUS':
        throw unexpected(`${message.type} from a client`);
      default:
        assertNever(message, 'client message');
    }
  }

  private handshake(json: Buffer): void {
    const hello = decodeClientHello(json);
    const version = chooseVersion(hello.versions);
    this.features = agreeFeatures(FEATURES, hello.features);
    const deflate = this.features.includes('deflate');
    if (this.features.includes('kinds') && hello.kinds !== undefined) this.kinds = new Set(hello.kinds);
    this.log = this.log.child({ client: hello.name ?? 'unnamed' });
    const { cache } = this.host;
    const resumed =
      this.features.includes('resume') && hello.resume?.epoch === cache.epoch
        ? cache.since(hello.resume.position)
        : undefined;
    this.startMode = resumed === undefined ? 'snapshot' : 'resume';
    const serverHello = encodeServerHello({
      version,
      features: this.features,
      epoch: cache.epoch,
      start: this.startMode,
    });
    this.outbox.enqueue(encodeFrame(MESSAGE_TYPES.HELLO, serverHello));
    if (resumed !== undefined) {
      for (const frame of resumed) if (this.wants(frame)) this.outbox.enqueue(frame.bytes(deflate));
    } else {
      const { snapshot, catchUp } = this.host.snapshots.start(this.kinds, deflate);
      this.outbox.pull(snapshotFrames(snapshot));
      // A shared snapshot may be a little behind the stream: the frames since follow it, as on resume.
      for (const frame of catchUp) if (this.wants(frame)) this.outbox.enqueue(frame.bytes(deflate));
    }
    this.state = 'streaming';
    this.unsubscribe = cache.subscribe((frame) => {
      if (this.wants(frame)) this.outbox.enqueue(frame.bytes(deflate), frame.createdAtMs);
    });
    this.host.metrics.starts.inc({ mode: this.startMode });
    this.log.info('client streaming', {
      version,
      features: this.features,
      start: this.startMode,
      kinds: this.kinds === undefined ? 'all' : [...this.kinds],
    });
  }

  private wants(frame: SharedFrame): boolean {
    return frame.kind === undefined || this.kinds === undefined || this.kinds.has(frame.kind);
  }
}

/** Batches, then SNAPSHOT_END at the snapshot's position, then undefined; pulled as the socket drains. */
function snapshotFrames(snapshot: SharedSnapshot): () => Buffer | undefined {
  let index = 0;
  let ended = false;
  return () => {
    const batch = snapshot.batch(index);
    if (batch !== undefined) {
      index++;
      return batch;
    }
    if (ended) return undefined;
    ended = true;
    const { position, status } = snapshot.view;
    return encodeFrame(MESSAGE_TYPES.SNAPSHOT_END, encodePositionStatusBody(position, status));
  };
}

function unexpected(what: string): ProtocolError {
  return new ProtocolError('UNEXPECTED_MESSAGE', `unexpected ${what}`);
}
