import { TwillError } from '../errors.js';

export type IpErrorCode =
  /** Text or bytes that are not a valid address of the expected family. */
  | 'INVALID_IP_ADDRESS'
  /** Text or bytes that are not a valid prefix (includes host bits set where a strict prefix was asked for). */
  | 'INVALID_PREFIX'
  /** A prefix length argument outside 0..32 / 0..128, or not allowed for the operation. */
  | 'INVALID_PREFIX_LENGTH'
  /** Stepping past the last address of the family (255.255.255.255, ffff:...:ffff). */
  | 'ADDRESS_OVERFLOW'
  /** Stepping before the first address of the family (0.0.0.0, ::). */
  | 'ADDRESS_UNDERFLOW'
  /** `Prefix.addressAt(i)` with `i` outside `0 .. size-1`. */
  | 'INDEX_OUT_OF_RANGE'
  /** `Prefix.split()` would produce more sub-prefixes than the caller allowed. */
  | 'SPLIT_TOO_LARGE'
  /** A numeric argument that is not an integer of the expected kind. */
  | 'INVALID_ARGUMENT';

export class IpError extends TwillError<IpErrorCode> {}

/** Validates an integer step/index argument and returns it as a bigint. */
export function toBigIntArgument(value: number | bigint, name: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) {
    throw new IpError('INVALID_ARGUMENT', `${name} must be a safe integer, got ${value}`, {
      details: { [name]: value },
    });
  }
  return BigInt(value);
}
