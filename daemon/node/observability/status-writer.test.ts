import { expect } from 'chai';

import { FakeClock, MemoryLogger } from '../../../common/index.js';
import type { TwillNodeStatusStatus } from '../../../datastore/index.js';
import { StatusWriter, type StatusSink, type StatusWriterTiming } from './status-writer.js';

const TIMING: StatusWriterTiming = {
  intervalMs: 10_000,
  urgentDelayMs: 250,
  urgentMinIntervalMs: 1_000,
  refreshMs: 60_000,
  backoffMs: 1_000,
  maxBackoffMs: 8_000,
};

/** Lets the promise callbacks of a write settle (the sink resolves in a microtask). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

class RecordingSink implements StatusSink {
  readonly writes: Array<{ atMs: number; status: TwillNodeStatusStatus }> = [];
  failuresLeft = 0;
  inFlight = 0;
  maxInFlight = 0;
  hold: Promise<void> | undefined;

  constructor(private readonly clock: FakeClock) {}

  async write(status: TwillNodeStatusStatus): Promise<void> {
    const atMs = this.clock.now(); // when the writer called, not when the slice of fake time ended
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.hold !== undefined) await this.hold;
      if (this.failuresLeft > 0) {
        this.failuresLeft -= 1;
        throw new Error('etcd unavailable');
      }
      this.writes.push({ atMs, status });
    } finally {
      this.inFlight -= 1;
    }
  }
}

function setup(random = () => 1) {
  const clock = new FakeClock(0);
  const sink = new RecordingSink(clock);
  const state = { version: 0 };
  const log = new MemoryLogger();
  const writer = new StatusWriter({
    clock,
    log,
    sink,
    timing: TIMING,
    random,
    build: () => ({
      observedAt: new Date(clock.now()).toISOString(),
      agent: { version: String(state.version) },
    }),
  });
  /** Moves fake time timer by timer, letting each write settle at the instant its timer fired. */
  const advance = async (ms: number): Promise<void> => {
    const target = clock.now() + ms;
    await settle();
    for (let next = clock.nextDueAt(); next !== undefined && next <= target; next = clock.nextDueAt()) {
      clock.advance(next - clock.now());
      await settle();
    }
    clock.advance(target - clock.now());
    await settle();
  };
  return { clock, sink, state, writer, log, advance };
}

describe('StatusWriter (scheduling core, fake clock)', () => {
  it('writes at start, then coalesces many ordinary changes in one interval into one write', async () => {
    const { sink, state, writer, advance } = setup();
    writer.start();
    await advance(0 + 50);
    expect(sink.writes.map((w) => w.atMs)).to.deep.equal([0]);
    for (let i = 0; i < 10; i++) {
      await advance(500);
      state.version += 1;
      writer.notify();
    }
    await advance(4_000);
    expect(
      sink.writes.map((w) => w.atMs),
      'nothing before the interval is over',
    ).to.deep.equal([0]);
    await advance(1_000);
    expect(sink.writes.map((w) => w.atMs)).to.deep.equal([0, 10_000]);
    expect(sink.writes[1]?.status.agent?.version).to.equal('10');
    expect(writer.stats).to.include({ writes: 2, failures: 0 });
  });

  it('writes an urgent change after the coalescing delay, a burst as one write, and rate-limits flapping', async () => {
    const { sink, state, writer, advance } = setup();
    writer.start();
    await advance(2_000);
    // A burst (a ToR reboot drops five sessions within 100 ms): one write, 250 ms after the first.
    for (let i = 0; i < 5; i++) {
      state.version += 1;
      writer.notify(true);
      await advance(20);
    }
    await advance(1_000);
    expect(sink.writes.map((w) => w.atMs)).to.deep.equal([0, 2_250]);
    expect(sink.writes[1]?.status.agent?.version).to.equal('5');
    // A session flapping every 100 ms for 3 s: at most one write per urgentMinIntervalMs.
    const before = sink.writes.length;
    for (let i = 0; i < 30; i++) {
      state.version += 1;
      writer.notify(true);
      await advance(100);
    }
    const flapWrites = sink.writes.slice(before).map((w) => w.atMs);
    expect(flapWrites.length).to.be.within(2, 4);
    for (let i = 1; i < flapWrites.length; i++) {
      expect((flapWrites[i] as number) - (flapWrites[i - 1] as number)).to.be.at.least(1_000);
    }
  });

  it('skips writes when only observedAt would change, but refreshes observedAt every refreshMs', async () => {
    const { sink, writer, advance } = setup();
    writer.start();
    await advance(59_000);
    expect(sink.writes.map((w) => w.atMs)).to.deep.equal([0]);
    expect(writer.stats.skipped).to.equal(5);
    await advance(2_000);
    expect(sink.writes.map((w) => w.atMs)).to.deep.equal([0, 60_000]);
    expect(sink.writes[1]?.status.observedAt).to.equal('1970-01-01T00:01:00.000Z');
  });

  it('retries a failed write with exponential backoff, and a change during backoff does not jump the queue', async () => {
    const { sink, state, writer, advance, log } = setup();
    sink.failuresLeft = 4;
    writer.start();
    await advance(50);
    await advance(500);
    state.version = 7;
    writer.notify(true);
    await advance(30_000);
    // Failures at 0, 1000, 3000, 7000 (backoff 1 s, 2 s, 4 s, 8 s capped at maxBackoffMs), success at 15000.
    expect(sink.writes.map((w) => w.atMs)).to.deep.equal([15_000]);
    expect(sink.writes[0]?.status.agent?.version).to.equal('7');
    expect(writer.stats).to.include({ failures: 4, writes: 1 });
    expect(log.entries.filter((e) => e.level === 'warn').map((e) => e.fields?.retryInMs)).to.deep.equal([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('scales the backoff by jitter so nodes do not retry in step', async () => {
    const { sink, writer, advance } = setup(() => 0);
    sink.failuresLeft = 1;
    writer.start();
    await advance(600);
    expect(sink.writes.map((w) => w.atMs)).to.deep.equal([500]);
  });

  it('never blocks the caller and never has two writes in flight', async () => {
    const { sink, state, writer, advance } = setup();
    let release: () => void = () => undefined;
    sink.hold = new Promise<void>((resolve) => (release = resolve));
    writer.start();
    await advance(50);
    expect(sink.inFlight).to.equal(1);
    for (let i = 0; i < 20; i++) {
      state.version += 1;
      writer.notify(true); // returns while the write is stuck
      await advance(300);
    }
    expect(sink.maxInFlight).to.equal(1);
    sink.hold = undefined;
    release();
    await advance(2_000);
    expect(sink.maxInFlight).to.equal(1);
    const versions = sink.writes.map((w) => w.status.agent?.version);
    expect(versions[versions.length - 1]).to.equal('20');
    expect(sink.writes.length).to.equal(2);
  });

  it('close() waits for the write in flight and stops writing', async () => {
    const { clock, sink, state, writer, advance } = setup();
    writer.start();
    await advance(50);
    await writer.close();
    state.version = 99;
    writer.notify(true);
    await advance(120_000);
    expect(sink.writes).to.have.length(1);
    expect(clock.pending()).to.equal(0);
  });
});
