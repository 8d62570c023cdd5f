/** Tiny argv parser: `--name value`, `--name=value`, `-o value`; everything else is positional. */
import { CtlError } from './control-client.js';

const VALUE_FLAGS = ['o', 'output', 'socket', 'peer', 'afi', 'message'];

export function parseArgs(argv: readonly string[]): { positional: string[]; flags: Record<string, string> } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const match = /^--?([a-z]+)(?:=(.*))?$/.exec(arg);
    if (match === null) {
      positional.push(arg);
      continue;
    }
    const name = match[1] as string;
    if (!VALUE_FLAGS.includes(name)) throw new CtlError('USAGE', `unknown flag ${arg}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new CtlError('USAGE', `${arg} needs a value`);
    flags[name] = value;
  }
  return { positional, flags };
}
