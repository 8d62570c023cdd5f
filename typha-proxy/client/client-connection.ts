import { connect, type TLSSocket } from 'node:tls';

import { errorMessage, type Clock, type TimerHandle } from '../../common/index.js';
import {
  decodeMessage,
  encodeClientHello,
  encodeFrame,
  encodePingBody,
  FrameDecoder,
  MESSAGE_TYPES,
  plainBody,
  ProtocolError,
  type ClientHello,
  type Message,
} from '../proto/index.js';

export interface ClientTls {
  /** PEM text: the CA that signed typha's certificate, and this node's own certificate and key. */
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
  /** Name to check typha's certificate against when it differs from the address host. */
  readonly servername?: string;
}

export interface ConnectionTimers {
  readonly clock: Clock;
  readonly pingIntervalMs: number;
  readonly livenessTimeoutMs: number;
  readonly maxFrameBytes: number;
}

/** Per-connection figures, kept by the client (tests count bytes and frames by type with them). */
export interface ConnectionStats {
  readonly address: string;
  bytesReceived: number;
  readonly frames: Partial<Record<Message['type'], number>>;
  start?: 'snapshot' | 'resume';
  /** Why it ended, once it has. */
  endReason?: string;
}

/**
 * One TLS connection to one typha: sends the HELLO, turns bytes into messages, pings, and ends with
 * one reason (a GOODBYE's, a protocol error's, silence, or the socket's). What the messages mean is
 * the client's business.
 */
export class ClientConnection {
  readonly stats: ConnectionStats;
  private readonly socket: TLSSocket;
  private readonly decoder: FrameDecoder;
  private deflate = false;
  private lastHeardMs: number;
  private timer: TimerHandle | undefined;
  private ended = false;
  private resolveEnd!: (reason: string) => void;
  /** Resolves with the reason once the connection is over. */
  readonly done: Promise<string>;

  constructor(
    address: string,
    tls: ClientTls,
    hello: ClientHello,
    private readonly timers: ConnectionTimers,
    private readonly onMessage: (message: Message, connection: ClientConnection) => void,
  ) {
    this.stats = { address, bytesReceived: 0, frames: {} };
    this.done = new Promise((resolve) => (this.resolveEnd = resolve));
    this.decoder = new FrameDecoder(timers.maxFrameBytes);
    this.lastHeardMs = timers.clock.now();
    const { host, port } = splitAddress(address);
    this.socket = connect({
      host,
      port,
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      ...(tls.servername === undefined ? {} : { servername: tls.servername }),
    });
    this.socket.on('secureConnect', () => {
      this.socket.write(encodeFrame(MESSAGE_TYPES.HELLO, encodeClientHello(hello)));
      this.schedule();
    });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error) => this.end(`socket error: ${errorMessage(error)}`));
    this.socket.on('close', () => this.end('connection closed by typha'));
  }

  /** Once both sides advertised deflate, compressed frames are legal. */
  agreeDeflate(deflate: boolean): void {
    this.deflate = deflate;
  }

  send(frame: Buffer): void {
    if (!this.ended) this.socket.write(frame);
  }

  end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.stats.endReason = reason;
    if (this.timer !== undefined) this.timers.clock.clearTimeout(this.timer);
    this.socket.destroy();
    this.resolveEnd(reason);
  }

  private onData(chunk: Buffer): void {
    if (this.ended) return;
    this.stats.bytesReceived += chunk.length;
    this.lastHeardMs = this.timers.clock.now();
    try {
      for (const frame of this.decoder.push(chunk)) {
        const message = decodeMessage(frame.type, plainBody(frame, this.deflate, this.timers.maxFrameBytes));
        this.stats.frames[message.type] = (this.stats.frames[message.type] ?? 0) + 1;
        this.onMessage(message, this);
        if (this.ended) return;
      }
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.end(`protocol error ${error.code}: ${error.message}`);
    }
  }

  /** One timer for both jobs: our ping out, and the liveness check on what typha sends. */
  private schedule(): void {
    this.timer = this.timers.clock.setTimeout(() => {
      const silentMs = this.timers.clock.now() - this.lastHeardMs;
      if (silentMs > this.timers.livenessTimeoutMs) {
        this.end(`nothing heard from typha for ${Math.round(silentMs)} ms`);
        return;
      }
      this.send(encodeFrame(MESSAGE_TYPES.PING, encodePingBody(0)));
      this.schedule();
    }, this.timers.pingIntervalMs);
  }
}

export function splitAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(address.slice(colon + 1)) };
}
