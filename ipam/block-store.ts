import { isTwillError, parsePrefix, type IpAddress } from '../common/index.js';
import type { AllocationAttribute, IPAMBlock, IPAMBlockSpec } from '../datastore/index.js';
import { retryOnConflict, RetryableConflict } from './cas-retry.js';
import {
  assignInBlock,
  freeCount,
  releaseInBlock,
  type BlockAllocation,
  type ReleaseTarget,
} from './core/block-allocation.js';
import { adjustHandle } from './handle-store.js';
import { getIfExists, type IpamDeps } from './ipam-deps.js';

/** Takes up to `count` addresses from one block for `attribute.handleID`; fewer (or none) if it is full. */
export async function assignFromBlock(
  deps: IpamDeps,
  blockName: string,
  count: number,
  attribute: AllocationAttribute & { readonly handleID: string },
  requireAffinity: string | undefined,
): Promise<IpAddress[]> {
  let block = await getIfExists(deps.backend, 'IPAMBlock', blockName);
  const usable = (b: IPAMBlock | undefined): b is IPAMBlock =>
    b !== undefined &&
    b.spec.deleted !== true &&
    (requireAffinity === undefined || b.spec.affinity === requireAffinity);
  if (!usable(block)) return [];
  const planned = Math.min(count, freeCount(block.spec));
  if (planned === 0) return [];
  const cidr = block.spec.cidr;
  await adjustHandle(deps, attribute.handleID, cidr, planned);
  let ordinals: readonly number[] = [];
  try {
    ordinals = await retryOnConflict(`assign from block ${blockName}`, deps.retry, async (attempt) => {
      if (attempt > 1) block = await getIfExists(deps.backend, 'IPAMBlock', blockName);
      if (!usable(block)) return [];
      const result = assignInBlock(block.spec, planned, attribute);
      if (result.ordinals.length > 0) await writeBlock(deps, block, result.spec);
      return result.ordinals;
    });
  } finally {
    // Give back the handle count for what the block could not (or did not) provide.
    if (ordinals.length < planned)
      await adjustHandle(deps, attribute.handleID, cidr, ordinals.length - planned);
  }
  const prefix = parsePrefix(cidr);
  return ordinals.map((ordinal) => prefix.addressAt(ordinal));
}

export interface ReleasedAddress extends BlockAllocation {
  readonly address: IpAddress;
  readonly blockCidr: string;
}

/**
 * Frees the addresses `select` picks from the current version of the block (re-evaluated after every lost
 * CAS), then lowers each owner's handle count. With `expectedUid`, a block that was deleted and created
 * again since the caller looked (its sequence numbers restart) is left alone.
 */
export async function releaseFromBlock(
  deps: IpamDeps,
  blockName: string,
  select: (spec: IPAMBlockSpec) => readonly ReleaseTarget[],
  expectedUid?: string,
): Promise<ReleasedAddress[]> {
  const released = await retryOnConflict(`release from block ${blockName}`, deps.retry, async () => {
    const block = await getIfExists(deps.backend, 'IPAMBlock', blockName);
    if (block === undefined || (expectedUid !== undefined && block.metadata.uid !== expectedUid)) return [];
    const result = releaseInBlock(block.spec, select(block.spec));
    if (result.released.length > 0) await writeBlock(deps, block, result.spec);
    const prefix = parsePrefix(block.spec.cidr);
    return result.released.map((allocation) => ({
      ...allocation,
      address: prefix.addressAt(allocation.ordinal),
      blockCidr: block.spec.cidr,
    }));
  });
  const perHandle = new Map<string, { cidr: string; count: number }>();
  for (const r of released) {
    if (r.handleID === undefined) continue;
    const entry = perHandle.get(r.handleID) ?? { cidr: r.blockCidr, count: 0 };
    entry.count++;
    perHandle.set(r.handleID, entry);
  }
  for (const [handleID, { cidr, count }] of perHandle) await adjustHandle(deps, handleID, cidr, -count);
  return released;
}

/** A CAS write of a new spec; a block deleted under us counts as a lost race (re-read decides). */
export async function writeBlock(deps: IpamDeps, block: IPAMBlock, spec: IPAMBlockSpec): Promise<IPAMBlock> {
  try {
    return await deps.backend.update({ ...block, spec });
  } catch (error) {
    if (isTwillError(error, 'NOT_FOUND'))
      throw new RetryableConflict(`block ${block.metadata.name} deleted concurrently`);
    throw error;
  }
}
