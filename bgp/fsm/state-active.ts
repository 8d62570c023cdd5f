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
 * RFC 4271 §8.2.2, Active state: listening for the peer to connect. An active peer comes here after a
 * failed attempt and tries again when ConnectRetryTimer expires; a passive peer waits here for good.
 */
export function active(s: FsmState, event: FsmEvent, ctx: ResolvedContext): Transition {
  switch (event.type) {
    case 'ManualStart':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
      return stay(s);
    case 'ManualStop':
      return toIdle(s, ctx, { event, counter: 'reset', restart: 'stopped' });
    case 'ConnectRetryTimer_Expires':
      // Passive peers never initiate (see startFromIdle); they run no ConnectRetryTimer, so this is stale.
      if (s.passiveTcpEstablishment) return stay(s);
      return {
        state: { ...s, bgpState: 'Connect' },
        actions: [startTimer('ConnectRetryTimer', connectRetrySec(ctx)), { type: 'InitiateTcpConnection' }],
      };
    case 'TcpConnection_Valid':
      return stay(s);
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
      return tcpConnectionUp(s, ctx);
    case 'IdleHoldResetTimer_Expires':
      return stay(s);
    // TcpConnectionFails, BGPHeaderErr, BGPOpenMsgErr, NotifMsgVerErr and "any other event (8, 10-11, 13,
    // 19, 23, 25-28)": Idle with ConnectRetryCounter + 1 and damping. (For TcpConnectionFails the RFC also
    // restarts ConnectRetryTimer, which Idle then ignores; Twill's restart is the IdleHoldTimer.)
    case 'TcpConnectionFails':
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
