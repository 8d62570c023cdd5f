// Public API of the libnftables addon.
export {
  failingCommandOf,
  NftBatchError,
  nftGeneration,
  runNftBatch,
  type NftBatchErrorCode,
  type NftRunOptions,
  type NftRunResult,
} from './nftables.js';
