// Public API of the pure BGP FSM (RFC 4271 §8). bgp/session imports from here.

export {
  FSM_TIMERS,
  type DownCause,
  type FsmAction,
  type FsmActionType,
  type FsmTimer,
  type Notification,
} from './actions.js';
export {
  deconfigurePeer,
  disabledAdmin,
  disablePeer,
  ENABLED,
  enablePeer,
  resetPeer,
  type AdminChange,
  type AdminState,
  type StartMode,
} from './admin-state.js';
export {
  resolveCollision,
  survivingInitiator,
  type CollisionInput,
  type CollisionResolution,
  type ConnectionInitiator,
} from './collision.js';
export { DEFAULT_FSM_CONFIG, fsmConfig, validateFsmConfig, type FsmConfig } from './config.js';
export { applyFsmAction, FsmRunner, type FsmDriverPorts } from './driver-contract.js';
export { FsmError, type FsmErrorCode } from './fsm-error.js';
export { initialFsmState, type FsmState } from './fsm-state.js';
export { expiryEvent, FsmTimers, type ExpiryDelivery } from './fsm-timers.js';
export { isMessageEvent, type FsmEvent, type FsmEventType, type PeerOpen } from './events.js';
export {
  isAcceptableHoldTime,
  MAX_HOLD_TIME_SEC,
  MIN_NONZERO_HOLD_TIME_SEC,
  negotiateTimers,
  type NegotiatedTimers,
} from './hold-time.js';
export { jitteredSec, noJitter, type RandomSource } from './jitter.js';
export {
  CeaseSubcode,
  ErrorCode,
  FsmErrorSubcode,
  OpenMessageErrorSubcode,
  type CeaseSubcodeValue,
} from './notification-codes.js';
export {
  decodeShutdownCommunication,
  encodeShutdownCommunication,
  MAX_SHUTDOWN_COMMUNICATION_BYTES,
} from './shutdown-communication.js';
export { BGP_STATES, type BgpState } from './states.js';
export { step } from './step.js';
export { TIMERS_BY_STATE, type StepContext, type Transition } from './transition.js';
