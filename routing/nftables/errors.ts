// Typed errors of the nftables policy layer. Callers branch on `code`.
import { TwillError, type TwillErrorOptions } from '../../common/index.js';

export type NftablesErrorCode =
  /** The kernel or libnftables refused a batch; nothing of it was committed. details.command names it. */
  | 'NFT_APPLY_FAILED'
  /** Listing Twill's table failed for another reason than its absence. */
  | 'NFT_LIST_FAILED'
  /** An input the compiler cannot honour (bad CIDR, endPort without a numeric port, bad interface name). */
  | 'INVALID_INPUT';

export class NftablesError extends TwillError<NftablesErrorCode> {
  constructor(code: NftablesErrorCode, message: string, options: TwillErrorOptions = {}) {
    super(code, message, options);
  }
}
