// Public API of the libnftables addon.
export {
  failingCommandOf,
  NftBatchError,
  runNftBatch,
  type NftBatchErrorCode,
  type NftRunOptions,
  type NftRunResult,
} from './nftables.js';
