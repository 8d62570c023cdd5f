import { parsePrefix, type IpFamily, type Prefix } from '../../common/index.js';
import type { BlockAffinity, IPAMBlock } from '../../datastore/index.js';
import { freeCount, isBlockEmpty } from './block-allocation.js';
import { blockCount, blocksFrom, startIndexFor } from './block-math.js';
import { affinityNode, hostAffinity } from './names.js';
import { poolOf, type UsablePool } from './pool-selection.js';

/** Which blocks an allocation on `node` tries, in order: pure decisions over one listing. */

function affinityKey(node: string, cidr: string): string {
  return `${node} ${cidr}`;
}

export function affinityIndex(affinities: readonly BlockAffinity[]): Map<string, BlockAffinity> {
  return new Map(affinities.map((a) => [affinityKey(a.spec.node, a.spec.cidr), a]));
}

function inPools(block: IPAMBlock, pools: readonly UsablePool[]): boolean {
  return block.spec.deleted !== true && poolOf(pools, parsePrefix(block.spec.cidr)) !== undefined;
}

function byCidr(a: IPAMBlock, b: IPAMBlock): number {
  return parsePrefix(a.spec.cidr).compare(parsePrefix(b.spec.cidr));
}

/** Blocks the node owns in these pools: the block names it AND its affinity is confirmed. */
export function ownedBlocks(
  blocks: readonly IPAMBlock[],
  affinities: ReadonlyMap<string, BlockAffinity>,
  node: string,
  pools: readonly UsablePool[],
): IPAMBlock[] {
  return blocks
    .filter((b) => b.spec.affinity === hostAffinity(node) && inPools(b, pools))
    .filter((b) => affinities.get(affinityKey(node, b.spec.cidr))?.spec.state === 'confirmed')
    .sort(byCidr);
}

/** Blocks naming the node in any pool of the family: what maxBlocksPerHost counts. */
export function blocksHeldCount(blocks: readonly IPAMBlock[], node: string, family: IpFamily): number {
  return blocks.filter(
    (b) => b.spec.affinity === hostAffinity(node) && parsePrefix(b.spec.cidr).family === family,
  ).length;
}

/** This node's own unfinished claims (a crash of this node mid-claim), to be resumed. */
export function pendingClaims(affinities: readonly BlockAffinity[], node: string): BlockAffinity[] {
  return affinities.filter((a) => a.spec.node === node && a.spec.state === 'pending');
}

/**
 * Unclaimed blocks of the pool, lazily, starting at the node's own place in the pool. Stops early when
 * every block exists, so a full IPv4 pool costs one comparison instead of a walk.
 */
export function* unclaimedBlocks(
  pool: UsablePool,
  existing: ReadonlySet<string>,
  node: string,
): Generator<Prefix> {
  const count = blockCount(pool.cidr, pool.blockSize);
  let inThisPool = 0n;
  for (const cidr of existing) if (pool.cidr.containsPrefix(parsePrefix(cidr))) inThisPool++;
  if (inThisPool >= count) return;
  for (const cidr of blocksFrom(pool.cidr, pool.blockSize, startIndexFor(node, count))) {
    if (!existing.has(cidr.toString())) yield cidr;
  }
}

/**
 * Empty blocks named by another node whose claim never finished (its affinity is missing or still
 * pending) for at least `graceMs`, judged by creation times: the affinity's, else the block's.
 */
export function takeoverCandidates(
  blocks: readonly IPAMBlock[],
  affinities: ReadonlyMap<string, BlockAffinity>,
  node: string,
  pools: readonly UsablePool[],
  nowMs: number,
  graceMs: number,
): Array<{ readonly block: IPAMBlock; readonly stale: BlockAffinity | undefined }> {
  const out: Array<{ block: IPAMBlock; stale: BlockAffinity | undefined }> = [];
  for (const block of [...blocks].sort(byCidr)) {
    const owner = affinityNode(block.spec.affinity);
    if (owner === undefined || owner === node || !inPools(block, pools) || !isBlockEmpty(block.spec))
      continue;
    const stale = affinities.get(affinityKey(owner, block.spec.cidr));
    if (stale !== undefined && stale.spec.state !== 'pending') continue;
    const since = Date.parse((stale ?? block).metadata.creationTimestamp ?? '');
    if (Number.isFinite(since) && nowMs - since >= graceMs) out.push({ block, stale });
  }
  return out;
}

/** Blocks with room that the node does not own, fullest-of-room first so borrowing spreads thin. */
export function borrowCandidates(
  blocks: readonly IPAMBlock[],
  node: string,
  pools: readonly UsablePool[],
): IPAMBlock[] {
  return blocks
    .filter((b) => b.spec.affinity !== hostAffinity(node) && inPools(b, pools) && freeCount(b.spec) > 0)
    .sort((a, b) => freeCount(b.spec) - freeCount(a.spec) || byCidr(a, b));
}
