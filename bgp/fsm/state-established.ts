import { assertNever } from '../../common/index.js';

import type { FsmEvent } from './events.js';
import type { FsmState } from './fsm-state.js';
import { CeaseSubcode, ErrorCode, FsmErrorSubcode } from './notification-codes.js';
import { keepaliveTick } from './state-open-confirm.js';
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

/** RFC 4271 §8.2.2, Established state: UPDATEs flow; every message from the peer restarts the HoldTimer. */
export function established(s: FsmState, event: FsmEvent, ctx: ResolvedContext): Transition {
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
      // A new connection from an Established peer: the driver tracks it; §6.8 closes it when its OPEN
      // arrives unless CollisionDetectEstablishedState is set (see collision.ts).
      return stay(s);
    case 'OpenCollisionDump':
      return toIdle(s, ctx, {
        event,
        notification: ceaseFor(CeaseSubcode.ConnectionCollisionResolution, undefined),
        counter: 'increment',
        restart: 'none',
      });
    case 'NotifMsgVerErr':
    case 'NotifMsg':
    case 'TcpConnectionFails':
      return errorToIdle(s, ctx, event);
    case 'KeepAliveMsg':
      return stay(s, restartHoldTimer(s));
    case 'UpdateMsg':
      return stay(s, [{ type: 'ProcessUpdate' }, ...restartHoldTimer(s)]);
    case 'UpdateMsgErr':
      return errorToIdle(s, ctx, event, notificationOf(ErrorCode.UpdateMessageError, event));
    case 'BGPHeaderErr':
      // The RFC files this under "any other event" (FSM Error); §6.1 names the error more precisely, and
      // that is what peers log, so Twill sends the Message Header Error.
      return errorToIdle(s, ctx, event, notificationOf(ErrorCode.MessageHeaderError, event));
    case 'IdleHoldResetTimer_Expires':
      // Stable for stableSessionSec: the next failure is treated as a first one again.
      return stay({ ...s, idleHoldTimeSec: ctx.config.idleHoldTimeSec });
    // An OPEN, valid or not, on an Established connection, and "any other event (9, 12-13, 20-22)".
    case 'BGPOpen':
    case 'BGPOpenMsgErr':
    case 'ConnectRetryTimer_Expires':
    case 'IdleHoldTimer_Expires':
      return fsmErrorToIdle(s, ctx, event, FsmErrorSubcode.UnexpectedMessageInEstablished);
    default:
      return assertNever(event, 'FSM event');
  }
}

/** "restarts its HoldTimer, if the negotiated HoldTime value is non-zero". */
function restartHoldTimer(s: FsmState) {
  const holdTimeSec = s.negotiated?.holdTimeSec ?? 0;
  return holdTimeSec > 0 ? [startTimer('HoldTimer', holdTimeSec)] : [];
}
