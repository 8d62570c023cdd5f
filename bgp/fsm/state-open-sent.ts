import { assertNever } from '../../common/index.js';

import type { FsmAction } from './actions.js';
import type { FsmEvent, PeerOpen } from './events.js';
import type { FsmState } from './fsm-state.js';
import { isAcceptableHoldTime, negotiateTimers } from './hold-time.js';
import { jitteredSec } from './jitter.js';
import { CeaseSubcode, ErrorCode, FsmErrorSubcode, OpenMessageErrorSubcode } from './notification-codes.js';
import {
  ceaseFor,
  connectRetrySec,
  errorToIdle,
  fsmErrorToIdle,
  notificationOf,
  startTimer,
  stay,
  stopTimer,
  toIdle,
  type ResolvedContext,
  manualStopWithCease,
  type Transition,
} from './transition.js';

/** RFC 4271 §8.2.2, OpenSent state: our OPEN is out, the peer's is awaited under the large HoldTimer. */
export function openSent(s: FsmState, event: FsmEvent, ctx: ResolvedContext): Transition {
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
    case 'TcpConnection_Valid':
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
      // A second connection from the same peer: the driver tracks it until its OPEN arrives (§6.8).
      return stay(s);
    case 'TcpConnectionFails':
      // "closes the BGP connection, restarts the ConnectRetryTimer, continues to listen ... Active".
      return {
        state: { ...s, bgpState: 'Active' },
        actions: [
          stopTimer('HoldTimer'),
          { type: 'DropTcpConnection' },
          { type: 'ReleaseResources' },
          ...(s.passiveTcpEstablishment ? [] : [startTimer('ConnectRetryTimer', connectRetrySec(ctx))]),
        ],
      };
    case 'BGPOpen':
      return receiveOpen(s, event, event.open, ctx);
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
    case 'NotifMsgVerErr':
      return toIdle(s, ctx, { event, counter: 'keep', restart: 'damped' });
    case 'NotifMsg':
      // The RFC lists NotifMsg under "any other event" (send an FSM Error), but answering a NOTIFICATION
      // with one helps nobody: the peer has already closed. Idle, counted and damped, no NOTIFICATION.
      return errorToIdle(s, ctx, event);
    case 'IdleHoldResetTimer_Expires':
      return stay(s);
    // "Any other event (9, 11-13, 20, 25-28)".
    case 'ConnectRetryTimer_Expires':
    case 'KeepaliveTimer_Expires':
    case 'IdleHoldTimer_Expires':
    case 'KeepAliveMsg':
    case 'UpdateMsg':
    case 'UpdateMsgErr':
      return fsmErrorToIdle(s, ctx, event, FsmErrorSubcode.UnexpectedMessageInOpenSent);
    default:
      return assertNever(event, 'FSM event');
  }
}

/**
 * A valid OPEN: send KEEPALIVE, set HoldTimer and KeepaliveTimer to the negotiated values (none when the
 * Hold Time is 0), go to OpenConfirm. A proposed Hold Time of 1 or 2 s is refused (§6.2, subcode 6).
 */
function receiveOpen(s: FsmState, event: FsmEvent, open: PeerOpen, ctx: ResolvedContext): Transition {
  if (!isAcceptableHoldTime(open.holdTimeSec)) {
    return errorToIdle(s, ctx, event, {
      code: ErrorCode.OpenMessageError,
      subcode: OpenMessageErrorSubcode.UnacceptableHoldTime,
    });
  }
  const negotiated = negotiateTimers(ctx.config.holdTimeSec, open.holdTimeSec, ctx.config.keepaliveTimeSec);
  const actions: FsmAction[] = [{ type: 'SendKeepalive' }];
  if (negotiated.holdTimeSec === 0) {
    actions.push(stopTimer('HoldTimer'));
  } else {
    actions.push(
      startTimer('KeepaliveTimer', jitteredSec(negotiated.keepaliveTimeSec, ctx.random)),
      startTimer('HoldTimer', negotiated.holdTimeSec),
    );
  }
  return {
    state: { ...s, bgpState: 'OpenConfirm', negotiated, peerBgpIdentifier: open.bgpIdentifier },
    actions,
  };
}
