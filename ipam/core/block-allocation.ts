import type { Prefix } from '../../common/index.js';
import type { AllocationAttribute, IPAMBlockSpec } from '../../datastore/index.js';
import { blockAddressCount } from './block-math.js';

/**
 * Pure edits of one block's allocation table. Every function returns a new spec; the caller writes it
 * back with compare-and-swap, so two writers can never both apply an edit to the same version.
 *
 * Sequence numbers: `spec.sequenceNumber` counts allocations ever made in this block, and each address
 * is stamped with the count at the moment it was handed out. An address released and handed out again
 * therefore carries a different stamp, which is what lets a garbage collector that saw a leak earlier
 * refuse to free the address if it has been reused since.
 */

/** One allocated address of a block, as a garbage collector or checker sees it. */
export interface BlockAllocation {
  readonly ordinal: number;
  readonly handleID: string | undefined;
  readonly secondary: Readonly<Record<string, string>>;
  readonly sequenceNumber: number;
}

export function emptyBlockSpec(cidr: Prefix, affinity: string | undefined): IPAMBlockSpec {
  const size = blockAddressCount(cidr);
  const spec: IPAMBlockSpec = {
    cidr: cidr.toString(),
    allocations: new Array<null>(size).fill(null),
    unallocated: Array.from({ length: size }, (_, i) => i),
    attributes: [],
    sequenceNumber: 0,
    sequenceNumberForAllocation: {},
  };
  return affinity === undefined ? spec : { ...spec, affinity };
}

export function freeCount(spec: IPAMBlockSpec): number {
  return spec.unallocated.length;
}

export function isBlockEmpty(spec: IPAMBlockSpec): boolean {
  return spec.allocations.every((entry) => entry === null);
}

/**
 * Hands out up to `count` free addresses to one owner, oldest-freed first (released addresses go to the
 * back of the free list, so an address is reused as late as possible).
 */
export function assignInBlock(
  spec: IPAMBlockSpec,
  count: number,
  attribute: AllocationAttribute,
): { readonly spec: IPAMBlockSpec; readonly ordinals: readonly number[] } {
  const take = Math.max(0, Math.min(count, spec.unallocated.length));
  if (take === 0) return { spec, ordinals: [] };
  const ordinals = spec.unallocated.slice(0, take);
  const attributes = [...spec.attributes];
  let index = attributes.findIndex((a) => sameAttribute(a, attribute));
  if (index === -1) index = attributes.push(attribute) - 1;
  const allocations = [...spec.allocations];
  const stamps: Record<string, number> = { ...spec.sequenceNumberForAllocation };
  let sequenceNumber = spec.sequenceNumber;
  for (const ordinal of ordinals) {
    allocations[ordinal] = index;
    stamps[String(ordinal)] = sequenceNumber++;
  }
  return {
    spec: {
      ...spec,
      allocations,
      unallocated: spec.unallocated.slice(take),
      attributes,
      sequenceNumber,
      sequenceNumberForAllocation: stamps,
    },
    ordinals,
  };
}

/** What to free: an ordinal, and optionally the owner and stamp it must still have (else it is kept). */
export interface ReleaseTarget {
  readonly ordinal: number;
  readonly handleID?: string;
  readonly sequenceNumber?: number;
}

/**
 * Frees the targets that are still allocated and still match their expected owner and stamp. Freeing a
 * free address is a no-op (release is idempotent); a mismatch means the address was reused, so it is
 * reported as skipped and left alone.
 */
export function releaseInBlock(
  spec: IPAMBlockSpec,
  targets: readonly ReleaseTarget[],
): {
  readonly spec: IPAMBlockSpec;
  readonly released: readonly BlockAllocation[];
  readonly skipped: readonly number[];
} {
  const allocations = [...spec.allocations];
  const stamps: Record<string, number> = { ...spec.sequenceNumberForAllocation };
  const freed: number[] = [];
  const released: BlockAllocation[] = [];
  const skipped: number[] = [];
  for (const target of targets) {
    const current = allocationAt(spec, target.ordinal);
    if (current === undefined || freed.includes(target.ordinal)) continue;
    const ownerMoved = target.handleID !== undefined && current.handleID !== target.handleID;
    const reused = target.sequenceNumber !== undefined && current.sequenceNumber !== target.sequenceNumber;
    if (ownerMoved || reused) {
      skipped.push(target.ordinal);
      continue;
    }
    allocations[target.ordinal] = null;
    delete stamps[String(target.ordinal)];
    freed.push(target.ordinal);
    released.push(current);
  }
  if (freed.length === 0) return { spec, released, skipped };
  return {
    spec: compactAttributes({
      ...spec,
      allocations,
      unallocated: [...spec.unallocated, ...freed],
      sequenceNumberForAllocation: stamps,
    }),
    released,
    skipped,
  };
}

/** The allocation at `ordinal`, or undefined when it is free (or out of range). */
export function allocationAt(spec: IPAMBlockSpec, ordinal: number): BlockAllocation | undefined {
  const index = spec.allocations[ordinal];
  if (index == null) return undefined;
  const attribute = spec.attributes[index];
  return {
    ordinal,
    handleID: attribute?.handleID,
    secondary: attribute?.secondary ?? {},
    // A block written by another tool may lack stamps; -1 never equals a real stamp.
    sequenceNumber: spec.sequenceNumberForAllocation?.[String(ordinal)] ?? -1,
  };
}

export function allocationsIn(spec: IPAMBlockSpec): BlockAllocation[] {
  const out: BlockAllocation[] = [];
  for (let ordinal = 0; ordinal < spec.allocations.length; ordinal++) {
    const allocation = allocationAt(spec, ordinal);
    if (allocation !== undefined) out.push(allocation);
  }
  return out;
}

export function ordinalsOfHandle(spec: IPAMBlockSpec, handleID: string): number[] {
  return allocationsIn(spec)
    .filter((a) => a.handleID === handleID)
    .map((a) => a.ordinal);
}

/** Drops attributes no address refers to any more and renumbers the references. */
function compactAttributes(spec: IPAMBlockSpec): IPAMBlockSpec {
  const used = new Map<number, number>();
  const attributes: AllocationAttribute[] = [];
  const allocations = spec.allocations.map((index) => {
    if (index === null) return null;
    let renumbered = used.get(index);
    if (renumbered === undefined) {
      renumbered = attributes.push(spec.attributes[index] as AllocationAttribute) - 1;
      used.set(index, renumbered);
    }
    return renumbered;
  });
  return { ...spec, allocations, attributes };
}

function sameAttribute(a: AllocationAttribute, b: AllocationAttribute): boolean {
  if (a.handleID !== b.handleID) return false;
  const left = Object.entries(a.secondary ?? {}).sort();
  const right = Object.entries(b.secondary ?? {}).sort();
  return JSON.stringify(left) === JSON.stringify(right);
}
