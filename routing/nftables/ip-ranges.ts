// ipBlock arithmetic: a CIDR minus its `except` CIDRs, unions of those, as disjoint sorted ranges per
// address family. The kernel's interval sets refuse overlapping elements (we create them without
// auto-merge, so that element deletes stay exact), so overlaps are merged here first.
import {
  ipAddressFromBigInt,
  parseIpAddress,
  parsePrefixLoose,
  type IpFamily,
  type Prefix,
} from '../../common/index.js';
import { NftablesError } from './errors.js';
import type { IpBlock } from './model.js';

export interface AddressRange {
  readonly first: bigint;
  readonly last: bigint;
}

export interface FamilyRanges {
  readonly 4: readonly AddressRange[];
  readonly 6: readonly AddressRange[];
}

export function parseCidr(text: string, what: string): Prefix {
  try {
    return parsePrefixLoose(text);
  } catch (err) {
    throw new NftablesError('INVALID_INPUT', `${what}: ${JSON.stringify(text)} is not a CIDR`, {
      cause: err,
    });
  }
}

function rangeOf(prefix: Prefix): AddressRange {
  return { first: prefix.network.toBigInt(), last: prefix.last.toBigInt() };
}

/** `from` minus `cut`: zero, one or two ranges. */
function subtract(from: AddressRange, cut: AddressRange): AddressRange[] {
  if (cut.last < from.first || cut.first > from.last) return [from];
  const out: AddressRange[] = [];
  if (cut.first > from.first) out.push({ first: from.first, last: cut.first - 1n });
  if (cut.last < from.last) out.push({ first: cut.last + 1n, last: from.last });
  return out;
}

/** Sorts and merges overlapping or adjacent ranges. */
export function mergeRanges(ranges: readonly AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const out: AddressRange[] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev !== undefined && r.first <= prev.last + 1n) {
      if (r.last > prev.last) out[out.length - 1] = { first: prev.first, last: r.last };
    } else {
      out.push(r);
    }
  }
  return out;
}

/** The union of the blocks, each minus its excepts, split by family. */
export function ipBlockRanges(blocks: readonly IpBlock[]): FamilyRanges {
  const byFamily: { 4: AddressRange[]; 6: AddressRange[] } = { 4: [], 6: [] };
  for (const block of blocks) {
    const cidr = parseCidr(block.cidr, 'ipBlock.cidr');
    let parts = [rangeOf(cidr)];
    for (const ex of block.except ?? []) {
      const cut = parseCidr(ex, 'ipBlock.except');
      if (cut.family !== cidr.family) continue;
      parts = parts.flatMap((p) => subtract(p, rangeOf(cut)));
    }
    byFamily[cidr.family].push(...parts);
  }
  return { 4: mergeRanges(byFamily[4]), 6: mergeRanges(byFamily[6]) };
}

export function rangesContain(ranges: readonly AddressRange[], value: bigint): boolean {
  return ranges.some((r) => r.first <= value && value <= r.last);
}

/** Element text for an interval set: a prefix when the range is one, else `first-last`. */
export function rangeElement(family: IpFamily, range: AddressRange): string {
  const first = ipAddressFromBigInt(family, range.first);
  const size = range.last - range.first + 1n;
  const bits = family === 4 ? 32 : 128;
  // A range is a prefix when its size is a power of two and its start is aligned to it.
  if ((size & (size - 1n)) === 0n && range.first % size === 0n) {
    const length = bits - (size.toString(2).length - 1);
    return length === bits ? first.toString() : `${first.toString()}/${length}`;
  }
  return `${first.toString()}-${ipAddressFromBigInt(family, range.last).toString()}`;
}

export function addressValue(text: string): { family: IpFamily; value: bigint } | undefined {
  try {
    const a = parseIpAddress(text);
    return { family: a.family, value: a.toBigInt() };
  } catch {
    return undefined;
  }
}
