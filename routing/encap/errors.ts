// Typed errors of the encapsulation managers. Callers branch on `code`; messages say what to do.
import { TwillError, type TwillErrorOptions } from '../../common/index.js';

export type EncapErrorCode =
  /** The kernel cannot create ipip links (no module, not built in). */
  | 'IPIP_UNSUPPORTED'
  /** Neither kernel WireGuard nor a usable wireguard-go. */
  | 'WIREGUARD_UNAVAILABLE'
  /** The wireguard-go UAPI socket refused a request or answered something unparsable. */
  | 'UAPI_ERROR'
  /** The private key file could not be read, parsed or written. */
  | 'KEY_FILE'
  /** No interface carries the node address, so there is no uplink to derive an MTU from. */
  | 'NO_UPLINK'
  /** A device could not be created or configured. */
  | 'DEVICE_ERROR'
  /** The input cannot be honoured (missing VTEP MAC or public key, mixed address families). */
  | 'INVALID_ARGUMENT';

export class EncapError extends TwillError<EncapErrorCode> {
  constructor(code: EncapErrorCode, message: string, options: TwillErrorOptions = {}) {
    super(code, message, options);
  }
}
