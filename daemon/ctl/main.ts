#!/usr/bin/env node
// twillctl: the operator's client. For now the `bgp` commands, which read twill-bgpd's control socket.
//   twillctl [--socket PATH] [-o table|json|yaml] bgp peers
//   twillctl [--socket PATH] [-o table|json|yaml] bgp routes [--peer P] [--afi ipv4|ipv6] [received|advertised|best]
//   twillctl bgp peer ADDRESS shutdown|enable|reset|soft-reset [in|out] [--message TEXT]
//   twillctl bgp drain [--peer P] [off]       twillctl bgp reload
//   twillctl explain route PREFIX [--node N]  twillctl diags [--out DIR|FILE.tar.gz]
// The socket defaults to $TWILL_BGPD_SOCKET, then /run/twill-bgpd.sock.
import { errorMessage } from '../../common/index.js';
import { bgpCommand, type OutputFormat } from './bgp-commands.js';
import { CtlError } from './control-client.js';
import { parseArgs } from './args.js';
import { explainCommand } from './explain-command.js';
import { diagsCommand } from './diags-command.js';

/** Groups with their own argv parser (explain-command.ts, diags-command.ts), one line each. */
const OWN_GROUPS: Readonly<
  Record<string, (argv: readonly string[], env: NodeJS.ProcessEnv) => Promise<string>>
> = {
  explain: explainCommand,
  diags: diagsCommand,
};

async function main(argv: readonly string[]): Promise<void> {
  const own = argv.findIndex((a) => Object.hasOwn(OWN_GROUPS, a));
  if (own >= 0) {
    const rest = [...argv.slice(0, own), ...argv.slice(own + 1)];
    process.stdout.write(
      await (OWN_GROUPS[argv[own] as string] as (typeof OWN_GROUPS)[string])(rest, process.env),
    );
    return;
  }
  const { positional, flags } = parseArgs(argv);
  const output = (flags.o ?? flags.output ?? 'table') as OutputFormat;
  if (!['table', 'json', 'yaml'].includes(output))
    throw new CtlError('USAGE', '-o must be table, json or yaml');
  const socket = flags.socket ?? process.env.TWILL_BGPD_SOCKET ?? '/run/twill-bgpd.sock';
  const [group, ...rest] = positional;
  if (group !== 'bgp') throw new CtlError('USAGE', 'usage: twillctl bgp peers | bgp routes ...');
  process.stdout.write(
    await bgpCommand(rest, {
      socket,
      output,
      ...(flags.peer === undefined ? {} : { peer: flags.peer }),
      ...(flags.afi === undefined ? {} : { afi: flags.afi }),
      ...(flags.message === undefined ? {} : { message: flags.message }),
    }),
  );
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`twillctl: ${errorMessage(err)}\n`);
  process.exit(err instanceof CtlError && err.code === 'USAGE' ? 2 : 1);
});
