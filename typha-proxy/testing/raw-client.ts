import { connect, type TLSSocket } from 'node:tls';

import {
  decodeMessage,
  encodeClientHello,
  encodeFrame,
  FrameDecoder,
  MESSAGE_TYPES,
  plainBody,
  type ClientHello,
  type Message,
} from '../proto/index.js';
import type { CertificateAndKey } from './test-pki.js';

/**
 * A hand-driven protocol client for tests: sends exactly the bytes it is told to (garbage included),
 * records what comes back, and can stop reading to play a stalled node.
 */
export class RawClient {
  readonly messages: Message[] = [];
  readonly closed: Promise<void>;
  readonly secured: Promise<void>;
  private readonly socket: TLSSocket;
  private readonly decoder = new FrameDecoder(64 * 1024 * 1024);
  private isClosed = false;

  constructor(port: number, ca: string, identity: CertificateAndKey | undefined) {
    this.socket = connect({
      host: '127.0.0.1',
      port,
      ca,
      ...(identity === undefined ? {} : { cert: identity.cert, key: identity.key }),
    });
    this.secured = new Promise((resolve, reject) => {
      this.socket.once('secureConnect', () => resolve());
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
    void this.closed.then(() => (this.isClosed = true));
    this.socket.on('error', () => {});
    this.socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of this.decoder.push(chunk)) {
          this.messages.push(decodeMessage(frame.type, plainBody(frame, true, 64 * 1024 * 1024)));
        }
      } catch {
        this.socket.destroy();
      }
    });
  }

  get hasClosed(): boolean {
    return this.isClosed;
  }

  hello(hello: Partial<ClientHello> = {}): void {
    const full: ClientHello = { versions: [1], features: [], name: 'raw', ...hello };
    this.send(encodeFrame(MESSAGE_TYPES.HELLO, encodeClientHello(full)));
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Stop reading: bytes pile up in the kernel and then in typha's queue for us. */
  stall(): void {
    this.socket.pause();
  }

  goodbye(): { reason: string; message: string } | undefined {
    const found = this.messages.find((m) => m.type === 'GOODBYE');
    return found?.type === 'GOODBYE' ? { reason: found.reason, message: found.message } : undefined;
  }

  destroy(): void {
    this.socket.destroy();
  }
}
