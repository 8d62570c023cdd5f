// Reading nft's JSON listings: a normalized form for drift comparison, the table's shape, and the drop
// counters.
import type { DesiredTable, DropCounterOwner } from './table-model.js';

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

/**
 * Whether the listing has exactly the desired table's objects: the same sets and maps with as many
 * elements each, the same chains with as many rules each, the same named counters. Used when no exact
 * listing of our last transaction was kept (the generation said it was ours alone, so none was needed)
 * and the generation has since moved: it catches a deleted or added object, a flushed or extended
 * chain, added or removed elements; a rule rewritten in place with the rule count kept is what it
 * misses (see README: drift detection).
 */
export function matchesShape(items: readonly unknown[], desired: DesiredTable): boolean {
  const seen = new Map<string, number>();
  const bump = (key: string, by: number) => seen.set(key, (seen.get(key) ?? 0) + by);
  for (const item of items) {
    const o = item as Record<string, { name?: unknown; chain?: unknown; elem?: unknown[] } | undefined>;
    if (o.set?.name !== undefined) bump(`set ${String(o.set.name)}`, o.set.elem?.length ?? 0);
    else if (o.map?.name !== undefined) bump(`map ${String(o.map.name)}`, o.map.elem?.length ?? 0);
    else if (o.chain?.name !== undefined) bump(`chain ${String(o.chain.name)}`, 0);
    else if (o.rule?.chain !== undefined) bump(`chain ${String(o.rule.chain)}`, 1);
    else if (o.counter?.name !== undefined) bump(`counter ${String(o.counter.name)}`, 0);
  }
  const want = new Map<string, number>();
  for (const [name, spec] of desired.sets) want.set(`${spec.kind} ${name}`, spec.elements.size);
  for (const [name, spec] of desired.chains) want.set(`chain ${name}`, spec.rules.length);
  for (const name of desired.counters.keys()) want.set(`counter ${name}`, 0);
  if (want.size !== seen.size) return false;
  for (const [key, n] of want) if (seen.get(key) !== n) return false;
  return true;
}
