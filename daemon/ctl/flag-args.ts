/** argv for the explain and diags groups: `--name value` / `--name=value` from an allowed list. */
import { CtlError } from './control-client.js';

export interface FlagArgs {
  readonly positional: string[];
  readonly flags: Record<string, string>;
}

export function parseFlagArgs(argv: readonly string[], allowed: readonly string[]): FlagArgs {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const match = /^--?([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    if (match === null) {
      positional.push(arg);
      continue;
    }
    const name = match[1] === 'output' ? 'o' : (match[1] as string);
    if (!allowed.includes(name))
      throw new CtlError('USAGE', `unknown flag ${arg} (known: --${allowed.join(', --')})`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new CtlError('USAGE', `${arg} needs a value`);
    flags[name] = value;
  }
  return { positional, flags };
}
