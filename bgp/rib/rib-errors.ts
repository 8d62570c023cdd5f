import { TwillError } from '../../common/index.js';

/** Errors of the RIB layer: all are caller mistakes (the RIB never fails on what a peer sends). */
export type RibErrorCode =
  | 'UNKNOWN_PEER'
  | 'DUPLICATE_PEER'
  | 'ATTRIBUTE_SET_RELEASED'
  | 'WRONG_FAMILY'
  | 'MESSAGE_TOO_SMALL'
  | 'INVALID_ARGUMENT';

export class RibError extends TwillError<RibErrorCode> {}
