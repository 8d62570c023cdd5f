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
  KEEPALIVE,
  type BgpMessage,
  type CodecContext,
  type OpenMessage,
} from '../../wire/index.js';
import type { BgpSpeaker } from '../speaker.js';

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

/**
 * Connects a RawPeer from `localAddress` to a passive speaker and brings it to Established. A passive
 * speaker may still refuse the first connections (its peer not yet ready to accept): retry those.
 * Every RawPeer made is pushed to `opened`, for the test's clean-up.
 */
export async function establishedRawPeer(
  speaker: BgpSpeaker,
  open: OpenMessage,
  opened: RawPeer[],
  localAddress = '127.0.0.2',
): Promise<RawPeer> {
  const state = () => speaker.peerStatus().find((p) => p.peer === localAddress)?.state;
  for (let attempt = 0; ; attempt++) {
    const raw = await RawPeer.connect('127.0.0.1', speaker.listenPorts()[0] as number, localAddress);
    opened.push(raw);
    raw.send(open);
    const answered = await until('an OPEN or a close', () =>
      raw.received.some((m) => m.type === 'open') ? 'open' : raw.closed ? 'closed' : undefined,
    );
    if (answered === 'closed' && attempt < 50) {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    raw.send(KEEPALIVE);
    await until('Established', () => (state() === 'Established' ? true : undefined));
    return raw;
  }
}
