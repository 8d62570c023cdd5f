import type { DownCause } from './actions.js';
import type { FsmConfig } from './config.js';
import type { NegotiatedTimers } from './hold-time.js';
import type { BgpState } from './states.js';

/**
 * Everything the FSM remembers between events for one connection (RFC 4271 §8: one FSM per connection;
 * see driver-contract.ts for the second connection of a collision). Immutable: step() returns a new one.
 * Admin state (admin-state.ts) is deliberately not here: an operator's "disabled, because ..." outlives
 * every FSM instance and only reaches the FSM as ManualStart/ManualStop events.
 */
export interface FsmState {
  readonly bgpState: BgpState;
  /** §8.1.1 ConnectRetryCounter: consecutive failures since the last ManualStop or start from Idle. */
  readonly connectRetryCounter: number;
  /** §8.1.1 PassiveTcpEstablishment, set by the start event that left Idle. */
  readonly passiveTcpEstablishment: boolean;
  /**
   * A start event is in force (cleared by ManualStop): after an error the FSM restarts itself once the
   * IdleHoldTimer expires. Without it the FSM waits in Idle for the next start event.
   */
  readonly automaticRestart: boolean;
  /** The IdleHoldTime the next error will wait; doubles per error, reset by a stable session. */
  readonly idleHoldTimeSec: number;
  /** Hold/Keepalive times agreed from the peer's OPEN; present in OpenConfirm and Established only. */
  readonly negotiated?: NegotiatedTimers;
  /** The peer's BGP Identifier from its OPEN (for collision resolution, §6.8); with `negotiated`. */
  readonly peerBgpIdentifier?: number;
  /** Why the FSM last fell back to Idle: status shows it as the peer's "last error". */
  readonly lastDownCause?: DownCause;
}

/** A fresh FSM in Idle, as created for a configured peer or for an incoming connection. */
export function initialFsmState(config: FsmConfig): FsmState {
  return {
    bgpState: 'Idle',
    connectRetryCounter: 0,
    passiveTcpEstablishment: false,
    automaticRestart: false,
    idleHoldTimeSec: config.idleHoldTimeSec,
  };
}
