import { TwillError } from './errors.js';

/** Opaque timer token; only meaningful to the Clock that returned it. */
export interface TimerHandle {
  /** Type-level brand only (no such property exists), so a number or Node Timeout cannot be passed by mistake. */
  readonly __brand: 'TimerHandle';
}

/**
 * Time as protocol code sees it. BGP hold/keepalive/connect-retry timers (RFC 4271 §10) and backoff all
 * go through this so tests can drive them with FakeClock instead of sleeping.
 */
export interface Clock {
  /**
   * Milliseconds on a monotonic clock with an arbitrary origin. Only differences are meaningful; it
   * never jumps when the wall clock is adjusted (NTP, manual changes), unlike Date.now().
   */
  now(): number;
  /** Runs `fn` once after at least `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a pending timer. Unknown or already-fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: performance.now() and Node's timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => clearTimeout(handle as unknown as NodeJS.Timeout),
};

export type ClockErrorCode = 'INVALID_DELAY';

export class ClockError extends TwillError<ClockErrorCode> {}

interface FakeTimer {
  readonly id: number;
  readonly dueAt: number;
  readonly fn: () => void;
}

/**
 * A manually advanced clock for tests. Time stands still until advance() is called; advance() then
 * fires due timers one at a time in (due time, creation order), setting now() to each timer's due time
 * before calling it. Timers created by a callback run in the same advance() if they fall due within it.
 * If a callback throws, the error propagates out of advance() with the clock at that timer's due time
 * and the remaining timers still pending.
 */
export class FakeClock implements Clock {
  private currentMs: number;
  private nextId = 1;
  /** Sorted by (dueAt, id); ids increase, so insertion after equal dueAt keeps creation order. */
  private timers: FakeTimer[] = [];

  constructor(startMs = 0) {
    this.currentMs = startMs;
  }

  now(): number {
    return this.currentMs;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    // Real timers coerce NaN or negative delays to 1ms; in a test that is nearly always a bug
    // (an unset config value, a unit mix-up), so fail loudly instead.
    if (!Number.isFinite(ms) || ms < 0) {
      throw new ClockError('INVALID_DELAY', `timer delay must be a finite number >= 0, got ${ms}`, {
        details: { ms },
      });
    }
    const timer: FakeTimer = { id: this.nextId++, dueAt: this.currentMs + ms, fn };
    let i = this.timers.length;
    while (i > 0 && (this.timers[i - 1] as FakeTimer).dueAt > timer.dueAt) i--;
    this.timers.splice(i, 0, timer);
    return timer.id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    const id = handle as unknown as number;
    const index = this.timers.findIndex((t) => t.id === id);
    if (index !== -1) this.timers.splice(index, 1);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new ClockError('INVALID_DELAY', `advance() needs a finite number >= 0, got ${ms}`, {
        details: { ms },
      });
    }
    const target = this.currentMs + ms;
    for (;;) {
      const timer = this.timers[0];
      if (timer === undefined || timer.dueAt > target) break;
      this.timers.shift();
      this.currentMs = timer.dueAt;
      timer.fn();
    }
    this.currentMs = target;
  }

  /**
   * Jumps to the next pending timer and fires it (and any others due at that same instant).
   * Returns false if nothing was pending.
   */
  runNext(): boolean {
    const timer = this.timers[0];
    if (timer === undefined) return false;
    this.advance(timer.dueAt - this.currentMs);
    return true;
  }

  /** Number of timers scheduled and not yet fired or cancelled. */
  pending(): number {
    return this.timers.length;
  }

  /** When the earliest pending timer fires, or undefined if none is pending. */
  nextDueAt(): number | undefined {
    return this.timers[0]?.dueAt;
  }
}
