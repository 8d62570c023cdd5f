/**
 * twillctl's one argv parser. Every command group declares its flags as `FlagSpec`s (ctl-flags.ts):
 * `--name value`, `--name=value`, `-o value`; boolean flags (`-A`, `--all`); repeatable ones (`-f a -f b`).
 * Anything else is positional; `--` ends the flags and "-" alone is a value (stdin for `-f`). A flag the
 * group does not declare is a usage error naming the flag, the command and the flags it knows, so a typo
 * never falls back to a silent default.
 */
import { CtlError } from './control-client.js';

export interface FlagSpec {
  /** The canonical name first, then its aliases: `['output', 'o']`. */
  readonly names: readonly string[];
  /** 'value' (the default) takes one argument; 'boolean' takes none. */
  readonly type?: 'value' | 'boolean';
  /** May be given more than once, every value kept; otherwise a second one is a usage error. */
  readonly repeatable?: boolean;
}

export interface CtlArgs {
  readonly positional: readonly string[];
  /** By canonical name; a repeatable flag keeps every value. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /** Boolean flags given, by canonical name. */
  readonly booleans: ReadonlySet<string>;
}

const FLAG = /^(--?)([A-Za-z][-A-Za-z0-9]*)(?:=(.*))?$/;

/** `command` names the group in messages (`get`, `bgp`, `node status`). */
export function parseArgv(argv: readonly string[], specs: readonly FlagSpec[], command: string): CtlArgs {
  const byName = specsByName(specs);
  const positional: string[] = [];
  const values = new Map<string, string[]>();
  const booleans = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    const match = FLAG.exec(arg);
    if (match === null) {
      positional.push(arg);
      continue;
    }
    const spec = byName.get(match[2] as string);
    if (spec === undefined)
      throw new CtlError('USAGE', `unknown flag ${arg} for twillctl ${command} (known: ${known(specs)})`);
    const name = spec.names[0] as string;
    if (spec.type === 'boolean') {
      if (match[3] !== undefined) throw new CtlError('USAGE', `${arg}: ${name} takes no value`);
      booleans.add(name);
      continue;
    }
    const value = match[3] ?? argv[++i];
    if (value === undefined) throw new CtlError('USAGE', `${arg} needs a value`);
    const list = values.get(name) ?? [];
    if (list.length > 0 && spec.repeatable !== true) throw new CtlError('USAGE', `--${name} given twice`);
    list.push(value);
    values.set(name, list);
  }
  return { positional, values, booleans };
}

/** The single value of a flag, or undefined. */
export function flagValue(args: CtlArgs, name: string): string | undefined {
  return args.values.get(name)?.[0];
}

/** The first value of every flag given, by canonical name. */
export function flagRecord(args: CtlArgs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, list] of args.values) out[name] = list[0] as string;
  return out;
}

/** `-o`/`--output`, one of `allowed`; the first of them when not given. */
export function outputFormat<T extends string>(args: CtlArgs, allowed: readonly T[]): T {
  const value = flagValue(args, 'output') ?? allowed[0];
  if (value === undefined || !(allowed as readonly string[]).includes(value))
    throw new CtlError('USAGE', `-o must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

/**
 * The first positional argument: the command group, whatever flags precede it. Flags are skipped with
 * their values as `specs` (every group's) declare them; an unknown flag is taken as taking no value, and
 * the group's own parser reports it.
 */
export function commandGroup(argv: readonly string[], specs: readonly FlagSpec[]): string | undefined {
  const byName = specsByName(specs);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return argv[i + 1];
    const match = FLAG.exec(arg);
    if (match === null) return arg;
    const spec = byName.get(match[2] as string);
    if (spec !== undefined && spec.type !== 'boolean' && match[3] === undefined) i++; // its value
  }
  return undefined;
}

function specsByName(specs: readonly FlagSpec[]): Map<string, FlagSpec> {
  return new Map(specs.flatMap((spec) => spec.names.map((name) => [name, spec] as const)));
}

function known(specs: readonly FlagSpec[]): string {
  return specs.map((s) => s.names.map((n) => (n.length === 1 ? `-${n}` : `--${n}`)).join('|')).join(', ');
}
