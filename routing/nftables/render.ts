// DesiredTable → nft text commands. Text, not JSON, because libnftables' error text for a text batch
// repeats the failing command, which is what an operator needs; in JSON mode it names none.
import type { DesiredTable, NftChainSpec, NftSetSpec } from './table-model.js';

// Elements per `add element` command: keeps lines (and an error's quoted command) readable.
const ELEMENTS_PER_COMMAND = 512;

export function setDeclaration(table: string, name: string, spec: NftSetSpec): string {
  const flags = spec.interval ? ' flags interval;' : '';
  return `add ${spec.kind} inet ${table} ${name} { type ${spec.type};${flags} }`;
}

export function elementCommands(
  verb: 'add' | 'delete',
  table: string,
  name: string,
  elements: Iterable<string>,
): string[] {
  const out: string[] = [];
  let chunk: string[] = [];
  const flush = () => {
    if (chunk.length > 0) out.push(`${verb} element inet ${table} ${name} { ${chunk.join(', ')} }`);
    chunk = [];
  };
  for (const e of elements) {
    chunk.push(e);
    if (chunk.length >= ELEMENTS_PER_COMMAND) flush();
  }
  flush();
  return out;
}

export function chainDeclaration(table: string, name: string, spec: NftChainSpec): string {
  return spec.base === undefined
    ? `add chain inet ${table} ${name}`
    : `add chain inet ${table} ${name} { ${spec.base} }`;
}

export function ruleCommands(table: string, name: string, spec: NftChainSpec): string[] {
  return spec.rules.map((rule) => `add rule inet ${table} ${name} ${rule}`);
}

/**
 * The whole table as one batch that atomically replaces whatever table of that name exists (the
 * `add table` first makes `delete table` succeed when there is none). Used for the first apply and to
 * repair drift.
 */
export function renderFull(desired: DesiredTable): string[] {
  const t = desired.name;
  const out = [`add table inet ${t}`, `delete table inet ${t}`, `add table inet ${t}`];
  for (const name of desired.counters.keys()) out.push(`add counter inet ${t} ${name}`);
  for (const [name, spec] of desired.sets) out.push(setDeclaration(t, name, spec));
  for (const [name, spec] of desired.chains) out.push(chainDeclaration(t, name, spec));
  for (const [name, spec] of desired.sets)
    if (spec.kind === 'set') out.push(...elementCommands('add', t, name, spec.elements));
  for (const [name, spec] of desired.chains) out.push(...ruleCommands(t, name, spec));
  // Verdict-map elements last: they jump to chains that must exist (with their rules) first.
  for (const [name, spec] of desired.sets)
    if (spec.kind === 'map') out.push(...elementCommands('add', t, name, spec.elements));
  return out;
}
