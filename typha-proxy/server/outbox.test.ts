import { EventEmitter } from 'node:events';

import { expect } from 'chai';

import { FakeClock } from '../../common/index.js';
import { Outbox, type OutboxSocket } from './outbox.js';

/** A socket that accepts everything into its buffer until the test drains it. */
class FakeSocket extends EventEmitter implements OutboxSocket {
  written: Buffer[] = [];
  writableLength = 0;

  write(data: Buffer): boolean {
    this.written.push(data);
    this.writableLength += data.length;
    return this.writableLength < 16;
  }

  drain(): void {
    this.writableLength = 0;
    this.emit('drain');
  }
}

function setup(maxQueuedBytes = 100) {
  const socket = new FakeSocket();
  const clock = new FakeClock();
  const events = { overflow: 0, written: 0, latencies: [] as number[] };
  const outbox = new Outbox(socket, {
    maxQueuedBytes,
    socketHighWaterBytes: 20,
    clock,
    onOverflow: () => events.overflow++,
    onWritten: (bytes, createdAtMs) => {
      events.written += bytes;
      if (createdAtMs !== undefined) events.latencies.push(clock.now() - createdAtMs);
    },
  });
  return { socket, clock, events, outbox };
}

describe('Outbox', () => {
  it('holds frames while the socket is full and sends them in order as it drains', () => {
    const { socket, clock, events, outbox } = setup();
    for (let i = 0; i < 6; i++) outbox.enqueue(Buffer.alloc(10, i), 0);
    expect(socket.written.map((b) => b[0])).to.deep.equal([0, 1]);
    clock.advance(5);
    socket.drain();
    expect(socket.written.map((b) => b[0])).to.deep.equal([0, 1, 2, 3]);
    socket.drain();
    expect(socket.written.map((b) => b[0])).to.deep.equal([0, 1, 2, 3, 4, 5]);
    expect(events.written).to.equal(60);
    expect(events.latencies).to.deep.equal([0, 0, 5, 5, 5, 5]);
    expect(events.overflow).to.equal(0);
  });

  it('sends a pulled snapshot before anything queued after it', () => {
    const { socket, outbox } = setup(1000);
    const batches = [Buffer.from('s1'), Buffer.from('s2')];
    outbox.pull(() => batches.shift());
    outbox.enqueue(Buffer.from('d1'));
    socket.drain();
    expect(socket.written.map(String)).to.deep.equal(['s1', 's2', 'd1']);
  });

  it('overflows once (and then drops everything) when a client does not read', () => {
    const { socket, events, outbox } = setup(100);
    for (let i = 0; i < 20; i++) outbox.enqueue(Buffer.alloc(10));
    expect(events.overflow).to.equal(1);
    expect(outbox.pendingBytes).to.equal(socket.writableLength);
    socket.drain();
    expect(socket.written.length).to.equal(2);
  });

  it('measures how long the socket has been blocked, resetting on drain', () => {
    const { socket, clock, outbox } = setup(1000);
    expect(outbox.blockedForMs()).to.equal(0);
    for (let i = 0; i < 4; i++) outbox.enqueue(Buffer.alloc(10));
    clock.advance(300);
    expect(outbox.blockedForMs()).to.equal(300);
    socket.drain();
    expect(outbox.blockedForMs()).to.equal(0);
  });
});
