/**
 * The NOTIFICATION codes and subcodes the FSM itself sends (RFC 4271 §4.5, §6), under the names the FSM
 * code reads with. The numbers come from the codec's table (bgp/wire/notification-codes.ts, itself pure),
 * so there is one source for every value.
 */
import {
  CeaseSubcode as Cease,
  ErrorCode as Code,
  FsmErrorSubcode as Fsm,
  OpenSubcode as Open,
} from '../wire/notification-codes.js';

export const ErrorCode = {
  MessageHeaderError: Code.MESSAGE_HEADER_ERROR,
  OpenMessageError: Code.OPEN_MESSAGE_ERROR,
  UpdateMessageError: Code.UPDATE_MESSAGE_ERROR,
  HoldTimerExpired: Code.HOLD_TIMER_EXPIRED,
  FiniteStateMachineError: Code.FINITE_STATE_MACHINE_ERROR,
  Cease: Code.CEASE,
} as const;

/** OPEN Message Error subcodes used by the FSM (RFC 4271 §6.2). */
export const OpenMessageErrorSubcode = {
  UnacceptableHoldTime: Open.UNACCEPTABLE_HOLD_TIME,
} as const;

/** Finite State Machine Error subcodes (RFC 6608 §3): which state received the unexpected message. */
export const FsmErrorSubcode = {
  Unspecified: Fsm.UNSPECIFIED,
  UnexpectedMessageInOpenSent: Fsm.UNEXPECTED_MESSAGE_IN_OPENSENT,
  UnexpectedMessageInOpenConfirm: Fsm.UNEXPECTED_MESSAGE_IN_OPENCONFIRM,
  UnexpectedMessageInEstablished: Fsm.UNEXPECTED_MESSAGE_IN_ESTABLISHED,
} as const;

/** Cease subcodes (RFC 4486 §4). */
export const CeaseSubcode = {
  MaximumNumberOfPrefixesReached: Cease.MAXIMUM_NUMBER_OF_PREFIXES_REACHED,
  AdministrativeShutdown: Cease.ADMINISTRATIVE_SHUTDOWN,
  PeerDeconfigured: Cease.PEER_DE_CONFIGURED,
  AdministrativeReset: Cease.ADMINISTRATIVE_RESET,
  ConnectionRejected: Cease.CONNECTION_REJECTED,
  OtherConfigurationChange: Cease.OTHER_CONFIGURATION_CHANGE,
  ConnectionCollisionResolution: Cease.CONNECTION_COLLISION_RESOLUTION,
  OutOfResources: Cease.OUT_OF_RESOURCES,
  /** RFC 9384: BFD said the forwarding path is down. */
  BfdDown: Cease.BFD_DOWN,
} as const;

export type CeaseSubcodeValue = (typeof CeaseSubcode)[keyof typeof CeaseSubcode];
