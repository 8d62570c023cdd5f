import { parsePrefix } from '../../common/index.js';
import type { BlockAffinity, IPAMBlock, IPAMHandle } from '../../datastore/index.js';
import { allocationsIn, isBlockEmpty } from './block-allocation.js';
import { checkConsistency, type IpamSnapshot, type LeakedAllocation } from './consistency.js';
import { affinityNode } from './names.js';

/**
 * What the garbage collector would clean up in one snapshot. Each candidate has a key that changes
 * whenever the object does (its resourceVersion, or the address's block uid and sequence number), so
 * "the same candidate on two passes a grace period apart" means "nothing touched it in between".
 */
export type GcCandidate =
  /** An address whose WorkloadEndpoint is gone or no longer lists it. */
  | { readonly kind: 'leaked-address'; readonly key: string; readonly leak: LeakedAllocation }
  /** A handle that counts addresses no block holds (allocation crashed between its two writes). */
  | { readonly kind: 'empty-handle'; readonly key: string; readonly handle: IPAMHandle }
  /** A claim stuck in `pending`: roll back its empty block and the affinity. */
  | { readonly kind: 'stale-claim'; readonly key: string; readonly affinity: BlockAffinity }
  /** An affinity of a node whose Node resource is gone, or a release that stopped half way. */
  | { readonly kind: 'release-affinity'; readonly key: string; readonly affinity: BlockAffinity }
  /** A confirmed affinity whose block is missing or owned by another node. */
  | { readonly kind: 'dangling-affinity'; readonly key: string; readonly affinity: BlockAffinity }
  /** An empty block nobody owns (no affinity, or outside every pool): delete it. */
  | { readonly kind: 'ownerless-block'; readonly key: string; readonly block: IPAMBlock }
  /** A non-empty block naming a deleted node that has no affinity: keep it, but as borrow-only. */
  | { readonly kind: 'orphaned-block-owner'; readonly key: string; readonly block: IPAMBlock };

export type GcCandidateKind = GcCandidate['kind'];

/**
 * `nodesKnown` guards against a datastore that has no Node resources at all (a setup where twill-node
 * has not registered yet): then no node counts as deleted, rather than every node.
 */
export function planGc(snapshot: IpamSnapshot): GcCandidate[] {
  const out: GcCandidate[] = [];
  const report = checkConsistency(snapshot);
  for (const leak of report.leaked) {
    out.push({
      kind: 'leaked-address',
      key: `leak ${leak.blockUid} ${leak.ordinal} ${leak.sequenceNumber}`,
      leak,
    });
  }
  const held = new Set<string>();
  for (const block of snapshot.blocks) {
    for (const a of allocationsIn(block.spec)) if (a.handleID !== undefined) held.add(a.handleID);
  }
  for (const handle of snapshot.handles) {
    if (!held.has(handle.spec.handleID))
      out.push({ kind: 'empty-handle', key: versionKey('handle', handle), handle });
  }
  const nodes = new Set(snapshot.nodes.map((n) => n.metadata.name));
  const nodeGone = (node: string): boolean => nodes.size > 0 && !nodes.has(node);
  const blocks = new Map(snapshot.blocks.map((b) => [b.spec.cidr, b]));
  const affinityKeys = new Set<string>();
  for (const affinity of snapshot.affinities) {
    const { node, cidr, state } = affinity.spec;
    affinityKeys.add(`${node} ${cidr}`);
    const key = versionKey('affinity', affinity);
    const owner = affinityNode(blocks.get(cidr)?.spec.affinity);
    if (nodeGone(node) || state === 'pendingDeletion') out.push({ kind: 'release-affinity', key, affinity });
    else if (state === 'pending') out.push({ kind: 'stale-claim', key, affinity });
    else if (owner !== node) out.push({ kind: 'dangling-affinity', key, affinity });
  }
  const pools = snapshot.pools.map((p) => parsePrefix(p.spec.cidr));
  for (const block of snapshot.blocks) {
    const owner = affinityNode(block.spec.affinity);
    const outsidePools = !pools.some((pool) => pool.containsPrefix(parsePrefix(block.spec.cidr)));
    const hasAffinity = owner !== undefined && affinityKeys.has(`${owner} ${block.spec.cidr}`);
    const key = versionKey('block', block);
    if (isBlockEmpty(block.spec) && (outsidePools || !hasAffinity))
      out.push({ kind: 'ownerless-block', key, block });
    else if (!isBlockEmpty(block.spec) && owner !== undefined && !hasAffinity && nodeGone(owner)) {
      out.push({ kind: 'orphaned-block-owner', key, block });
    }
  }
  return out;
}

function versionKey(
  what: string,
  resource: { readonly metadata: { readonly name: string; readonly resourceVersion?: string } },
): string {
  return `${what} ${resource.metadata.name} ${resource.metadata.resourceVersion ?? ''}`;
}
