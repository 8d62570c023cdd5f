import { parseIpAddress, parsePrefix, Prefix, type IpAddress, type IpFamily } from '../common/index.js';
import type { AllowedUse, IPAMConfigurationSpec, IPAMBlock } from '../datastore/index.js';
import { claimBlock, takeOverBlock, type ClaimContext } from './affinity-claim.js';
import { assignFromBlock, releaseFromBlock } from './block-store.js';
import { freeCount, ordinalsOfHandle } from './core/block-allocation.js';
import {
  affinityIndex,
  blocksHeldCount,
  borrowCandidates,
  ownedBlocks,
  pendingClaims,
  takeoverCandidates,
  unclaimedBlocks,
} from './core/block-choice.js';
import { ordinalOf } from './core/block-math.js';
import { blockName, handleName, hostAffinity } from './core/names.js';
import { ownerAttributes, type AddressOwner } from './core/owner.js';
import { usablePools, type UsablePool } from './core/pool-selection.js';
import { IpamError } from './errors.js';
import { adjustHandle, checkHandleID } from './handle-store.js';
import { getIfExists, resolveDeps, type IpamDeps, type IpamDepsOptions } from './ipam-deps.js';
import { SerialQueue } from './serial-queue.js';

export interface IpamAllocatorOptions extends IpamDepsOptions {
  /** The node this allocator allocates for (its Node resource's name). */
  readonly node: string;
  /** Wall clock, compared with creationTimestamps to judge an abandoned claim. */
  readonly now?: () => Date;
  /** How old another node's unfinished claim must be before this node takes the block over. */
  readonly pendingAffinityGraceMs?: number;
  /** Serialize this node's requests (default true); false leaves all ordering to compare-and-swap. */
  readonly serialize?: boolean;
}

export interface AllocateRequest {
  /** The owner's handle (one per pod); release by handle frees everything allocated under it. */
  readonly handleID: string;
  readonly family: IpFamily;
  /** Default 1. */
  readonly count?: number;
  /** The WorkloadEndpoint the addresses are for; without it they are never collected as leaks. */
  readonly owner?: AddressOwner;
  /** Extra attributes stored with the allocation. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Restrict to these pools (by name); default every usable pool. */
  readonly pools?: readonly string[];
  /** What the address is for, matched against the pools' allowedUses (default Workload). */
  readonly use?: AllowedUse;
}

const DEFAULT_CONFIG: IPAMConfigurationSpec = {
  strictAffinity: false,
  maxBlocksPerHost: 0,
  autoAllocateBlocks: true,
};
const MAX_COUNT = 256;

/**
 * Block IPAM for one node over a datastore Backend. Order of preference: the node's own blocks, then a
 * newly claimed block, then (unless strictAffinity) free addresses in other nodes' blocks. Every write is
 * a compare-and-swap retried on CONFLICT, so any number of allocators, on any number of nodes, never
 * hand out one address twice.
 */
export class IpamAllocator {
  private readonly deps: IpamDeps;
  private readonly claim: ClaimContext;
  private readonly queue = new SerialQueue();

  constructor(private readonly options: IpamAllocatorOptions) {
    this.deps = resolveDeps(options);
    this.claim = {
      deps: { ...this.deps, log: this.deps.log.child({ node: options.node }) },
      node: options.node,
    };
  }

  get node(): string {
    return this.options.node;
  }

