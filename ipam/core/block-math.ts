import { Prefix, type IpAddress } from '../../common/index.js';
import { IpamError } from '../errors.js';

/**
 * Arithmetic on a pool cut into equal blocks. Blocks are addressed by index rather than enumerated,
 * because an IPv6 /64 pool holds 2^58 blocks of /122: only the few that exist are ever listed.
 */

/** How many blocks of `blockSize` the pool holds. */
export function blockCount(pool: Prefix, blockSize: number): bigint {
  checkBlockSize(pool, blockSize);
  return 1n << BigInt(blockSize - pool.length);
}

/** The `index`-th block of the pool (0-based, in address order). */
export function blockAt(pool: Prefix, blockSize: number, index: bigint): Prefix {
  const count = blockCount(pool, blockSize);
  if (index < 0n || index >= count) {
    throw new IpamError('INVALID_ARGUMENT', `block index ${index} is outside ${pool} (${count} blocks)`, {
      details: { pool: pool.toString(), blockSize, index },
    });
  }
  const step = 1n << BigInt(pool.addressBits - blockSize);
  const network: IpAddress = pool.network;
  return Prefix.of(network.add(index * step), blockSize);
}

/** The index of `block` within `pool`, or undefined if the block is not one of the pool's blocks. */
export function blockIndex(pool: Prefix, blockSize: number, block: Prefix): bigint | undefined {
  if (block.length !== blockSize || !pool.containsPrefix(block)) return undefined;
  return (block.network.toBigInt() - pool.network.toBigInt()) >> BigInt(pool.addressBits - blockSize);
}

/**
 * Every block of the pool once, starting at `start` and wrapping around, produced lazily so callers stop
 * at the first free one. Different nodes start at different places, so concurrent claimers rarely race
 * for the same block.
 */
export function* blocksFrom(pool: Prefix, blockSize: number, start: bigint): Generator<Prefix> {
  const count = blockCount(pool, blockSize);
  const first = ((start % count) + count) % count;
  for (let i = 0n; i < count; i++) yield blockAt(pool, blockSize, (first + i) % count);
}

/** A stable per-node starting block: FNV-1a of the node name, reduced modulo the block count. */
export function startIndexFor(node: string, count: bigint): bigint {
  let hash = 0x811c9dc5;
  for (let i = 0; i < node.length; i++) {
    hash ^= node.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return BigInt(hash) % count;
}

/** The position of `address` in `block`; undefined when the block does not contain it. */
export function ordinalOf(block: Prefix, address: IpAddress): number | undefined {
  if (!block.contains(address)) return undefined;
  return Number(address.toBigInt() - block.network.toBigInt());
}

/** Number of addresses in a block (at most 4096: the datastore refuses larger blocks). */
export function blockAddressCount(block: Prefix): number {
  return Number(block.size);
}

function checkBlockSize(pool: Prefix, blockSize: number): void {
  if (!Number.isInteger(blockSize) || blockSize < pool.length || blockSize > pool.addressBits) {
    throw new IpamError(
      'INVALID_ARGUMENT',
      `block size /${blockSize} does not fit pool ${pool} (must be between ${pool.length} and ${pool.addressBits})`,
      { details: { pool: pool.toString(), blockSize } },
    );
  }
}
