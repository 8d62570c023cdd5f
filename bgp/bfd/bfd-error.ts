import { TwillError } from '../../common/index.js';

/**
 * Why a received Control packet is discarded (RFC 5880 §6.8.6 lists the checks) or why a configuration
 * is refused. The receiver drops the packet and counts the code; it never resets anything else.
 */
export type BfdErrorCode =
  | 'BAD_VERSION'
  | 'BAD_LENGTH'
  | 'ZERO_DETECT_MULT'
  | 'MULTIPOINT'
  | 'ZERO_MY_DISCRIMINATOR'
  | 'ZERO_YOUR_DISCRIMINATOR'
  | 'BAD_AUTH'
  | 'UNEXPECTED_AUTH'
  | 'MISSING_AUTH'
  | 'NO_SESSION'
  | 'INVALID_CONFIG';

export class BfdError extends TwillError<BfdErrorCode> {}
