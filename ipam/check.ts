import type { Backend } from '../datastore/index.js';
import { releaseFromBlock, type ReleasedAddress } from './block-store.js';
import {
  checkConsistency,
  type ConsistencyReport,
  type IpamSnapshot,
  type LeakedAllocation,
} from './core/consistency.js';
import { resolveDeps, type IpamDepsOptions } from './ipam-deps.js';

/**
 * Reads everything IPAM's consistency depends on. Each kind is one consistent list, but the kinds are
 * read one after another, so a busy cluster can show an operation half done (a handle counted before
 * its block write); check() is for a quiet moment or for trends, and the GC never acts on one look.
 */
export async function loadSnapshot(backend: Backend): Promise<IpamSnapshot> {
  const [pools, blocks, affinities, handles, endpoints, nodes] = await Promise.all([
    backend.list('IPPool'),
    backend.list('IPAMBlock'),
    backend.list('BlockAffinity'),
    backend.list('IPAMHandle'),
    backend.list('WorkloadEndpoint'),
    backend.list('Node'),
  ]);
  return {
    pools: pools.items,
    blocks: blocks.items,
    affinities: affinities.items,
    handles: handles.items,
    endpoints: endpoints.items,
    nodes: nodes.items,
  };
}

/** `twillctl ipam check`: the consistency report of the datastore as it is now. */
export async function checkIpam(backend: Backend): Promise<ConsistencyReport> {
  return checkConsistency(await loadSnapshot(backend));
}

/**
 * `twillctl ipam release --leaked`: frees the leaked addresses a report found. Each release is guarded
 * by the block's uid and the address's sequence number, so an address released and handed to a new pod
 * after the report was made is left alone.
 */
export async function releaseLeaked(
  options: IpamDepsOptions,
  // Only what identifies the allocation: `twillctl ipam release --ip` hands in one it found itself.
  leaks: ReadonlyArray<
    Pick<LeakedAllocation, 'block' | 'blockUid' | 'ordinal' | 'sequenceNumber' | 'handleID'>
  >,
): Promise<ReleasedAddress[]> {
  const deps = resolveDeps(options);
  const released: ReleasedAddress[] = [];
  for (const leak of leaks) {
    const target = {
      ordinal: leak.ordinal,
      sequenceNumber: leak.sequenceNumber,
      ...(leak.handleID !== undefined && { handleID: leak.handleID }),
    };
    released.push(...(await releaseFromBlock(deps, leak.block, () => [target], leak.blockUid)));
  }
  return released;
}
