// STATUS (CNI spec 1.1 §"STATUS"): can an ADD succeed now? 50 when it cannot at all (datastore
// unreachable, no pool for a family the config assigns), 51 when the pools are full.
import { parsePrefix, type IpFamily } from '../../common/index.js';
import type { IPAMBlock, IPPool } from '../../datastore/index.js';
import { CniError } from './cni-error.js';
import { openDatastore, withDeadline } from './datastore.js';
import type { NetConfig } from './net-config.js';

export async function cmdStatus(config: NetConfig): Promise<void> {
  const store = await openDatastore(config.datastore);
  let pools: IPPool[];
  let blocks: IPAMBlock[];
  try {
    // STATUS is a readiness probe: answer within 10 s even if ADD may wait longer.
    const [poolList, blockList] = await withDeadline(
      Promise.all([store.backend.list('IPPool'), store.backend.list('IPAMBlock')]),
      Math.min(config.timeoutMs, 10_000),
      store.where,
    );
    pools = poolList.items;
    blocks = blockList.items;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new CniError('PLUGIN_NOT_AVAILABLE', `the datastore (${store.where}) is not reachable: ${why}`, {
      cause: error,
    });
  } finally {
    await store.backend.close();
  }
  const wanted: IpFamily[] = [
    ...(config.ipam.assignIPv4 ? [4 as const] : []),
    ...(config.ipam.assignIPv6 ? [6 as const] : []),
  ];
  for (const family of wanted) {
    const names = family === 4 ? config.ipam.ipv4Pools : config.ipam.ipv6Pools;
    const usable = pools.filter(
      (p) =>
        !p.spec.disabled &&
        p.spec.allowedUses.includes('Workload') &&
        parsePrefix(p.spec.cidr).family === family &&
        (names === undefined || names.includes(p.metadata.name)),
    );
    if (usable.length === 0) {
      throw new CniError(
        'PLUGIN_NOT_AVAILABLE',
        `no enabled IPv${family} IPPool for workloads${names ? ` among ${names.join(', ')}` : ''}; create one (twillctl) or set ipam.assignIPv${family} to false`,
        { details: { family } },
      );
    }
    if (usable.every((pool) => freeAddresses(pool, blocks) === 0n)) {
      throw new CniError(
        'PLUGIN_NOT_AVAILABLE_LIMITED_RESOURCES',
        `every IPv${family} pool is exhausted (${usable.map((p) => p.metadata.name).join(', ')}); add a pool or release addresses`,
        { details: { family, pools: usable.map((p) => p.metadata.name) } },
      );
    }
  }
}

/** Addresses of the pool not allocated in any block (a block not yet created is all free). */
export function freeAddresses(pool: IPPool, blocks: readonly IPAMBlock[]): bigint {
  const cidr = parsePrefix(pool.spec.cidr);
  const size = 1n << BigInt(cidr.addressBits - cidr.length);
  let used = 0n;
  for (const block of blocks) {
    if (!cidr.containsPrefix(parsePrefix(block.spec.cidr))) continue;
    used += BigInt(block.spec.allocations.filter((a) => a !== null).length);
  }
  return size - used;
}
