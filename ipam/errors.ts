import { TwillError } from '../common/index.js';

/**
 * Codes callers (twill-cni, twillctl) branch on:
 * - NO_POOL: no enabled pool of the family selects this node; the fix is a pool or a nodeSelector.
 * - POOL_EXHAUSTED: every usable address is taken (including borrowable ones when allowed).
 * - STRICT_AFFINITY: other nodes' blocks have room, but IPAMConfiguration.strictAffinity forbids borrowing.
 * - MAX_BLOCKS_PER_HOST: the node holds maxBlocksPerHost blocks, all full, and borrowing is forbidden.
 * - RETRIES_EXHAUSTED: compare-and-swap kept losing; the datastore is contended or flapping.
 * - ADDRESS_NOT_IN_POOL: release of an address no block covers.
 * - HANDLE_COLLISION: two handle IDs mapped to one resource name (only possible with hashed names).
 * - INVALID_ARGUMENT: a malformed request.
 */
export type IpamErrorCode =
  | 'NO_POOL'
  | 'POOL_EXHAUSTED'
  | 'STRICT_AFFINITY'
  | 'MAX_BLOCKS_PER_HOST'
  | 'RETRIES_EXHAUSTED'
  | 'ADDRESS_NOT_IN_POOL'
  | 'HANDLE_COLLISION'
  | 'INVALID_ARGUMENT';

export class IpamError extends TwillError<IpamErrorCode> {}
