/**
 * The argv parser of the datastore command groups (get, apply, ipam, config, ...): `--name value`,
 * `--name=value`, `-o value`, boolean flags (`-A`, `--force`), repeatable `-f`. Every flag is declared
 * with its aliases, so a typo is a usage error naming the flag rather than a silent default.
 */
import { CtlError } from './control-client.js';

interface FlagSpec {
  readonly names: readonly string[];
  readonly boolean?: boolean;
  readonly repeatable?: boolean;
}

/** Canonical name → its spelling(s). The first name is the canonical one. */
export const CTL_FLAGS: readonly FlagSpec[] = [
  { names: ['output', 'o'] },
  { names: ['namespace', 'n'] },
  { names: ['all-namespaces', 'A'], boolean: true },
  { names: ['selector', 'l'] },
  { names: ['filename', 'f'], repeatable: true },
  { names: ['patch', 'p'] },
  { names: ['force'], boolean: true },
  { names: ['leaked'], boolean: true },
  { names: ['ip'] },
  { names: ['node'] },
  { names: ['node-config'] },
  { names: ['help', 'h'], boolean: true },
  // The datastore connection (datastore-connection.ts).
  { names: ['datastore'] },
  { names: ['etcd-endpoints'] },
  { names: ['etcd-prefix'] },
  { names: ['etcd-ca-file'] },
  { names: ['etcd-cert-file'] },
  { names: ['etcd-key-file'] },
  { names: ['etcd-username'] },
  { names: ['kubeconfig'] },
  { names: ['config'] },
  // Read by the bgp group's own parser (args.ts); accepted here so a global flag anywhere is not an error.
  { names: ['socket'] },
];

export interface CtlArgs {
  readonly positional: readonly string[];
  /** By canonical name; a repeatable flag keeps every value. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly booleans: ReadonlySet<string>;
}

const BY_NAME = new Map(CTL_FLAGS.flatMap((spec) => spec.names.map((name) => [name, spec] as const)));

export function parseCtlArgs(argv: readonly string[]): CtlArgs {
  const positional: string[] = [];
  const values = new Map<string, string[]>();
  const booleans = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    // "-" alone is a value (stdin for -f), not a flag; "--" ends the flags.
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    const match = /^(--?)([A-Za-z][-A-Za-z0-9]*)(?:=(.*))?$/.exec(arg);
    if (match === null) {
      positional.push(arg);
      continue;
    }
    const spec = BY_NAME.get(match[2] as string);
    if (spec === undefined) throw new CtlError('USAGE', `unknown flag ${arg} (see twillctl --help)`);
    const name = spec.names[0] as string;
    if (spec.boolean === true) {
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

/** The first positional argument: the command group (`get`, `ipam`, ...), whatever flags precede it. */
export function commandGroup(argv: readonly string[]): string | undefined {
  try {
    return parseCtlArgs(argv).positional[0];
  } catch {
    // A flag this parser does not know (a bgp flag, or a typo): the first bare word still names the
    // group, so `get --outptu x` reaches `get` and its parser reports the unknown flag.
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i] as string;
      if (!arg.startsWith('-')) return arg;
      const spec = BY_NAME.get(arg.replace(/^--?/, ''));
      if (spec !== undefined && spec.boolean !== true) i++; // its value
    }
    return undefined;
  }
}
