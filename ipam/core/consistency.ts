import { parsePrefix } from '../../common/index.js';
import type {
  AffinityState,
  BlockAffinity,
  IPAMBlock,
  IPAMHandle,
  IPPool,
  Node,
  WorkloadEndpoint,
} from '../../datastore/index.js';
import { allocationsIn, freeCount } from './block-allocation.js';
import { affinityNode } from './names.js';
import { endpointAddresses, endpointKey, leakReason, ownerOf, type AddressOwner } from './owner.js';

/** Everything `check()` looks at, read at one moment. */
export interface IpamSnapshot {
  readonly pools: readonly IPPool[];
  readonly blocks: readonly IPAMBlock[];
  readonly affinities: readonly BlockAffinity[];
  readonly handles: readonly IPAMHandle[];
  readonly endpoints: readonly WorkloadEndpoint[];
  readonly nodes: readonly Node[];
}

/** An address whose owner (a WorkloadEndpoint) is gone or no longer lists it. */
export interface LeakedAllocation {
  readonly address: string;
  readonly block: string;
  /** With `sequenceNumber`, identifies this one allocation: a release checks both still match. */
  readonly blockUid: string | undefined;
  readonly ordinal: number;
  readonly sequenceNumber: number;
  readonly handleID: string | undefined;
  readonly owner: AddressOwner;
  readonly reason: 'owner-gone' | 'owner-lacks-address';
}

export interface ConsistencyReport {
  readonly blocks: number;
  readonly allocatedAddresses: number;
  readonly freeAddresses: number;
  /** Allocations without owner attributes: never collected, listed for the operator. */
  readonly unownedAllocations: number;
  readonly leaked: readonly LeakedAllocation[];
  /** One address held by two endpoints, two blocks, or an endpoint while its block names another owner. */
  readonly doubleAssigned: ReadonlyArray<{ readonly address: string; readonly holders: readonly string[] }>;
  /** Endpoint addresses no block allocates. */
  readonly unallocatedEndpointAddresses: ReadonlyArray<{
    readonly address: string;
    readonly endpoint: string;
  }>;
  readonly blocksWithoutAffinity: ReadonlyArray<{ readonly block: string; readonly node: string }>;
  readonly affinitiesWithoutBlock: ReadonlyArray<{
    readonly affinity: string;
    readonly block: string;
    readonly node: string;
    readonly reason: 'block-missing' | 'block-owned-by-other';
  }>;
  /** Claims or releases that have not finished (in flight, or left by a crash). */
  readonly unfinishedAffinities: ReadonlyArray<{
    readonly affinity: string;
    readonly block: string;
    readonly node: string;
    readonly state: AffinityState;
  }>;
  readonly orphanedBlocks: ReadonlyArray<{
    readonly block: string;
    readonly reason: 'outside-pools' | 'node-gone';
  }>;
  /** A handle's per-block count differs from what the block holds for it (0 where absent). */
  readonly handleMismatches: ReadonlyArray<{
    readonly handleID: string;
    readonly block: string;
    readonly handleCount: number;
    readonly blockCount: number;
  }>;
  readonly clean: boolean;
}

/** A pure consistency check; the same snapshot always gives the same report. */
export function checkConsistency(snapshot: IpamSnapshot): ConsistencyReport {
  const endpoints = endpointAddresses(snapshot.endpoints);
  const nodes = new Set(snapshot.nodes.map((n) => n.metadata.name));
  const pools = snapshot.pools.map((p) => parsePrefix(p.spec.cidr));
  const holders = new Map<string, string[]>();
  const allocatedTo = new Map<string, string | undefined>();
  const blockCounts = new Map<string, number>();
  const leaked: LeakedAllocation[] = [];
  const orphanedBlocks: Array<ConsistencyReport['orphanedBlocks'][number]> = [];
  let allocatedAddresses = 0;
  let freeAddresses = 0;
  let unownedAllocations = 0;

  for (const block of sorted(snapshot.blocks)) {
    const cidr = parsePrefix(block.spec.cidr);
    const name = block.metadata.name;
    freeAddresses += freeCount(block.spec);
    if (!pools.some((pool) => pool.containsPrefix(cidr)))
      orphanedBlocks.push({ block: name, reason: 'outside-pools' });
    const node = affinityNode(block.spec.affinity);
    if (node !== undefined && !nodes.has(node)) orphanedBlocks.push({ block: name, reason: 'node-gone' });
    for (const allocation of allocationsIn(block.spec)) {
      allocatedAddresses++;
      const address = cidr.addressAt(allocation.ordinal);
      const text = address.toString();
      push(holders, text, `block ${name}`);
      const owner = ownerOf(allocation.secondary);
      allocatedTo.set(text, owner && endpointKey(owner.namespace, owner.workloadEndpoint));
      if (allocation.handleID !== undefined) {
        const key = countKey(allocation.handleID, block.spec.cidr);
        blockCounts.set(key, (blockCounts.get(key) ?? 0) + 1);
      }
      if (owner === undefined) {
        unownedAllocations++;
        continue;
      }
      const reason = leakReason(owner, address, endpoints);
      if (reason !== undefined) {
        leaked.push({
          address: text,
          block: name,
          blockUid: block.metadata.uid,
          ordinal: allocation.ordinal,
          sequenceNumber: allocation.sequenceNumber,
          handleID: allocation.handleID,
          owner,
          reason,
        });
      }
    }
  }

  const doubleAssigned: Array<ConsistencyReport['doubleAssigned'][number]> = [];
  const unallocatedEndpointAddresses: Array<ConsistencyReport['unallocatedEndpointAddresses'][number]> = [];
  const endpointHolders = new Map<string, string[]>();
  for (const [endpoint, addresses] of [...endpoints].sort(byKey)) {
    for (const address of addresses) {
      push(endpointHolders, address, endpoint);
      if (!allocatedTo.has(address)) unallocatedEndpointAddresses.push({ address, endpoint });
      else if (allocatedTo.get(address) !== endpoint && allocatedTo.get(address) !== undefined) {
        doubleAssigned.push({
          address,
          holders: [`endpoint ${endpoint}`, `owner ${allocatedTo.get(address)}`],
        });
      }
    }
  }
  for (const [address, list] of [...holders, ...endpointHolders].sort(byKey)) {
    if (list.length > 1) doubleAssigned.push({ address, holders: list });
  }

  return finish({
    blocks: snapshot.blocks.length,
    allocatedAddresses,
    freeAddresses,
    unownedAllocations,
    leaked,
    doubleAssigned,
    unallocatedEndpointAddresses,
    ...checkAffinities(snapshot),
    orphanedBlocks,
    handleMismatches: checkHandles(snapshot.handles, blockCounts),
  });
}

