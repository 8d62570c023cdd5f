import { isTwillError } from '../common/index.js';
import type { BlockAffinity, IPAMBlock, IPAMHandle } from '../datastore/index.js';
import { isBlockEmpty } from './core/block-allocation.js';
import { affinityNode, blockName } from './core/names.js';
import { parsePrefix } from '../common/index.js';
import { getIfExists, type IpamDeps } from './ipam-deps.js';

/**
 * The GC's writes. Each is a compare-and-swap against the version the GC observed (twice), so anything
 * that changed the object since — an allocation, a confirm, a new claim — makes the action a no-op.
 * A lost race is not an error here: the next pass looks again.
 */

/** True if the write happened; false if the object moved or vanished first. */
async function casQuietly(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isTwillError(error, 'CONFLICT') || isTwillError(error, 'NOT_FOUND')) return false;
    throw error;
  }
}

export function deleteHandle(deps: IpamDeps, handle: IPAMHandle): Promise<boolean> {
  return casQuietly(() =>
    deps.backend.delete('IPAMHandle', handle.metadata.name, {
      resourceVersion: handle.metadata.resourceVersion,
    }),
  );
}

/** Deletes an empty block; a block that gained an address since (new version) is kept. */
export function deleteEmptyBlock(deps: IpamDeps, block: IPAMBlock): Promise<boolean> {
  if (!isBlockEmpty(block.spec)) return Promise.resolve(false);
  return casQuietly(() =>
    deps.backend.delete('IPAMBlock', block.metadata.name, {
      resourceVersion: block.metadata.resourceVersion,
    }),
  );
}

/** A block whose owner is gone but which still holds addresses stays, as a borrow-only block. */
export function clearBlockAffinity(deps: IpamDeps, block: IPAMBlock): Promise<boolean> {
  const { affinity: _dropped, ...spec } = block.spec;
  return casQuietly(() => deps.backend.update({ ...block, spec }));
}

/**
 * Undoes a claim that never finished: its block (deleted if empty, else kept without an owner) and the
 * pending affinity. If the claimer is alive and resumes in between, one of the two CAS writes loses and the
 * claim either completes or is retried from scratch; neither leaves two owners.
 */
export async function rollBackClaim(deps: IpamDeps, affinity: BlockAffinity): Promise<boolean> {
  const block = await getIfExists(deps.backend, 'IPAMBlock', blockName(parsePrefix(affinity.spec.cidr)));
  if (block !== undefined && affinityNode(block.spec.affinity) === affinity.spec.node) {
    // Others may have borrowed from the unconfirmed block meanwhile: then it stays, owned by nobody.
    const done = isBlockEmpty(block.spec)
      ? await deleteEmptyBlock(deps, block)
      : await clearBlockAffinity(deps, block);
    if (!done) return false;
  }
  return deleteAffinity(deps, affinity);
}

export function deleteAffinity(deps: IpamDeps, affinity: BlockAffinity): Promise<boolean> {
  return casQuietly(() =>
    deps.backend.delete('BlockAffinity', affinity.metadata.name, {
      resourceVersion: affinity.metadata.resourceVersion,
    }),
  );
}

/**
 * Releases a node's affinity (the node is gone): mark it pendingDeletion so the node cannot use it,
 * then delete the block if empty or drop the block's affinity if not, then delete the affinity. A crash
 * part-way leaves pendingDeletion, which the next pass finishes.
 */
export async function releaseAffinity(deps: IpamDeps, affinity: BlockAffinity): Promise<boolean> {
  let current = affinity;
  if (current.spec.state !== 'pendingDeletion') {
    const marked = { ...current, spec: { ...current.spec, state: 'pendingDeletion' as const } };
    let written: BlockAffinity | undefined;
    if (!(await casQuietly(async () => (written = await deps.backend.update(marked))))) return false;
    current = written as BlockAffinity;
  }
  const block = await getIfExists(deps.backend, 'IPAMBlock', blockName(parsePrefix(current.spec.cidr)));
  if (block !== undefined && affinityNode(block.spec.affinity) === current.spec.node) {
    const done = isBlockEmpty(block.spec)
      ? await deleteEmptyBlock(deps, block)
      : await clearBlockAffinity(deps, block);
    if (!done) return false;
  }
  return deleteAffinity(deps, current);
}
