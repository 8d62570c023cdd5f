/**
 * The building blocks every state's handler shares: the result type, the context, and the moves that
 * RFC 4271 §8.2.2 repeats in almost every state (start from Idle, send OPEN, fall back to Idle).
 */
import type { DownCause, FsmAction, FsmTimer, Notification } from './actions.js';
import type { FsmConfig } from './config.js';
import { isMessageEvent, type FsmEvent } from './events.js';
import type { FsmState } from './fsm-state.js';
import { jitteredSec, type RandomSource } from './jitter.js';
import { CeaseSubcode, ErrorCode, FsmErrorSubcode } from './notification-codes.js';
import type { BgpState } from './states.js';

export interface Transition {
  readonly state: FsmState;
  readonly actions: readonly FsmAction[];
}

/** What step() needs besides state and event; both parts optional (see jitter.ts for the default). */
export interface StepContext {
  readonly config?: FsmConfig;
  readonly random?: RandomSource;
}

export interface ResolvedContext {
  readonly config: FsmConfig;
  readonly random: RandomSource;
}

/**
 * The timers that can be running in each state. Leaving a state stops exactly these, and the tests check
 * after every step that no other timer is left running.
 */
export const TIMERS_BY_STATE: Readonly<Record<BgpState, readonly FsmTimer[]>> = {
  Idle: ['IdleHoldTimer'],
  Connect: ['ConnectRetryTimer'],
  Active: ['ConnectRetryTimer'],
  OpenSent: ['HoldTimer'],
  OpenConfirm: ['HoldTimer', 'KeepaliveTimer'],
  Established: ['HoldTimer', 'KeepaliveTimer', 'IdleHoldResetTimer'],
};

export const startTimer = (timer: FsmTimer, durationSec: number): FsmAction => ({
  type: 'StartTimer',
  timer,
  durationSec,
});
export const stopTimer = (timer: FsmTimer): FsmAction => ({ type: 'StopTimer', timer });
export const sendNotification = (notification: Notification): FsmAction => ({
  type: 'SendNotification',
  notification,
});

export function stay(state: FsmState, actions: readonly FsmAction[] = []): Transition {
  return { state, actions };
}

/**
 * Idle + a start event (§8.2.2 Idle): ConnectRetryCounter to zero, then either connect (ConnectRetryTimer
 * started, TCP connection initiated, Connect) or, passive, only listen (Active). Twill's passive peers never
 * initiate, as BIRD's, FRR's and GoBGP's `passive` do; RFC 4271's passive mode would connect after the
 * first ConnectRetryTimer, so no ConnectRetryTimer runs for them.
 */
export function startFromIdle(
  s: FsmState,
  ctx: ResolvedContext,
  passive: boolean,
  resetDamping: boolean,
): Transition {
  const state: FsmState = {
    bgpState: passive ? 'Active' : 'Connect',
    connectRetryCounter: 0,
    passiveTcpEstablishment: passive,
    automaticRestart: true,
    // An operator's start is a deliberate retry: it clears the damping earned by earlier failures.
    idleHoldTimeSec: resetDamping ? ctx.config.idleHoldTimeSec : s.idleHoldTimeSec,
    ...(s.lastDownCause !== undefined ? { lastDownCause: s.lastDownCause } : {}),
  };
  const actions: FsmAction[] = [stopTimer('IdleHoldTimer')];
  if (!passive) {
    actions.push(startTimer('ConnectRetryTimer', connectRetrySec(ctx)), { type: 'InitiateTcpConnection' });
  }
  return { state, actions };
}

export function connectRetrySec(ctx: ResolvedContext): number {
  return jitteredSec(ctx.config.connectRetryTimeSec, ctx.random);
}

/**
 * Connect/Active + Tcp_CR_Acked or TcpConnectionConfirmed (without DelayOpen): stop ConnectRetryTimer,
 * send OPEN, set the HoldTimer to the large value while the peer's OPEN is awaited, go to OpenSent.
 */
export function tcpConnectionUp(s: FsmState, ctx: ResolvedContext): Transition {
  return {
    state: { ...s, bgpState: 'OpenSent' },
    actions: [
      stopTimer('ConnectRetryTimer'),
      { type: 'SendOpen' },
      startTimer('HoldTimer', ctx.config.largeHoldTimeSec),
    ],
  };
}

export interface ToIdle {
  /** The event that causes it (kept as the down cause). */
  readonly event: FsmEvent;
  /** The NOTIFICATION to send before the connection is dropped, if any. */
  readonly notification?: Notification;
  /** What happens to ConnectRetryCounter: ManualStop resets it, errors increment it (§8.2.2). */
  readonly counter: 'reset' | 'increment' | 'keep';
  /**
   * 'damped': restart after IdleHoldTime if a start is in force (§8.1.1 DampPeerOscillations);
   * 'stopped': ManualStop, automatic restart off; 'none': no restart (the loser of a collision, whose
   * peer carries on over the other connection).
   */
  readonly restart: 'damped' | 'stopped' | 'none';
}

