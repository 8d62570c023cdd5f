/**
 * `twillctl explain route`, datastore step (read directly): the IPPools and IPAMBlocks that contain the
 * prefix (or that it contains), and which node each block is affine to.
 */
import { tryParsePrefix, type Prefix } from '../../../common/index.js';
import type { Backend, IPAMBlock, IPPool } from '../../../datastore/index.js';
import type { ExplainStep } from './explain-step.js';

export interface DatastoreFacts {
  readonly step: ExplainStep;
  /** The node the containing block is affine to, if any. */
  readonly affineNode?: string;
}

function related(cidr: string, prefix: Prefix): 'contains' | 'inside' | undefined {
  const p = tryParsePrefix(cidr);
  if (p === undefined || p.family !== prefix.family) return undefined;
  if (p.containsPrefix(prefix)) return 'contains';
  if (prefix.containsPrefix(p)) return 'inside';
  return undefined;
}

export async function datastoreStep(
  backend: Backend,
  where: string,
  prefix: Prefix,
): Promise<DatastoreFacts> {
  const [pools, blocks] = await Promise.all([backend.list('IPPool'), backend.list('IPAMBlock')]);
  const lines: string[] = [`datastore: ${where}`];
  const poolHits = pools.items.filter((p: IPPool) => related(p.spec.cidr, prefix) !== undefined);
  for (const pool of poolHits) {
    const s = pool.spec;
    const encap = `${s.encapsulation.type}${s.encapsulation.mode === undefined ? '' : `/${s.encapsulation.mode}`}`;
    const rel = related(s.cidr, prefix) === 'contains' ? 'contains' : 'lies inside';
    lines.push(
      `IPPool ${pool.metadata.name} (${s.cidr}, block size /${s.blockSize}, encapsulation ${encap}${s.disabled ? ', DISABLED' : ''}) ${rel} ${prefix.toString()}`,
    );
  }
  if (poolHits.length === 0) lines.push(`no IPPool contains ${prefix.toString()}`);
  const blockHits = blocks.items.filter((b: IPAMBlock) => related(b.spec.cidr, prefix) !== undefined);
  let affineNode: string | undefined;
  for (const block of blockHits) {
    const node = block.spec.affinity?.replace(/^host:/, '');
    const used = block.spec.allocations.filter((a) => a !== null).length;
    if (related(block.spec.cidr, prefix) === 'contains' && node !== undefined) affineNode = node;
    lines.push(
      `IPAMBlock ${block.metadata.name} (${block.spec.cidr}, ${used}/${block.spec.allocations.length} addresses in use) is ${node === undefined ? 'affine to no node (borrowable)' : `affine to node ${node}`}${block.spec.deleted === true ? ' (being deleted)' : ''}`,
    );
  }
  if (blockHits.length === 0) lines.push(`no IPAMBlock contains ${prefix.toString()}`);
  const found = poolHits.length > 0 || blockHits.length > 0;
  return {
    step: {
      step: 'datastore',
      status: found ? 'present' : 'missing',
      summary: found
        ? affineNode === undefined
          ? `in ${poolHits.map((p) => `IPPool ${p.metadata.name}`).join(', ') || 'no pool'}, no affine block`
          : `in a block affine to node ${affineNode}`
        : 'in no IPPool and no IPAMBlock',
      lines,
    },
    ...(affineNode === undefined ? {} : { affineNode }),
  };
}
