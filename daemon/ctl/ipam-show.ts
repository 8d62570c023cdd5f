/**
 * `twillctl ipam show [--ip IP | --node N]`: pools with used and free addresses, blocks with their
 * affinity and use, or one address: its block, handle, owner and whether that owner still holds it.
 * Everything comes from one IPAM snapshot (ipam/check.ts loadSnapshot).
 */
import { parseIpAddress, parsePrefix, type IpAddress } from '../../common/index.js';
import { affinityNode, allocationsIn, ownerOf, type IpamSnapshot } from '../../ipam/index.js';
import type { IPAMBlock } from '../../datastore/index.js';
import { CtlError } from './control-client.js';
import { renderTable } from './table.js';

export interface PoolUse {
  readonly pool: string;
  readonly cidr: string;
  readonly blockSize: number;
  readonly size: string;
  readonly blocks: number;
  readonly used: number;
  readonly free: string;
  readonly disabled: boolean;
}

export interface BlockUse {
  readonly block: string;
  readonly cidr: string;
  readonly pool: string | undefined;
  readonly node: string | undefined;
  /** The node's BlockAffinity state for this block; `missing` when the block names a node without one. */
  readonly affinityState: string | undefined;
  readonly used: number;
  readonly free: number;
}

export interface AddressUse {
  readonly address: string;
  readonly block: string | undefined;
  readonly blockCidr: string | undefined;
  readonly node: string | undefined;
  readonly allocated: boolean;
  readonly handleID?: string;
  readonly owner?: { readonly namespace: string; readonly workloadEndpoint: string; readonly node?: string };
  readonly attributes?: Readonly<Record<string, string>>;
  readonly sequenceNumber?: number;
  readonly blockUid?: string;
  readonly ordinal?: number;
  /** WorkloadEndpoints (`namespace/name`) whose ipNetworks list the address. */
  readonly usedBy: readonly string[];
}

export function poolUse(snapshot: IpamSnapshot): PoolUse[] {
  return snapshot.pools.map((pool) => {
    const cidr = parsePrefix(pool.spec.cidr);
    const blocks = snapshot.blocks.filter((b) => cidr.containsPrefix(parsePrefix(b.spec.cidr)));
    const used = blocks.reduce((n, b) => n + usedIn(b), 0);
    return {
      pool: pool.metadata.name,
      cidr: pool.spec.cidr,
      blockSize: pool.spec.blockSize,
      size: cidr.size.toString(),
      blocks: blocks.length,
      used,
      free: (cidr.size - BigInt(used)).toString(),
      disabled: pool.spec.disabled,
    };
  });
}

export function blockUse(snapshot: IpamSnapshot, node?: string): BlockUse[] {
  const affinityState = new Map(
    snapshot.affinities.map((a) => [`${a.spec.node} ${a.spec.cidr}`, a.spec.state]),
  );
  return snapshot.blocks
    .map((b): BlockUse => {
      const owner = affinityNode(b.spec.affinity);
      const cidr = parsePrefix(b.spec.cidr);
      return {
        block: b.metadata.name,
        cidr: b.spec.cidr,
        pool: snapshot.pools.find((p) => parsePrefix(p.spec.cidr).containsPrefix(cidr))?.metadata.name,
        node: owner,
        affinityState:
          owner === undefined ? undefined : (affinityState.get(`${owner} ${b.spec.cidr}`) ?? 'missing'),
        used: usedIn(b),
        free: b.spec.unallocated.length,
      };
    })
    .filter((b) => node === undefined || b.node === node)
    .sort((a, b) => parsePrefix(a.cidr).compare(parsePrefix(b.cidr)));
}

export function addressUse(snapshot: IpamSnapshot, text: string): AddressUse {
  let ip: IpAddress;
  try {
    ip = parseIpAddress(text);
  } catch {
    throw new CtlError('USAGE', `--ip ${JSON.stringify(text)} is not an IP address`);
  }
  const address = ip.toString();
  const usedBy = snapshot.endpoints
    .filter((e) => e.spec.ipNetworks.some((n) => n.split('/')[0] === address))
    .map((e) => `${e.metadata.namespace ?? ''}/${e.metadata.name}`);
  const block = snapshot.blocks.find((b) => parsePrefix(b.spec.cidr).contains(ip));
  if (block === undefined)
    return { address, block: undefined, blockCidr: undefined, node: undefined, allocated: false, usedBy };
  const cidr = parsePrefix(block.spec.cidr);
  const base = {
    address,
    block: block.metadata.name,
    blockCidr: block.spec.cidr,
    node: affinityNode(block.spec.affinity),
    usedBy,
  };
  const allocation = allocationsIn(block.spec).find((a) => cidr.addressAt(a.ordinal).toString() === address);
  if (allocation === undefined) return { ...base, allocated: false };
  const owner = ownerOf(allocation.secondary);
  return {
    ...base,
    allocated: true,
    ...(allocation.handleID === undefined ? {} : { handleID: allocation.handleID }),
    ...(owner === undefined ? {} : { owner }),
    attributes: allocation.secondary,
    sequenceNumber: allocation.sequenceNumber,
    ...(block.metadata.uid === undefined ? {} : { blockUid: block.metadata.uid }),
    ordinal: allocation.ordinal,
  };
}

export function poolsTable(pools: readonly PoolUse[]): string {
  return renderTable(
    ['POOL', 'CIDR', 'BLOCK SIZE', 'ADDRESSES', 'BLOCKS', 'USED', 'FREE', 'DISABLED'],
    pools.map((p) => [
      p.pool,
      p.cidr,
      String(p.blockSize),
      p.size,
      String(p.blocks),
      String(p.used),
      p.free,
      String(p.disabled),
    ]),
  );
}

export function blocksTable(blocks: readonly BlockUse[]): string {
  return renderTable(
    ['BLOCK', 'POOL', 'NODE', 'AFFINITY', 'USED', 'FREE'],
    blocks.map((b) => [
      b.cidr,
      b.pool ?? '(none)',
      b.node ?? '-',
      b.affinityState ?? '-',
      String(b.used),
      String(b.free),
    ]),
  );
}

export function addressText(use: AddressUse): string {
  const lines = [`address:   ${use.address}`];
  if (use.block === undefined) lines.push('block:     none (no IPAM block holds this address)');
  else lines.push(`block:     ${use.blockCidr ?? ''} (${use.block}), node ${use.node ?? '-'}`);
  lines.push(`allocated: ${use.allocated ? 'yes' : 'no'}`);
  if (use.allocated) {
    lines.push(`handle:    ${use.handleID ?? '-'}`);
    lines.push(
      `owner:     ${use.owner === undefined ? '- (none recorded)' : `${use.owner.namespace}/${use.owner.workloadEndpoint}${use.owner.node === undefined ? '' : ` on ${use.owner.node}`}`}`,
    );
  }
  lines.push(
    `used by:   ${use.usedBy.length === 0 ? '- (no WorkloadEndpoint lists it)' : use.usedBy.join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}

function usedIn(block: IPAMBlock): number {
  return block.spec.allocations.filter((a) => a !== null).length;
}