/**
 * The common fall back to Idle: send the NOTIFICATION, stop the timers of the state being left, drop the
 * connection, release resources, tell the RIB if the session was Established, and schedule the damped
 * restart. IdleHoldTime doubles for the next error, up to the cap.
 */
export function toIdle(s: FsmState, ctx: ResolvedContext, t: ToIdle): Transition {
  const cause = downCause(t.event, t.notification);
  const actions: FsmAction[] = [];
  if (t.notification !== undefined) actions.push(sendNotification(t.notification));
  for (const timer of TIMERS_BY_STATE[s.bgpState]) actions.push(stopTimer(timer));
  actions.push({ type: 'DropTcpConnection' }, { type: 'ReleaseResources' });
  if (s.bgpState === 'Established') actions.push({ type: 'SessionDown', cause });

  const automaticRestart = t.restart === 'stopped' ? false : s.automaticRestart;
  let idleHoldTimeSec = s.idleHoldTimeSec;
  if (t.restart === 'damped' && automaticRestart) {
    actions.push(startTimer('IdleHoldTimer', idleHoldTimeSec));
    if (ctx.config.dampPeerOscillations) {
      idleHoldTimeSec = Math.min(idleHoldTimeSec * 2, ctx.config.maxIdleHoldTimeSec);
    }
  }
  const connectRetryCounter =
    t.counter === 'reset' ? 0 : t.counter === 'increment' ? s.connectRetryCounter + 1 : s.connectRetryCounter;
  return {
    state: {
      bgpState: 'Idle',
      connectRetryCounter,
      passiveTcpEstablishment: s.passiveTcpEstablishment,
      automaticRestart,
      idleHoldTimeSec,
      lastDownCause: cause,
    },
    actions,
  };
}

/** An error after which the FSM restarts itself (damped); the common case of §8.2.2. */
export function errorToIdle(
  s: FsmState,
  ctx: ResolvedContext,
  event: FsmEvent,
  notification?: Notification,
): Transition {
  return toIdle(s, ctx, {
    event,
    counter: 'increment',
    restart: 'damped',
    ...(notification !== undefined ? { notification } : {}),
  });
}

/**
 * "Any other event" in OpenSent, OpenConfirm and Established (§8.2.2): NOTIFICATION Finite State Machine
 * Error. RFC 6608 gives the subcode naming the state for unexpected messages; other events get 0.
 */
export function fsmErrorToIdle(
  s: FsmState,
  ctx: ResolvedContext,
  event: FsmEvent,
  messageSubcode: number,
): Transition {
  const subcode = isMessageEvent(event.type) ? messageSubcode : FsmErrorSubcode.Unspecified;
  return errorToIdle(s, ctx, event, { code: ErrorCode.FiniteStateMachineError, subcode });
}

/**
 * ManualStop once OPENs are in flight (OpenSent, OpenConfirm, Established, §8.2.2): Cease
 * (Administrative Shutdown unless the stop names another subcode, RFC 4486; data per RFC 9003),
 * ConnectRetryCounter reset, and no automatic restart.
 */
export function manualStopWithCease(
  s: FsmState,
  ctx: ResolvedContext,
  event: Extract<FsmEvent, { type: 'ManualStop' }>,
): Transition {
  return toIdle(s, ctx, {
    event,
    notification: ceaseFor(event.ceaseSubcode ?? CeaseSubcode.AdministrativeShutdown, event.data),
    counter: 'reset',
    restart: 'stopped',
  });
}

/** The NOTIFICATION carried by a stop event: Cease with its subcode (RFC 4486) and data (RFC 9003). */
export function ceaseFor(subcode: number, data: Uint8Array | undefined): Notification {
  return { code: ErrorCode.Cease, subcode, ...(data !== undefined ? { data } : {}) };
}

/** The NOTIFICATION for an error event that carries its own subcode and data (header, OPEN, UPDATE errors). */
export function notificationOf(
  code: number,
  event: { readonly subcode: number; readonly data?: Uint8Array },
): Notification {
  return { code, subcode: event.subcode, ...(event.data !== undefined ? { data: event.data } : {}) };
}

function downCause(event: FsmEvent, sent: Notification | undefined): DownCause {
  const received: Notification | undefined =
    event.type === 'NotifMsg'
      ? {
          code: event.code,
          subcode: event.subcode,
          ...(event.data !== undefined ? { data: event.data } : {}),
        }
      : undefined;
  return {
    event: event.type,
    ...(sent !== undefined ? { sent } : {}),
    ...(received !== undefined ? { received } : {}),
  };
}
