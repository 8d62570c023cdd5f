import { assertNever } from '../../common/index.js';

import type { FsmEvent } from './events.js';
import type { FsmState } from './fsm-state.js';
import {
  connectRetrySec,
  errorToIdle,
  startTimer,
  stay,
  tcpConnectionUp,
  toIdle,
  type ResolvedContext,
  type Transition,
} from './transition.js';

/**
 * RFC 4271 §8.2.2, Connect state: a TCP connection attempt is under way. No DelayOpen, so a connection
 * that comes up sends OPEN at once. No NOTIFICATION can be sent here: no OPEN has been sent yet
 * (SendNOTIFICATIONwithoutOPEN is FALSE).
 */
export function connect(s: FsmState, event: FsmEvent, ctx: ResolvedContext): Transition {
  switch (event.type) {
    case 'ManualStart':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
      return stay(s);
    case 'ManualStop':
      return toIdle(s, ctx, { event, counter: 'reset', restart: 'stopped' });
    case 'ConnectRetryTimer_Expires':
      // The attempt hangs (no SYN-ACK): abandon it and try again.
      return stay(s, [
        { type: 'DropTcpConnection' },
        startTimer('ConnectRetryTimer', connectRetrySec(ctx)),
        { type: 'InitiateTcpConnection' },
      ]);
    case 'TcpConnection_Valid':
      return stay(s);
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
      return tcpConnectionUp(s, ctx);
    case 'TcpConnectionFails':
      // The RFC does not count this one in ConnectRetryCounter, but it does go to Idle (and so is damped).
      return toIdle(s, ctx, { event, counter: 'keep', restart: 'damped' });
    case 'IdleHoldResetTimer_Expires':
      // Twill's bookkeeping timer only runs in Established; a late expiry means nothing here.
      return stay(s);
    // BGPHeaderErr, BGPOpenMsgErr, NotifMsgVerErr and "any other event (8, 10-11, 13, 19, 23, 25-28)".
    case 'AutomaticStop':
    case 'HoldTimer_Expires':
    case 'KeepaliveTimer_Expires':
    case 'IdleHoldTimer_Expires':
    case 'BGPOpen':
    case 'BGPHeaderErr':
    case 'BGPOpenMsgErr':
    case 'OpenCollisionDump':
    case 'NotifMsgVerErr':
    case 'NotifMsg':
    case 'KeepAliveMsg':
    case 'UpdateMsg':
    case 'UpdateMsgErr':
      return errorToIdle(s, ctx, event);
    default:
      return assertNever(event, 'FSM event');
  }
}
