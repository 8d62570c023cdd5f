import { assertNever } from '../../common/index.js';

import type { FsmEvent } from './events.js';
import type { FsmState } from './fsm-state.js';
import { startFromIdle, stay, stopTimer, type ResolvedContext, type Transition } from './transition.js';

/**
 * RFC 4271 §8.2.2, Idle state. "Refuses all incoming BGP connections" (the driver does that, see
 * driver-contract.ts); start events leave Idle, everything else is ignored.
 *
 * Damping (§8.1.1 DampPeerOscillations, whose method the RFC leaves open): after an error the FSM falls
 * here with IdleHoldTimer running, and its expiry is the automatic start. ManualStop, ignored here by the
 * RFC, cancels that pending restart: an operator who disables a peer must not see it reconnect.
 */
export function idle(s: FsmState, event: FsmEvent, ctx: ResolvedContext): Transition {
  switch (event.type) {
    case 'ManualStart':
      return startFromIdle(s, ctx, false, true);
    case 'ManualStart_with_PassiveTcpEstablishment':
      return startFromIdle(s, ctx, true, true);
    case 'AutomaticStart':
      return startFromIdle(s, ctx, false, false);
    case 'AutomaticStart_with_PassiveTcpEstablishment':
      return startFromIdle(s, ctx, true, false);
    case 'IdleHoldTimer_Expires':
      if (!s.automaticRestart) return stay(s);
      return startFromIdle(s, ctx, s.passiveTcpEstablishment, false);
    case 'ManualStop':
      return stay({ ...s, automaticRestart: false, connectRetryCounter: 0 }, [stopTimer('IdleHoldTimer')]);
    // "Any other event (Events 9-12, 15-28) received in the Idle state does not cause change in the state."
    case 'AutomaticStop':
    case 'ConnectRetryTimer_Expires':
    case 'HoldTimer_Expires':
    case 'KeepaliveTimer_Expires':
    case 'IdleHoldResetTimer_Expires':
    case 'TcpConnection_Valid':
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
    case 'TcpConnectionFails':
    case 'BGPOpen':
    case 'BGPHeaderErr':
    case 'BGPOpenMsgErr':
    case 'OpenCollisionDump':
    case 'NotifMsgVerErr':
    case 'NotifMsg':
    case 'KeepAliveMsg':
    case 'UpdateMsg':
    case 'UpdateMsgErr':
      return stay(s);
    default:
      return assertNever(event, 'FSM event');
  }
}
