import { assertNever } from '../../common/index.js';

import type { CeaseSubcodeValue } from './notification-codes.js';

/** What the FSM needs from a received, valid OPEN (the session has already checked the rest, §6.2). */
export interface PeerOpen {
  /** The peer's proposed Hold Time (§4.2). */
  readonly holdTimeSec: number;
  /** The peer's BGP Identifier as an unsigned 32-bit integer. */
  readonly bgpIdentifier: number;
}

/**
 * The events of RFC 4271 §8.1, named as the RFC names them. Not modelled: the DelayOpen events (12, 20),
 * Tcp_CR_Invalid (15: the driver refuses such connections before any FSM sees them) and the
 * DampPeerOscillations start events (6, 7: Twill damps with IdleHoldTimer instead, see state-idle.ts).
 * IdleHoldResetTimer_Expires is Twill's own (see actions.ts).
 */
export type FsmEvent =
  | { readonly type: 'ManualStart' }
  | { readonly type: 'ManualStop'; readonly ceaseSubcode?: CeaseSubcodeValue; readonly data?: Uint8Array }
  | { readonly type: 'AutomaticStart' }
  | { readonly type: 'ManualStart_with_PassiveTcpEstablishment' }
  | { readonly type: 'AutomaticStart_with_PassiveTcpEstablishment' }
  /** E.g. the maximum-prefix limit (Cease subcode 1); the subcode goes into the NOTIFICATION. */
  | { readonly type: 'AutomaticStop'; readonly ceaseSubcode: CeaseSubcodeValue; readonly data?: Uint8Array }
  | { readonly type: 'ConnectRetryTimer_Expires' }
  | { readonly type: 'HoldTimer_Expires' }
  | { readonly type: 'KeepaliveTimer_Expires' }
  | { readonly type: 'IdleHoldTimer_Expires' }
  | { readonly type: 'IdleHoldResetTimer_Expires' }
  | { readonly type: 'TcpConnection_Valid' }
  | { readonly type: 'Tcp_CR_Acked' }
  | { readonly type: 'TcpConnectionConfirmed' }
  | { readonly type: 'TcpConnectionFails' }
  | { readonly type: 'BGPOpen'; readonly open: PeerOpen }
  | { readonly type: 'BGPHeaderErr'; readonly subcode: number; readonly data?: Uint8Array }
  | { readonly type: 'BGPOpenMsgErr'; readonly subcode: number; readonly data?: Uint8Array }
  | { readonly type: 'OpenCollisionDump' }
  | { readonly type: 'NotifMsgVerErr' }
  | { readonly type: 'NotifMsg'; readonly code: number; readonly subcode: number; readonly data?: Uint8Array }
  | { readonly type: 'KeepAliveMsg' }
  | { readonly type: 'UpdateMsg' }
  | { readonly type: 'UpdateMsgErr'; readonly subcode: number; readonly data?: Uint8Array };

export type FsmEventType = FsmEvent['type'];

/** Events that stand for a message received from the peer (RFC 6608 sends FSM errors for these). */
export function isMessageEvent(type: FsmEventType): boolean {
  switch (type) {
    case 'BGPOpen':
    case 'BGPHeaderErr':
    case 'BGPOpenMsgErr':
    case 'NotifMsgVerErr':
    case 'NotifMsg':
    case 'KeepAliveMsg':
    case 'UpdateMsg':
    case 'UpdateMsgErr':
      return true;
    case 'ManualStart':
    case 'ManualStop':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
    case 'AutomaticStop':
    case 'ConnectRetryTimer_Expires':
    case 'HoldTimer_Expires':
    case 'KeepaliveTimer_Expires':
    case 'IdleHoldTimer_Expires':
    case 'IdleHoldResetTimer_Expires':
    case 'TcpConnection_Valid':
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
    case 'TcpConnectionFails':
    case 'OpenCollisionDump':
      return false;
    default:
      return assertNever(type, 'FSM event type');
  }
}
