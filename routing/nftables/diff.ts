// The smallest batch that turns the applied table into the desired one: set and map elements move one
// by one, a changed chain is flushed and refilled, new objects are added and unused ones deleted. The
// order inside the batch makes every reference valid at each step (libnftables checks commands in
// order), and the kernel commits the batch as one transaction, so no packet sees a mixture.
import { chainDeclaration, elementCommands, ruleCommands, setDeclaration } from './render.js';
import type { DesiredTable, NftChainSpec, NftSetSpec } from './table-model.js';

/** `undefined`: the two cannot be bridged incrementally (a set's type or a base chain changed). */
export function renderDiff(applied: DesiredTable, desired: DesiredTable): string[] | undefined {
  if (applied.name !== desired.name) return undefined;
  const t = desired.name;
  for (const [name, spec] of desired.sets) {
    const old = applied.sets.get(name);
    if (old !== undefined && !sameSetShape(old, spec)) return undefined;
  }
  for (const [name, spec] of desired.chains) {
    const old = applied.chains.get(name);
    if (old !== undefined && old.base !== spec.base) return undefined;
  }

  const out: string[] = [];
  const newSets = [...desired.sets].filter(([n]) => !applied.sets.has(n));
  const goneSets = [...applied.sets].filter(([n]) => !desired.sets.has(n));
  const newChains = [...desired.chains].filter(([n]) => !applied.chains.has(n));
  const goneChains = [...applied.chains.keys()].filter((n) => !desired.chains.has(n));
  const changedChains = [...desired.chains].filter(([n, spec]) => {
    const old = applied.chains.get(n);
    return old !== undefined && old !== spec && !sameRules(old, spec);
  });

  for (const name of desired.counters.keys())
    if (!applied.counters.has(name)) out.push(`add counter inet ${t} ${name}`);
  for (const [name, spec] of newSets) out.push(setDeclaration(t, name, spec));
  for (const [name, spec] of newChains) out.push(chainDeclaration(t, name, spec));

  // Element removals first (including map elements that jump to chains about to go), then additions.
  const mapAdds: string[] = [];
  for (const [name, spec] of desired.sets) {
    const old = applied.sets.get(name);
    // A policy the incremental compiler reused brings the very same set object: nothing to compare.
    if (old === spec) continue;
    const oldElements = old?.elements ?? new Set<string>();
    const removed = [...oldElements].filter((e) => !spec.elements.has(e));
    const added = [...spec.elements].filter((e) => !oldElements.has(e));
    // A map element is deleted by its key alone (its verdict may be the very thing that changed).
    const removedKeys = spec.kind === 'map' ? removed.map(mapKey) : removed;
    out.push(...elementCommands('delete', t, name, removedKeys));
    const adds = elementCommands('add', t, name, added);
    if (spec.kind === 'map') mapAdds.push(...adds);
    else out.push(...adds);
  }

  for (const [name, spec] of changedChains)
    out.push(`flush chain inet ${t} ${name}`, ...ruleCommands(t, name, spec));
  for (const [name, spec] of newChains) out.push(...ruleCommands(t, name, spec));
  out.push(...mapAdds);

  // Chains that go may jump to each other (group → policy): empty them all before deleting any.
  for (const name of goneChains) out.push(`flush chain inet ${t} ${name}`);
  for (const name of goneChains) out.push(`delete chain inet ${t} ${name}`);
  for (const [name, spec] of goneSets) out.push(`delete ${spec.kind} inet ${t} ${name}`);
  for (const name of applied.counters.keys())
    if (!desired.counters.has(name)) out.push(`delete counter inet ${t} ${name}`);
  return out;
}

function mapKey(element: string): string {
  const at = element.indexOf(' : ');
  return at < 0 ? element : element.slice(0, at);
}

function sameSetShape(a: NftSetSpec, b: NftSetSpec): boolean {
  return a.kind === b.kind && a.type === b.type && a.interval === b.interval;
}

function sameRules(a: NftChainSpec, b: NftChainSpec): boolean {
  return a.rules.length === b.rules.length && a.rules.every((r, i) => r === b.rules[i]);
}
