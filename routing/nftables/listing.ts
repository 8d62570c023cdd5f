// Reading nft's JSON listings: a normalized form for drift comparison, and the drop counters.
import type { DropCounterOwner } from './table-model.js';

export interface DropCount extends DropCounterOwner {
  readonly counter: string;
  readonly packets: number;
  readonly bytes: number;
}

/**
 * The listing as a string with what changes by itself removed: counter values (rules' anonymous
 * counters and named counters) and the metainfo header. Everything else (rules, handles, elements)
 * changes only when someone changes the table.
 */
export function normalizeListing(items: readonly unknown[]): string {
  const kept = items.filter((i) => !(typeof i === 'object' && i !== null && 'metainfo' in i));
  return JSON.stringify(kept, (key, value: unknown) => (key === 'packets' || key === 'bytes' ? 0 : value));
}

export function readDropCounters(
  items: readonly unknown[],
  owners: ReadonlyMap<string, DropCounterOwner>,
): DropCount[] {
  const out: DropCount[] = [];
  for (const item of items) {
    const c = (item as { counter?: { name?: unknown; packets?: unknown; bytes?: unknown } }).counter;
    if (c === undefined || typeof c.name !== 'string') continue;
    const owner = owners.get(c.name);
    if (owner === undefined) continue;
    out.push({ ...owner, counter: c.name, packets: Number(c.packets ?? 0), bytes: Number(c.bytes ?? 0) });
  }
  return out;
}
