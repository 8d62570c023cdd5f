import type { FsmEventType } from './events.js';

/**
 * The timers of RFC 4271 §8 (ConnectRetryTimer, HoldTimer, KeepaliveTimer; IdleHoldTimer from the
 * optional DampPeerOscillations attributes of §8.1.1) plus Twill's IdleHoldResetTimer, which decides
 * when a session has been up long enough to forget earlier failures (the RFC leaves that open).
 */
export type FsmTimer =
  'ConnectRetryTimer' | 'HoldTimer' | 'KeepaliveTimer' | 'IdleHoldTimer' | 'IdleHoldResetTimer';

export const FSM_TIMERS: readonly FsmTimer[] = [
  'ConnectRetryTimer',
  'HoldTimer',
  'KeepaliveTimer',
  'IdleHoldTimer',
  'IdleHoldResetTimer',
];

/** A NOTIFICATION to send (RFC 4271 §4.5); the session encodes it with the codec. */
export interface Notification {
  readonly code: number;
  readonly subcode: number;
  readonly data?: Uint8Array;
}

/** Why a session left Established or a connection attempt ended, for status ("last error") and logs. */
export interface DownCause {
  /** The event that caused the transition to Idle. */
  readonly event: FsmEventType;
  /** The NOTIFICATION we sent, if any. */
  readonly sent?: Notification;
  /** The NOTIFICATION the peer sent, if that was the cause. */
  readonly received?: Notification;
}

/**
 * What the FSM asks its driver to do, in order. Data only: the driver (bgp/session) performs them; see
 * driver-contract.ts. StartTimer always (re)starts: a running timer of that name is cancelled first.
 */
export type FsmAction =
  | { readonly type: 'StartTimer'; readonly timer: FsmTimer; readonly durationSec: number }
  | { readonly type: 'StopTimer'; readonly timer: FsmTimer }
  | { readonly type: 'InitiateTcpConnection' }
  | { readonly type: 'DropTcpConnection' }
  | { readonly type: 'SendOpen' }
  | { readonly type: 'SendKeepalive' }
  | { readonly type: 'SendNotification'; readonly notification: Notification }
  /** Hand the UPDATE that came with the UpdateMsg event to the RIB (RFC 4271 §9). */
  | { readonly type: 'ProcessUpdate' }
  /** Free per-connection state (buffers, negotiated capabilities). */
  | { readonly type: 'ReleaseResources' }
  /** Entered Established: the RIB may send the initial table. Timers as negotiated (§4.2). */
  | { readonly type: 'SessionEstablished'; readonly holdTimeSec: number; readonly keepaliveTimeSec: number }
  /** Left Established: "deletes all routes associated with this connection" (§8.2.2), i.e. the RIB drops them. */
  | { readonly type: 'SessionDown'; readonly cause: DownCause };

export type FsmActionType = FsmAction['type'];
