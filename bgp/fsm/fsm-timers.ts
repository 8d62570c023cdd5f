import { assertNever, type Clock, type TimerHandle } from '../../common/index.js';

import type { FsmTimer } from './actions.js';
import type { FsmEvent } from './events.js';

/** The event a timer's expiry feeds back to the FSM (RFC 4271 §8.1.3 names). */
export function expiryEvent(timer: FsmTimer): FsmEvent {
  switch (timer) {
    case 'ConnectRetryTimer':
      return { type: 'ConnectRetryTimer_Expires' };
    case 'HoldTimer':
      return { type: 'HoldTimer_Expires' };
    case 'KeepaliveTimer':
      return { type: 'KeepaliveTimer_Expires' };
    case 'IdleHoldTimer':
      return { type: 'IdleHoldTimer_Expires' };
    case 'IdleHoldResetTimer':
      return { type: 'IdleHoldResetTimer_Expires' };
    default:
      return assertNever(timer, 'FSM timer');
  }
}

/**
 * Hands a timer's expiry to the FSM, now or later. A driver whose I/O and timers share one event loop
 * defers it past the I/O already waiting (see bgp/session/timer-order.ts); the default delivers at once.
 */
export type ExpiryDelivery = (deliver: () => void) => void;

const AT_ONCE: ExpiryDelivery = (deliver) => deliver();

interface Running {
  handle: TimerHandle | undefined;
}

/**
 * The named timers of one FSM on a Clock. Starting a running timer restarts it, stopping a stopped one is
 * harmless, so StartTimer/StopTimer actions can be applied as they come. An expiry whose delivery was
 * deferred is dropped if the timer was stopped or restarted in between: the event that did so happened
 * first (a KEEPALIVE read restarts HoldTimer, a connection that came up stops ConnectRetryTimer).
 */
export class FsmTimers {
  private readonly handles = new Map<FsmTimer, Running>();

  constructor(
    private readonly clock: Clock,
    private readonly onExpire: (event: FsmEvent) => void,
    private readonly delivery: ExpiryDelivery = AT_ONCE,
  ) {}

  start(timer: FsmTimer, durationSec: number): void {
    this.stop(timer);
    const running: Running = { handle: undefined };
    running.handle = this.clock.setTimeout(() => {
      running.handle = undefined;
      this.delivery(() => {
        if (this.handles.get(timer) !== running) return;
        this.handles.delete(timer);
        this.onExpire(expiryEvent(timer));
      });
    }, durationSec * 1000);
    this.handles.set(timer, running);
  }

  stop(timer: FsmTimer): void {
    const running = this.handles.get(timer);
    if (running === undefined) return;
    if (running.handle !== undefined) this.clock.clearTimeout(running.handle);
    this.handles.delete(timer);
  }

  stopAll(): void {
    for (const timer of [...this.handles.keys()]) this.stop(timer);
  }

  isRunning(timer: FsmTimer): boolean {
    return this.handles.has(timer);
  }

  running(): FsmTimer[] {
    return [...this.handles.keys()];
  }
}
