import { TwillError } from '../../common/index.js';

export type FsmErrorCode =
  /** An FsmConfig value outside what RFC 4271 allows (e.g. a hold time of 1 or 2 seconds, §4.2). */
  | 'INVALID_FSM_CONFIG'
  /** The injected random source returned something outside [0, 1]. */
  | 'INVALID_RANDOM'
  /** A BGP Identifier that is not an unsigned 32-bit integer. */
  | 'INVALID_BGP_IDENTIFIER';

export class FsmError extends TwillError<FsmErrorCode> {}