function checkAffinities(
  snapshot: IpamSnapshot,
): Pick<ConsistencyReport, 'blocksWithoutAffinity' | 'affinitiesWithoutBlock' | 'unfinishedAffinities'> {
  const blockOwner = new Map(snapshot.blocks.map((b) => [b.spec.cidr, affinityNode(b.spec.affinity)]));
  const affinityOf = new Map(snapshot.affinities.map((a) => [countKey(a.spec.node, a.spec.cidr), a]));
  const blocksWithoutAffinity: Array<ConsistencyReport['blocksWithoutAffinity'][number]> = [];
  for (const block of sorted(snapshot.blocks)) {
    const node = affinityNode(block.spec.affinity);
    if (node !== undefined && !affinityOf.has(countKey(node, block.spec.cidr))) {
      blocksWithoutAffinity.push({ block: block.metadata.name, node });
    }
  }
  const affinitiesWithoutBlock: Array<ConsistencyReport['affinitiesWithoutBlock'][number]> = [];
  const unfinishedAffinities: Array<ConsistencyReport['unfinishedAffinities'][number]> = [];
  for (const affinity of sorted(snapshot.affinities)) {
    const { node, cidr, state } = affinity.spec;
    const base = { affinity: affinity.metadata.name, block: cidr, node };
    if (state !== 'confirmed') {
      unfinishedAffinities.push({ ...base, state });
      continue;
    }
    if (!blockOwner.has(cidr)) affinitiesWithoutBlock.push({ ...base, reason: 'block-missing' });
    else if (blockOwner.get(cidr) !== node)
      affinitiesWithoutBlock.push({ ...base, reason: 'block-owned-by-other' });
  }
  return { blocksWithoutAffinity, affinitiesWithoutBlock, unfinishedAffinities };
}

function checkHandles(
  handles: readonly IPAMHandle[],
  blockCounts: ReadonlyMap<string, number>,
): ConsistencyReport['handleMismatches'] {
  const handleCounts = new Map<string, number>();
  for (const handle of handles) {
    for (const [block, count] of Object.entries(handle.spec.block)) {
      if (count > 0) handleCounts.set(countKey(handle.spec.handleID, block), count);
    }
    // A handle that counts nothing is dead weight: report it against no block.
    if (Object.values(handle.spec.block).every((count) => count === 0)) {
      handleCounts.set(countKey(handle.spec.handleID, ''), -1);
    }
  }
  const out: Array<ConsistencyReport['handleMismatches'][number]> = [];
  for (const key of [...new Set([...handleCounts.keys(), ...blockCounts.keys()])].sort()) {
    const handleCount = handleCounts.get(key) ?? 0;
    const blockCount = blockCounts.get(key) ?? 0;
    if (handleCount !== blockCount) {
      const [handleID, block] = JSON.parse(key) as [string, string];
      out.push({ handleID, block, handleCount: Math.max(0, handleCount), blockCount });
    }
  }
  return out;
}

function finish(report: Omit<ConsistencyReport, 'clean'>): ConsistencyReport {
  const clean =
    report.leaked.length === 0 &&
    report.doubleAssigned.length === 0 &&
    report.unallocatedEndpointAddresses.length === 0 &&
    report.blocksWithoutAffinity.length === 0 &&
    report.affinitiesWithoutBlock.length === 0 &&
    report.unfinishedAffinities.length === 0 &&
    report.orphanedBlocks.length === 0 &&
    report.handleMismatches.length === 0;
  return { ...report, clean };
}

function countKey(a: string, b: string): string {
  return JSON.stringify([a, b]);
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function sorted<R extends { readonly metadata: { readonly name: string } }>(items: readonly R[]): R[] {
  return [...items].sort((a, b) =>
    a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0,
  );
}

function byKey<V>(a: [string, V], b: [string, V]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
