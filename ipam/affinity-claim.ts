import { isTwillError, parsePrefix, type Prefix } from '../common/index.js';
import type { BlockAffinity, IPAMBlock } from '../datastore/index.js';
import { retryOnConflict, RetryableConflict } from './cas-retry.js';
import { emptyBlockSpec } from './core/block-allocation.js';
import { affinityName, affinityNode, blockName, hostAffinity } from './core/names.js';
import { getIfExists, newAffinity, newBlock, type IpamDeps } from './ipam-deps.js';

/**
 * Claiming a block for a node, in three compare-and-swap steps (Calico's protocol):
 *
 *   1. create BlockAffinity(node, cidr) state=pending
 *   2. create the IPAMBlock with affinity host:<node>   — ALREADY_EXISTS: someone else won, undo step 1
 *   3. update the affinity to confirmed
 *
 * The block's `affinity` field is the one owner record (a single key, written by CAS), so two nodes can
 * never both own a block; the affinity objects are the per-node index of it. A node owns a block only
 * when both agree: block.affinity names it AND its affinity is confirmed. A crash after step 1 leaves a
 * pending affinity without a block (any claimer may take the block; the GC removes the leftover); after
 * step 2 an empty block with a pending affinity, which the node resumes on its next allocation, another
 * claimer takes over after a grace period, or the GC rolls back. Every step is idempotent, so resuming
 * is just running claimBlock() again.
 */
export type ClaimOutcome = 'claimed' | 'lost';

export interface ClaimContext {
  readonly deps: IpamDeps;
  readonly node: string;
}

export async function claimBlock(ctx: ClaimContext, cidr: Prefix): Promise<ClaimOutcome> {
  const affinity = await ensurePendingAffinity(ctx, cidr);
  if (affinity === undefined) return 'lost';
  const owner = await ensureBlock(ctx, cidr);
  if (owner !== ctx.node) {
    await deleteQuietly(ctx, affinity);
    return 'lost';
  }
  return confirm(ctx, affinity);
}

/**
 * Takes over a block left by a claimer that died after step 2: the caller has checked that the block is
 * empty and that its owner's affinity is missing or still pending after the grace period. Deleting the
 * stale affinity with CAS comes first: if its node was merely slow and confirms in the meantime, that
 * delete loses and the takeover stops; if the node confirms later, it finds its affinity gone and gives
 * up. The block CAS then uses the version read before, so any allocation in between stops it too.
 */
export async function takeOverBlock(
  ctx: ClaimContext,
  block: IPAMBlock,
  stale: BlockAffinity | undefined,
): Promise<ClaimOutcome> {
  const cidr = block.spec.cidr;
  const mine = await ensurePendingAffinity(ctx, parsePrefix(cidr));
  if (mine === undefined) return 'lost';
  try {
    if (stale !== undefined) {
      await ctx.deps.backend.delete('BlockAffinity', stale.metadata.name, {
        resourceVersion: stale.metadata.resourceVersion,
      });
    }
    await ctx.deps.backend.update({ ...block, spec: { ...block.spec, affinity: hostAffinity(ctx.node) } });
  } catch (error) {
    if (!isTwillError(error, 'CONFLICT') && !isTwillError(error, 'NOT_FOUND')) throw error;
    ctx.deps.log.debug('block takeover lost a race', { node: ctx.node, block: cidr });
    await deleteQuietly(ctx, mine);
    return 'lost';
  }
  ctx.deps.log.info('took over an unconfirmed block', {
    node: ctx.node,
    block: cidr,
    from: stale?.spec.node,
  });
  return confirm(ctx, mine);
}

/** Step 1 (idempotent): our pending affinity, or our existing one; undefined while it is being released. */
async function ensurePendingAffinity(ctx: ClaimContext, cidr: Prefix): Promise<BlockAffinity | undefined> {
  const name = affinityName(ctx.node, cidr);
  return retryOnConflict(`claim step 1 for ${cidr}`, ctx.deps.retry, async () => {
    try {
      return await ctx.deps.backend.create(newAffinity(name, ctx.node, cidr.toString(), 'pending'));
    } catch (error) {
      if (!isTwillError(error, 'ALREADY_EXISTS')) throw error;
    }
    const existing = await getIfExists(ctx.deps.backend, 'BlockAffinity', name);
    if (existing === undefined) throw new RetryableConflict(`affinity ${name} vanished`);
    return existing.spec.state === 'pendingDeletion' ? undefined : existing;
  });
}

/** Step 2 (idempotent): the node the block's affinity names once it exists. */
async function ensureBlock(ctx: ClaimContext, cidr: Prefix): Promise<string | undefined> {
  const name = blockName(cidr);
  return retryOnConflict(`claim step 2 for ${cidr}`, ctx.deps.retry, async () => {
    try {
      await ctx.deps.backend.create(newBlock(name, emptyBlockSpec(cidr, hostAffinity(ctx.node))));
      return ctx.node;
    } catch (error) {
      if (!isTwillError(error, 'ALREADY_EXISTS')) throw error;
    }
    const existing = await getIfExists(ctx.deps.backend, 'IPAMBlock', name);
    if (existing === undefined) throw new RetryableConflict(`block ${name} vanished`);
    return affinityNode(existing.spec.affinity);
  });
}

/** Step 3: pending → confirmed. Gone or being released means someone took the claim from us. */
async function confirm(ctx: ClaimContext, affinity: BlockAffinity): Promise<ClaimOutcome> {
  let current: BlockAffinity | undefined = affinity;
  return retryOnConflict(`claim step 3 for ${affinity.spec.cidr}`, ctx.deps.retry, async (attempt) => {
    if (attempt > 1) current = await getIfExists(ctx.deps.backend, 'BlockAffinity', affinity.metadata.name);
    if (current === undefined || current.spec.state === 'pendingDeletion') return 'lost';
    if (current.spec.state === 'confirmed') return 'claimed';
    try {
      await ctx.deps.backend.update({ ...current, spec: { ...current.spec, state: 'confirmed' } });
    } catch (error) {
      if (isTwillError(error, 'NOT_FOUND')) return 'lost';
      throw error;
    }
    ctx.deps.log.info('claimed block', { node: ctx.node, block: affinity.spec.cidr });
    return 'claimed';
  });
}

/** Undo of step 1 after losing: only if still the version we hold, and a vanished one is fine. */
async function deleteQuietly(ctx: ClaimContext, affinity: BlockAffinity): Promise<void> {
  try {
    await ctx.deps.backend.delete('BlockAffinity', affinity.metadata.name, {
      resourceVersion: affinity.metadata.resourceVersion,
    });
  } catch (error) {
    if (!isTwillError(error, 'NOT_FOUND') && !isTwillError(error, 'CONFLICT')) throw error;
  }
}
