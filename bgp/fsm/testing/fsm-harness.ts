/**
 * Test driver: an FsmRunner on a FakeClock whose ports record what the FSM asked for, so a test can play
 * a session ("connect, OPEN, KEEPALIVE, then silence") and read back what went on the wire and when.
 * Test-only; times in the log are FakeClock milliseconds, never wall-clock time.
 */
import { FakeClock } from '../../../common/index.js';

import type { DownCause, Notification } from '../actions.js';
import { fsmConfig, type FsmConfig } from '../config.js';
import { FsmRunner, type FsmDriverPorts } from '../driver-contract.js';
import type { FsmEvent } from '../events.js';
import { initialFsmState, type FsmState } from '../fsm-state.js';
import type { RandomSource } from '../jitter.js';

export type WireRecord =
  | { readonly atMs: number; readonly kind: 'OPEN' | 'KEEPALIVE' }
  | { readonly atMs: number; readonly kind: 'NOTIFICATION'; readonly notification: Notification };

export interface HarnessOptions {
  readonly config?: Partial<FsmConfig>;
  readonly random?: RandomSource;
  readonly clock?: FakeClock;
}

export class FsmHarness implements FsmDriverPorts {
  readonly clock: FakeClock;
  readonly config: FsmConfig;
  readonly runner: FsmRunner;
  /** Messages the FSM sent, in order. */
  readonly sent: WireRecord[] = [];
  /** Times (ms) at which a TCP connection was initiated. */
  readonly connectAttemptsAtMs: number[] = [];
  readonly sessionsUp: Array<{ atMs: number; holdTimeSec: number; keepaliveTimeSec: number }> = [];
  readonly sessionsDown: Array<{ atMs: number; cause: DownCause }> = [];
  drops = 0;
  updatesProcessed = 0;

  constructor(options: HarnessOptions = {}) {
    this.clock = options.clock ?? new FakeClock();
    this.config = fsmConfig(options.config);
    const ctx =
      options.random !== undefined
        ? { config: this.config, random: options.random }
        : { config: this.config };
    this.runner = new FsmRunner(initialFsmState(this.config), this.clock, this, ctx);
  }

  get state(): FsmState {
    return this.runner.state;
  }

  feed(...events: FsmEvent[]): this {
    for (const event of events) this.runner.dispatch(event);
    return this;
  }

  /** Advances the fake clock by whole or fractional seconds, firing due timers. */
  advanceSec(sec: number): this {
    this.clock.advance(sec * 1000);
    return this;
  }

  sentKinds(): string[] {
    return this.sent.map((r) =>
      r.kind === 'NOTIFICATION' ? `NOTIFICATION ${r.notification.code}/${r.notification.subcode}` : r.kind,
    );
  }

  initiateTcpConnection(): void {
    this.connectAttemptsAtMs.push(this.clock.now());
  }
  dropTcpConnection(): void {
    this.drops++;
  }
  sendOpen(): void {
    this.sent.push({ atMs: this.clock.now(), kind: 'OPEN' });
  }
  sendKeepalive(): void {
    this.sent.push({ atMs: this.clock.now(), kind: 'KEEPALIVE' });
  }
  sendNotification(notification: Notification): void {
    this.sent.push({ atMs: this.clock.now(), kind: 'NOTIFICATION', notification });
  }
  processUpdate(): void {
    this.updatesProcessed++;
  }
  releaseResources(): void {}
  sessionEstablished(holdTimeSec: number, keepaliveTimeSec: number): void {
    this.sessionsUp.push({ atMs: this.clock.now(), holdTimeSec, keepaliveTimeSec });
  }
  sessionDown(cause: DownCause): void {
    this.sessionsDown.push({ atMs: this.clock.now(), cause });
  }
}

/** An OPEN from the peer with the given Hold Time (BGP Identifier 10.0.0.2 unless given). */
export function peerOpen(holdTimeSec: number, bgpIdentifier = 0x0a000002): FsmEvent {
  return { type: 'BGPOpen', open: { holdTimeSec, bgpIdentifier } };
}
