import { expect } from 'chai';

import { FakeClock, systemClock } from './clock.js';
import { expectTwillError } from './testing/expect-error.js';

describe('FakeClock', () => {
  it('starts at the given time and only moves when advanced', () => {
    const clock = new FakeClock(1000);
    expect(clock.now()).to.equal(1000);
    clock.advance(250);
    expect(clock.now()).to.equal(1250);
    expect(new FakeClock().now()).to.equal(0);
  });

  it('fires due timers in time order, then creation order, with now() at each due time', () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    const at = (name: string) => () => fired.push(`${name}@${clock.now()}`);
    clock.setTimeout(at('c'), 30);
    clock.setTimeout(at('a'), 10);
    clock.setTimeout(at('b1'), 20);
    clock.setTimeout(at('b2'), 20);
    clock.setTimeout(at('late'), 100);
    expect(clock.pending()).to.equal(5);
    clock.advance(30);
    expect(fired).to.deep.equal(['a@10', 'b1@20', 'b2@20', 'c@30']);
    expect(clock.now()).to.equal(30);
    expect(clock.pending()).to.equal(1);
    expect(clock.nextDueAt()).to.equal(100);
  });

  it('does not fire timers before they are due', () => {
    const clock = new FakeClock();
    let fired = 0;
    clock.setTimeout(() => fired++, 10);
    clock.advance(9);
    expect(fired).to.equal(0);
    clock.advance(1);
    expect(fired).to.equal(1);
    clock.advance(100);
    expect(fired).to.equal(1);
  });

  it('runs timers scheduled by timers within the same advance, in order', () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    // A keepalive-style re-arming timer: every 10ms.
    const tick = (): void => {
      fired.push(`tick@${clock.now()}`);
      clock.setTimeout(tick, 10);
    };
    clock.setTimeout(tick, 10);
    clock.setTimeout(() => fired.push(`other@${clock.now()}`), 25);
    // A zero-delay timer scheduled from a callback runs at that callback's time.
    clock.setTimeout(() => clock.setTimeout(() => fired.push(`zero@${clock.now()}`), 0), 5);
    clock.advance(35);
    expect(fired).to.deep.equal(['zero@5', 'tick@10', 'tick@20', 'other@25', 'tick@30']);
    expect(clock.pending()).to.equal(1);
    expect(clock.nextDueAt()).to.equal(40);
  });

  it('does not run timers scheduled beyond the advance target', () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    clock.setTimeout(() => clock.setTimeout(() => fired.push(clock.now()), 10), 5);
    clock.advance(10);
    expect(fired).to.deep.equal([]);
    clock.advance(5);
    expect(fired).to.deep.equal([15]);
  });

  it('clearTimeout cancels, including from inside another timer', () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    const b = clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => {
      fired.push('a');
      clock.clearTimeout(b);
    }, 10);
    const c = clock.setTimeout(() => fired.push('c'), 30);
    clock.clearTimeout(c);
    expect(clock.pending()).to.equal(2);
    clock.advance(100);
    expect(fired).to.deep.equal(['a']);
    expect(clock.pending()).to.equal(0);
    // Clearing an already fired or cleared timer is a no-op.
    clock.clearTimeout(b);
    clock.clearTimeout(c);
  });

  it('runNext() jumps to the next timer', () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 500);
    clock.setTimeout(() => fired.push(clock.now()), 500);
    clock.setTimeout(() => fired.push(clock.now()), 700);
    expect(clock.runNext()).to.equal(true);
    expect(fired).to.deep.equal([500, 500]);
    expect(clock.runNext()).to.equal(true);
    expect(fired).to.deep.equal([500, 500, 700]);
    expect(clock.runNext()).to.equal(false);
    expect(clock.nextDueAt()).to.equal(undefined);
  });

  it('propagates a throwing callback and keeps the remaining timers', () => {
    const clock = new FakeClock();
    let later = 0;
    clock.setTimeout(() => {
      throw new Error('boom');
    }, 10);
    clock.setTimeout(() => later++, 20);
    expect(() => clock.advance(50)).to.throw('boom');
    expect(clock.now()).to.equal(10);
    expect(clock.pending()).to.equal(1);
    clock.advance(40);
    expect(later).to.equal(1);
  });

  it('rejects negative or non-finite delays', () => {
    const clock = new FakeClock();
    expectTwillError(() => clock.setTimeout(() => {}, -1), 'INVALID_DELAY', '-1');
    expectTwillError(() => clock.setTimeout(() => {}, NaN), 'INVALID_DELAY', 'NaN');
    expectTwillError(() => clock.advance(Infinity), 'INVALID_DELAY');
    expectTwillError(() => clock.advance(-5), 'INVALID_DELAY');
    expect(clock.pending()).to.equal(0);
  });
});

describe('systemClock', () => {
  it('is monotonic and fires real timers', async () => {
    const start = systemClock.now();
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 5));
    expect(systemClock.now() - start).to.be.at.least(4);
  });

  it('clearTimeout cancels a real timer', async () => {
    let fired = false;
    const handle = systemClock.setTimeout(() => {
      fired = true;
    }, 1);
    systemClock.clearTimeout(handle);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fired).to.equal(false);
  });
});