  async allocate(request: AllocateRequest): Promise<IpAddress[]> {
    const count = request.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
      throw new IpamError('INVALID_ARGUMENT', `count must be an integer in 1..${MAX_COUNT}, got ${count}`);
    }
    if (request.handleID === '') throw new IpamError('INVALID_ARGUMENT', 'handleID must not be empty');
    return this.serial(() => this.allocateNow(request, count));
  }

  /** Frees every address held under the handle and deletes it; a second call finds nothing (idempotent). */
  async releaseByHandle(handleID: string): Promise<IpAddress[]> {
    return this.serial(async () => {
      const handle = await getIfExists(this.deps.backend, 'IPAMHandle', handleName(handleID));
      if (handle === undefined) return [];
      checkHandleID(handle, handleID);
      const released: IpAddress[] = [];
      for (const [cidr, counted] of Object.entries(handle.spec.block)) {
        const freed = await releaseFromBlock(this.deps, blockName(parsePrefix(cidr)), (spec) =>
          ordinalsOfHandle(spec, handleID).map((ordinal) => ({ ordinal, handleID })),
        );
        released.push(...freed.map((r) => r.address));
        // An over-count left by a crash between handle and block writes is dropped here.
        await adjustHandle(this.deps, handleID, cidr, freed.length - counted);
      }
      return released;
    });
  }

  /**
   * Frees one address. With `handleID`, only if that handle still holds it. True if it was freed now,
   * false if it was already free (idempotent).
   */
  async releaseAddress(
    address: IpAddress | string,
    options: { readonly handleID?: string } = {},
  ): Promise<boolean> {
    const ip = typeof address === 'string' ? parseIpAddress(address) : address;
    return this.serial(async () => {
      const block = await this.blockContaining(ip);
      if (block === undefined) return false;
      const ordinal = ordinalOf(parsePrefix(block.spec.cidr), ip) as number;
      const freed = await releaseFromBlock(this.deps, block.metadata.name, () => [
        options.handleID === undefined ? { ordinal } : { ordinal, handleID: options.handleID },
      ]);
      return freed.length > 0;
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    return this.options.serialize === false ? task() : this.queue.run(task);
  }

  private async allocateNow(request: AllocateRequest, count: number): Promise<IpAddress[]> {
    const [config, pools] = await Promise.all([this.config(), this.pools(request)]);
    const attribute = {
      handleID: request.handleID,
      secondary: { ...request.attributes, ...(request.owner && ownerAttributes(request.owner)) },
    };
    const got: IpAddress[] = [];
    try {
      const limitHit = await this.fromOwnBlocks(request.family, pools, config, count, attribute, got);
      if (got.length < count) await this.borrow(pools, config, count, attribute, got, limitHit);
      return got;
    } catch (error) {
      for (const ip of got) await this.releaseUnserialized(ip, request.handleID);
      throw error;
    }
  }

  /** Own blocks, claiming new ones as they fill; true when maxBlocksPerHost stopped a claim. */
  private async fromOwnBlocks(
    family: IpFamily,
    pools: readonly UsablePool[],
    config: IPAMConfigurationSpec,
    count: number,
    attribute: { readonly handleID: string; readonly secondary: Record<string, string> },
    got: IpAddress[],
  ): Promise<boolean> {
    let resumed = false;
    // Each round either fills the request, claims a block (so the next round has room) or stops.
    for (let round = 0; round <= this.deps.retry.maxAttempts; round++) {
      const [blocks, affinities] = await this.listState();
      if (!resumed) {
        resumed = true;
        const pending = pendingClaims(affinities, this.node);
        for (const affinity of pending) await claimBlock(this.claim, parsePrefix(affinity.spec.cidr));
        if (pending.length > 0) continue;
      }
      for (const block of ownedBlocks(blocks, affinityIndex(affinities), this.node, pools)) {
        if (freeCount(block.spec) === 0) continue;
        got.push(
          ...(await assignFromBlock(
            this.deps,
            block.metadata.name,
            count - got.length,
            attribute,
            hostAffinity(this.node),
          )),
        );
        if (got.length >= count) return false;
      }
      if (!config.autoAllocateBlocks) return false;
      if (
        config.maxBlocksPerHost > 0 &&
        blocksHeldCount(blocks, this.node, family) >= config.maxBlocksPerHost
      )
        return true;
      if (!(await this.claimNew(pools, blocks, affinities))) return false;
    }
    return false;
  }

  /** Claims one fresh block, else takes over an abandoned claim; false when neither is possible. */
  private async claimNew(
    pools: readonly UsablePool[],
    blocks: readonly IPAMBlock[],
    affinities: Parameters<typeof affinityIndex>[0],
  ): Promise<boolean> {
    const existing = new Set(blocks.map((b) => b.spec.cidr));
    let lost = 0;
    for (const pool of pools) {
      for (const cidr of unclaimedBlocks(pool, existing, this.node)) {
        if ((await claimBlock(this.claim, cidr)) === 'claimed') return true;
        // Someone else got it: try the next one, but not forever against a datastore in turmoil.
        if (++lost >= this.deps.retry.maxAttempts) return true;
      }
    }
    const nowMs = (this.options.now ?? (() => new Date()))().getTime();
    const grace = this.options.pendingAffinityGraceMs ?? 60_000;
    const index = affinityIndex(affinities);
    for (const { block, stale } of takeoverCandidates(blocks, index, this.node, pools, nowMs, grace)) {
      if ((await takeOverBlock(this.claim, block, stale)) === 'claimed') return true;
    }
    return false;
  }

  private async borrow(
    pools: readonly UsablePool[],
    config: IPAMConfigurationSpec,
    count: number,
    attribute: { readonly handleID: string; readonly secondary: Record<string, string> },
    got: IpAddress[],
    limitHit: boolean,
  ): Promise<void> {
    const [blocks] = await this.listState();
    const candidates = borrowCandidates(blocks, this.node, pools);
    const where = `node ${this.node}, pools ${pools.map((p) => p.name).join(', ')}`;
    if (config.strictAffinity) {
      const free = candidates.reduce((sum, b) => sum + freeCount(b.spec), 0);
      if (limitHit) {
        throw new IpamError(
          'MAX_BLOCKS_PER_HOST',
          `${where}: its ${config.maxBlocksPerHost} blocks (maxBlocksPerHost) are full and strictAffinity forbids borrowing`,
          { details: { node: this.node, maxBlocksPerHost: config.maxBlocksPerHost } },
        );
      }
      if (free > 0) {
        throw new IpamError(
          'STRICT_AFFINITY',
          `${where}: no block left to claim; ${free} addresses are free in other nodes' blocks but strictAffinity forbids borrowing them`,
          { details: { node: this.node, freeElsewhere: free } },
        );
      }
    } else {
      for (const block of candidates) {
        got.push(
          ...(await assignFromBlock(
            this.deps,
            block.metadata.name,
            count - got.length,
            attribute,
            undefined,
          )),
        );
        if (got.length >= count) return;
      }
    }
    throw new IpamError(
      'POOL_EXHAUSTED',
      `${where}: no free address (${got.length} of ${count} found${limitHit ? `; maxBlocksPerHost ${config.maxBlocksPerHost} reached` : ''})`,
      { details: { node: this.node, requested: count, found: got.length } },
    );
  }

  private async releaseUnserialized(ip: IpAddress, handleID: string): Promise<void> {
    const block = await this.blockContaining(ip);
    if (block === undefined) return;
    const ordinal = ordinalOf(parsePrefix(block.spec.cidr), ip) as number;
    await releaseFromBlock(this.deps, block.metadata.name, () => [{ ordinal, handleID }]);
  }

  /** The block holding an address: computed from its pool when there is one, else found by listing. */
  private async blockContaining(ip: IpAddress): Promise<IPAMBlock | undefined> {
    const { items: pools } = await this.deps.backend.list('IPPool');
    for (const pool of pools) {
      const cidr = parsePrefix(pool.spec.cidr);
      if (!cidr.contains(ip)) continue;
      const block = await getIfExists(
        this.deps.backend,
        'IPAMBlock',
        blockName(Prefix.containing(ip, pool.spec.blockSize)),
      );
      if (block !== undefined) return block;
    }
    const { items } = await this.deps.backend.list('IPAMBlock');
    return items.find((b) => parsePrefix(b.spec.cidr).contains(ip));
  }

  private async listState(): Promise<[IPAMBlock[], Parameters<typeof affinityIndex>[0]]> {
    const [blocks, affinities] = await Promise.all([
      this.deps.backend.list('IPAMBlock'),
      this.deps.backend.list('BlockAffinity'),
    ]);
    return [blocks.items, affinities.items];
  }

  private async config(): Promise<IPAMConfigurationSpec> {
    return (await getIfExists(this.deps.backend, 'IPAMConfiguration', 'default'))?.spec ?? DEFAULT_CONFIG;
  }

  private async pools(request: AllocateRequest): Promise<UsablePool[]> {
    const [{ items }, node] = await Promise.all([
      this.deps.backend.list('IPPool'),
      getIfExists(this.deps.backend, 'Node', this.node),
    ]);
    const pools = usablePools(items, {
      family: request.family,
      nodeLabels: node?.metadata.labels,
      ...(request.pools && { names: request.pools }),
      ...(request.use && { use: request.use }),
    });
    if (pools.length === 0) {
      throw new IpamError(
        'NO_POOL',
        `no enabled IPv${request.family} pool${request.pools ? ` among ${request.pools.join(', ')}` : ''} selects node ${this.node} (check disabled, nodeSelector and allowedUses)`,
        { details: { node: this.node, family: request.family } },
      );
    }
    return pools;
  }
}
