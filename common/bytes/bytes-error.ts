import { TwillError } from '../errors.js';

export type BytesErrorCode =
  /** A read wanted more bytes than the reader has left (truncated or lying length field). */
  | 'READ_OUT_OF_BOUNDS'
  /** expectEnd() found unread bytes (a length field larger than its content). */
  | 'TRAILING_BYTES'
  /** A value does not fit the width it is written in. */
  | 'VALUE_OUT_OF_RANGE'
  /** beginLength()/endLength() calls do not nest, or toBuffer() was called with a length still open. */
  | 'UNBALANCED_LENGTH';

export class BytesError extends TwillError<BytesErrorCode> {}
