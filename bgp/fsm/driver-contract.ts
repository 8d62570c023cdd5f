/**
 * How a session driver (bgp/session) runs the pure FSM. No sockets here: the driver supplies them through
 * FsmDriverPorts, and FsmRunner does the rest the same way in production and in tests (with FakeClock).
 *
 * ```
 *  socket / decoder ──event──►┐
 *  timers (Clock) ───event───►├─► queue ─► step(state, event, {config, random}) ─► actions ─► ports / timers
 *  admin (admin-state.ts) ───►┘                     (one event at a time)
 * ```
 *
 * The rules a driver follows:
 * 1. One FSM per TCP connection (RFC 4271 §8). The configured peer has one; an incoming connection for a
 *    peer whose FSM already has a connection (OpenSent, OpenConfirm, Established) gets a second FSM,
 *    started with ManualStart_with_PassiveTcpEstablishment then TcpConnectionConfirmed.
 * 2. Incoming connections for a peer whose FSM is Idle are refused ("refuses all incoming BGP connections",
 *    §8.2.2 Idle); for unknown peers too (the session sends a Cease NOTIFICATION, subcode 5).
 * 3. Events are handled one at a time: an event raised while actions are applied (a socket error during a
 *    write) is queued, never fed re-entrantly. FsmRunner does this.
 * 4. Actions are applied in order; StartTimer restarts, durations are in seconds. `random` is injected
 *    (Math.random in production), so ConnectRetryTimer and KeepaliveTimer get the §10 jitter.
 * 5. Decoding errors become BGPHeaderErr / BGPOpenMsgErr / UpdateMsgErr with the codec's subcode and data;
 *    RFC 7606 treat-as-withdraw is not an error for the FSM: the driver feeds UpdateMsg and the RIB
 *    withdraws. A valid OPEN becomes BGPOpen after the session's own checks (version, peer AS, identifier).
 * 6. Collisions (§6.8): when a valid OPEN arrives and the peer has a second connection, call
 *    resolveCollision() first. DumpArriving: feed OpenCollisionDump to this connection's FSM instead of
 *    BGPOpen; DumpOther: feed BGPOpen here and OpenCollisionDump to the other FSM. The dumped FSM sends
 *    Cease / Connection Collision Resolution and goes to Idle without restarting; discard it, and if it was
 *    the configured peer's FSM, the survivor takes its place.
 * 7. UpdateMsg is fed with the decoded UPDATE kept aside; ProcessUpdate hands that UPDATE to the RIB.
 * 8. Not done by the FSM (yet): restarting KeepaliveTimer when an UPDATE is sent (§8.2.2 allows it; sending
 *    a KEEPALIVE that was not strictly needed is harmless), DelayOpen.
 * 9. Events reach the FSM in the order they happened. A driver whose event loop runs due timers before it
 *    reads sockets that became ready earlier (Node: timers phase, then poll) defers timer expiries past that
 *    I/O (FsmRunner's `expiryDelivery`); an expiry the I/O made moot (timer stopped or restarted) is dropped.
 */
import { assertNever, type Clock } from '../../common/index.js';

import type { DownCause, FsmAction, Notification } from './actions.js';
import type { FsmEvent } from './events.js';
import type { FsmState } from './fsm-state.js';
import { FsmTimers, type ExpiryDelivery } from './fsm-timers.js';
import { step } from './step.js';
import type { StepContext } from './transition.js';

/** The I/O side of one connection's FSM, implemented by the session over its socket and the RIB. */
export interface FsmDriverPorts {
  initiateTcpConnection(): void;
  dropTcpConnection(): void;
  sendOpen(): void;
  sendKeepalive(): void;
  sendNotification(notification: Notification): void;
  processUpdate(): void;
  releaseResources(): void;
  sessionEstablished(holdTimeSec: number, keepaliveTimeSec: number): void;
  sessionDown(cause: DownCause): void;
}

/** Performs one action; timers on `timers`, everything else through `ports`. */
export function applyFsmAction(action: FsmAction, ports: FsmDriverPorts, timers: FsmTimers): void {
  switch (action.type) {
    case 'StartTimer':
      return timers.start(action.timer, action.durationSec);
    case 'StopTimer':
      return timers.stop(action.timer);
    case 'InitiateTcpConnection':
      return ports.initiateTcpConnection();
    case 'DropTcpConnection':
      return ports.dropTcpConnection();
    case 'SendOpen':
      return ports.sendOpen();
    case 'SendKeepalive':
      return ports.sendKeepalive();
    case 'SendNotification':
      return ports.sendNotification(action.notification);
    case 'ProcessUpdate':
      return ports.processUpdate();
    case 'ReleaseResources':
      return ports.releaseResources();
    case 'SessionEstablished':
      return ports.sessionEstablished(action.holdTimeSec, action.keepaliveTimeSec);
    case 'SessionDown':
      return ports.sessionDown(action.cause);
    default:
      return assertNever(action, 'FSM action');
  }
}

/** One connection's FSM with its timers: feed it events, it keeps the state and applies the actions. */
export class FsmRunner {
  private current: FsmState;
  private readonly timers: FsmTimers;
  private readonly queue: FsmEvent[] = [];
  private draining = false;

  constructor(
    initial: FsmState,
    clock: Clock,
    private readonly ports: FsmDriverPorts,
    private readonly ctx: StepContext,
    /** When a timer's expiry reaches the FSM (rule 9); default: at once. */
    expiryDelivery?: ExpiryDelivery,
  ) {
    this.current = initial;
    this.timers = new FsmTimers(clock, (event) => this.dispatch(event), expiryDelivery);
  }

  get state(): FsmState {
    return this.current;
  }

  /** Timers running now, for status and tests. */
  runningTimers(): string[] {
    return this.timers.running();
  }

  /** Queues the event and, unless already inside dispatch, handles the queue to the end (rule 3). */
  dispatch(event: FsmEvent): void {
    this.queue.push(event);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
        const { state, actions } = step(this.current, next, this.ctx);
        this.current = state;
        for (const action of actions) applyFsmAction(action, this.ports, this.timers);
      }
    } finally {
      this.draining = false;
    }
  }

  /** Cancels every timer, e.g. when the driver discards this FSM after a collision. */
  dispose(): void {
    this.timers.stopAll();
    this.queue.length = 0;
  }
}
