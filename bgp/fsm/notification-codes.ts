/**
 * The NOTIFICATION codes and subcodes the FSM itself sends (RFC 4271 §4.5, §6). The codec in bgp/wire
 * owns the full table; these few are repeated here so the pure FSM does not depend on the codec.
 */
export const ErrorCode = {
  MessageHeaderError: 1,
  OpenMessageError: 2,
  UpdateMessageError: 3,
  HoldTimerExpired: 4,
  FiniteStateMachineError: 5,
  Cease: 6,
} as const;

/** OPEN Message Error subcodes used by the FSM (RFC 4271 §6.2). */
export const OpenMessageErrorSubcode = {
  UnacceptableHoldTime: 6,
} as const;

/** Finite State Machine Error subcodes (RFC 6608 §3): which state received the unexpected message. */
export const FsmErrorSubcode = {
  Unspecified: 0,
  UnexpectedMessageInOpenSent: 1,
  UnexpectedMessageInOpenConfirm: 2,
  UnexpectedMessageInEstablished: 3,
} as const;

/** Cease subcodes (RFC 4486 §4). */
export const CeaseSubcode = {
  MaximumNumberOfPrefixesReached: 1,
  AdministrativeShutdown: 2,
  PeerDeconfigured: 3,
  AdministrativeReset: 4,
  ConnectionRejected: 5,
  OtherConfigurationChange: 6,
  ConnectionCollisionResolution: 7,
  OutOfResources: 8,
} as const;

export type CeaseSubcodeValue = (typeof CeaseSubcode)[keyof typeof CeaseSubcode];
