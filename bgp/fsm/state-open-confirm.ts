import { assertNever } from '../../common/index.js';

import type { FsmAction } from './actions.js';
import type { FsmEvent } from './events.js';
import type { FsmState } from './fsm-state.js';
import { jitteredSec } from './jitter.js';
import { CeaseSubcode, ErrorCode, FsmErrorSubcode } from './notification-codes.js';
import {
  ceaseFor,
  errorToIdle,
  fsmErrorToIdle,
  notificationOf,
  startTimer,
  stay,
  toIdle,
  type ResolvedContext,
  manualStopWithCease,
  type Transition,
} from './transition.js';

/** RFC 4271 §8.2.2, OpenConfirm state: OPENs exchanged, waiting for the peer's first KEEPALIVE. */
export function openConfirm(s: FsmState, event: FsmEvent, ctx: ResolvedContext): Transition {
  switch (event.type) {
    case 'ManualStart':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
      return stay(s);
    case 'ManualStop':
      return manualStopWithCease(s, ctx, event);
    case 'AutomaticStop':
      return errorToIdle(s, ctx, event, ceaseFor(event.ceaseSubcode, event.data));
    case 'HoldTimer_Expires':
      return errorToIdle(s, ctx, event, { code: ErrorCode.HoldTimerExpired, subcode: 0 });
    case 'KeepaliveTimer_Expires':
      return stay(s, keepaliveTick(s, ctx));
    case 'TcpConnection_Valid':
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
      return stay(s);
    case 'TcpConnectionFails':
    case 'NotifMsg':
      return errorToIdle(s, ctx, event);
    case 'NotifMsgVerErr':
      return toIdle(s, ctx, { event, counter: 'keep', restart: 'damped' });
    case 'BGPHeaderErr':
      return errorToIdle(s, ctx, event, notificationOf(ErrorCode.MessageHeaderError, event));
    case 'BGPOpenMsgErr':
      return errorToIdle(s, ctx, event, notificationOf(ErrorCode.OpenMessageError, event));
    case 'OpenCollisionDump':
      return toIdle(s, ctx, {
        event,
        notification: ceaseFor(CeaseSubcode.ConnectionCollisionResolution, undefined),
        counter: 'increment',
        restart: 'none',
      });
    case 'KeepAliveMsg':
      return establish(s, ctx);
    case 'IdleHoldResetTimer_Expires':
      return stay(s);
    // An OPEN on this connection is its second one: unexpected. (The RFC's collision check on BGPOpen
    // here concerns an OPEN on the *other* connection; the driver runs it and sends OpenCollisionDump.)
    // Then "any other event (9, 12-13, 20, 27-28)".
    case 'BGPOpen':
    case 'ConnectRetryTimer_Expires':
    case 'IdleHoldTimer_Expires':
    case 'UpdateMsg':
    case 'UpdateMsgErr':
      return fsmErrorToIdle(s, ctx, event, FsmErrorSubcode.UnexpectedMessageInOpenConfirm);
    default:
      return assertNever(event, 'FSM event');
  }
}

/** KeepaliveTimer expiry (OpenConfirm and Established): send a KEEPALIVE and restart it, jittered (§10). */
export function keepaliveTick(s: FsmState, ctx: ResolvedContext): FsmAction[] {
  const keepaliveTimeSec = s.negotiated?.keepaliveTimeSec ?? 0;
  // A KeepaliveTimer never runs with a zero Hold Time; a late expiry sends nothing.
  if (keepaliveTimeSec === 0) return [];
  return [{ type: 'SendKeepalive' }, startTimer('KeepaliveTimer', jitteredSec(keepaliveTimeSec, ctx.random))];
}

/**
 * The peer's KEEPALIVE confirms its OPEN: restart the HoldTimer, enter Established. Twill also starts the
 * IdleHoldResetTimer: once the session has been up for stableSessionSec, earlier failures are forgiven.
 */
function establish(s: FsmState, ctx: ResolvedContext): Transition {
  const holdTimeSec = s.negotiated?.holdTimeSec ?? 0;
  const keepaliveTimeSec = s.negotiated?.keepaliveTimeSec ?? 0;
  const actions: FsmAction[] = [];
  if (holdTimeSec > 0) actions.push(startTimer('HoldTimer', holdTimeSec));
  actions.push(startTimer('IdleHoldResetTimer', ctx.config.stableSessionSec), {
    type: 'SessionEstablished',
    holdTimeSec,
    keepaliveTimeSec,
  });
  return { state: { ...s, bgpState: 'Established' }, actions };
}
