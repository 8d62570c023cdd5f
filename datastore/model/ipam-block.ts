import type { Fields } from './fields.js';
import type { KindDefinition } from './kind.js';
import { compact, TWILL_API_VERSION, type Resource } from './resource.js';

// Matches IPPool's smallest block size: no block holds more than 4096 addresses.
const MAX_BLOCK_ADDRESSES = 4096;

export interface AllocationAttribute {
  /** The owner (one pod's handle); released together. */
  readonly handleID?: string;
  readonly secondary?: Readonly<Record<string, string>>;
}

/**
 * One block of a pool, with an entry per address. Modelled on Calico's allocation block: `allocations[i]`
 * is the index into `attributes` of the owner of address i (null when free), `unallocated` lists free
 * ordinals in allocation order, and `sequenceNumberForAllocation` records the block's `sequenceNumber`
 * at allocation time so a garbage collector can tell a leaked address from one that was reused since.
 */
export interface IPAMBlockSpec {
  readonly cidr: string;
  /** `host:<node>` while a node holds the block's affinity. */
  readonly affinity?: string;
  readonly allocations: ReadonlyArray<number | null>;
  readonly unallocated: readonly number[];
  readonly attributes: readonly AllocationAttribute[];
  readonly sequenceNumber: number;
  readonly sequenceNumberForAllocation?: Readonly<Record<string, number>>;
  readonly deleted?: boolean;
}

export type IPAMBlock = Resource<'IPAMBlock', IPAMBlockSpec, never>;

function readSpec(spec: Fields): IPAMBlockSpec | undefined {
  const cidr = spec.prefix('cidr', { required: true });
  const size =
    cidr === undefined ? undefined : Number(cidr.size > BigInt(MAX_BLOCK_ADDRESSES) ? -1 : cidr.size);
  if (size === -1) spec.issue('cidr', `a block holds at most ${MAX_BLOCK_ADDRESSES} addresses`);
  const affinity = spec.string('affinity', { pattern: /^host:.+$/, hint: 'of the form host:<node>' });
  const attributes = readAttributes(spec);
  const allocations = readAllocations(spec, size, attributes?.length);
  const unallocated = readUnallocated(spec, size, allocations);
  const sequenceNumber = spec.integer('sequenceNumber', { min: 0 }) ?? 0;
  const seqMap = spec.object('sequenceNumberForAllocation');
  const sequenceNumberForAllocation: Record<string, number> = {};
  for (const key of Object.keys(seqMap?.value ?? {})) {
    const ordinal = Number(key);
    if (!Number.isInteger(ordinal) || ordinal < 0 || (size !== undefined && size > 0 && ordinal >= size)) {
      seqMap?.issue(key, 'is not an address ordinal of this block');
    }
    const value = seqMap?.integer(key, { min: 0 });
    if (value !== undefined) sequenceNumberForAllocation[key] = value;
  }
  const deleted = spec.boolean('deleted');
  spec.rejectUnknown();
  if (
    cidr === undefined ||
    allocations === undefined ||
    unallocated === undefined ||
    attributes === undefined
  )
    return undefined;
  return compact<IPAMBlockSpec>({
    cidr: cidr.toString(),
    affinity,
    allocations,
    unallocated,
    attributes,
    sequenceNumber,
    sequenceNumberForAllocation: seqMap === undefined ? undefined : sequenceNumberForAllocation,
    deleted,
  });
}

function readAttributes(spec: Fields): AllocationAttribute[] | undefined {
  return (spec.objects('attributes') ?? []).map((item) => {
    const handleID = item.string('handleID');
    const secondaryFields = item.object('secondary');
    const secondary: Record<string, string> = {};
    for (const key of Object.keys(secondaryFields?.value ?? {})) {
      const value = secondaryFields?.string(key);
      if (value !== undefined) secondary[key] = value;
    }
    item.rejectUnknown();
    return compact({ handleID, secondary: secondaryFields === undefined ? undefined : secondary });
  });
}

function readAllocations(
  spec: Fields,
  size: number | undefined,
  attributeCount: number | undefined,
): Array<number | null> | undefined {
  const items = spec.array('allocations', { required: true, maxItems: MAX_BLOCK_ADDRESSES });
  if (items === undefined) return undefined;
  if (size !== undefined && size > 0 && items.length !== size) {
    spec.issue('allocations', `must have one entry per address of the block (${size}), got ${items.length}`);
  }
  return items.map(({ value, path }) => {
    if (value === null) return null;
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < 0 ||
      value >= (attributeCount ?? 0)
    ) {
      spec.issues.add(
        path,
        `must be null or an index into attributes (0..${(attributeCount ?? 0) - 1}), got ${JSON.stringify(value)}`,
      );
      return null;
    }
    return value;
  });
}

function readUnallocated(
  spec: Fields,
  size: number | undefined,
  allocations: Array<number | null> | undefined,
): number[] | undefined {
  const items = spec.array('unallocated', { required: true, maxItems: MAX_BLOCK_ADDRESSES });
  if (items === undefined) return undefined;
  const seen = new Set<number>();
  for (const { value, path } of items) {
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < 0 ||
      (size !== undefined && size > 0 && value >= size)
    ) {
      spec.issues.add(path, `must be an address ordinal of this block, got ${JSON.stringify(value)}`);
    } else if (seen.has(value)) {
      spec.issues.add(path, `ordinal ${value} is listed twice`);
    } else if (allocations?.[value] != null) {
      // A free list naming an assigned address would hand the same IP to two pods.
      spec.issues.add(path, `ordinal ${value} is free here but allocated in allocations`);
    } else {
      seen.add(value);
    }
  }
  return [...seen];
}

export const ipamBlockKind: KindDefinition<IPAMBlock> = {
  kind: 'IPAMBlock',
  apiVersion: TWILL_API_VERSION,
  plural: 'ipamblocks',
  namespaced: false,
  readSpec,
};
