// Public API of the IPAM layer (daemon/cni and twillctl import from here only).

export { IpamAllocator, type AllocateRequest, type IpamAllocatorOptions } from './allocator.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './cas-retry.js';
export { checkIpam, loadSnapshot, releaseLeaked } from './check.js';
export type { ReleasedAddress } from './block-store.js';
export {
  checkConsistency,
  type ConsistencyReport,
  type IpamSnapshot,
  type LeakedAllocation,
} from './core/consistency.js';
export { blockAt, blockCount, blockIndex, ordinalOf } from './core/block-math.js';
export { allocationsIn, type BlockAllocation } from './core/block-allocation.js';
export { affinityName, affinityNode, blockName, handleName, hostAffinity } from './core/names.js';
export { ownerAttributes, ownerOf, type AddressOwner } from './core/owner.js';
export { IpamError, type IpamErrorCode } from './errors.js';
export { IpamGarbageCollector, type GcPassResult, type IpamGarbageCollectorOptions } from './gc.js';
export type { IpamDepsOptions } from './ipam-deps.js';
