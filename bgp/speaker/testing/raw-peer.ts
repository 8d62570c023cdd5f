/**
 * A hand-driven BGP peer over raw TCP for tests: it sends whatever bytes the test gives it (valid or
 * malformed) and collects what the speaker sends back, decoded.
 */
import net from 'node:net';

import { TwillError } from '../../../common/index.js';

import {
  codecContext,
  decodeMessage,
  encodeMessage,
  Framer,
  type BgpMessage,
  type CodecContext,
} from '../../wire/index.js';

/** Polls `probe` until it returns a value; rejects after `timeoutMs` naming what it waited for. */
export async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new TwillError('TIMEOUT', `timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const RAW_CONTEXT: CodecContext = codecContext({ fourOctetAs: true });

export class RawPeer {
  readonly received: BgpMessage[] = [];
  closed = false;
  private readonly framer = new Framer();

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.framer.push(chunk);
      for (const f of this.framer.frames()) {
        if (!f.ok) return;
        const d = decodeMessage(f.frame, RAW_CONTEXT);
        if (d.ok) this.received.push(d.message);
      }
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  static connect(host: string, port: number, localAddress: string): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port, localAddress }, () => resolve(new RawPeer(socket)));
      socket.once('error', reject);
    });
  }

  send(message: BgpMessage | Buffer): void {
    this.socket.write(Buffer.isBuffer(message) ? message : encodeMessage(message, RAW_CONTEXT));
  }

  waitFor<T extends BgpMessage['type']>(type: T): Promise<Extract<BgpMessage, { type: T }>> {
    return until(`a ${type} message`, () =>
      this.received.find((m): m is Extract<BgpMessage, { type: T }> => m.type === type),
    );
  }

  waitClosed(): Promise<true> {
    return until('the speaker to close the connection', () => (this.closed ? true : undefined));
  }

  close(): void {
    this.socket.destroy();
  }
}
