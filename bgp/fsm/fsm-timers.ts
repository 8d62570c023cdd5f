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
 * The named timers of one FSM on a Clock. Starting a running timer restarts it, stopping a stopped one is
 * harmless, so StartTimer/StopTimer actions can be applied as they come.
 */
export class FsmTimers {
  private readonly handles = new Map<FsmTimer, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly onExpire: (event: FsmEvent) => void,
  ) {}

  start(timer: FsmTimer, durationSec: number): void {
    this.stop(timer);
    const handle = this.clock.setTimeout(() => {
      this.handles.delete(timer);
      this.onExpire(expiryEvent(timer));
    }, durationSec * 1000);
    this.handles.set(timer, handle);
  }

  stop(timer: FsmTimer): void {
    const handle = this.handles.get(timer);
    if (handle === undefined) return;
    this.clock.clearTimeout(handle);
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
