#!/usr/bin/env node
// twillctl: the operator's client. For now the `bgp` commands, which read twill-bgpd's control socket.
//   twillctl [--socket PATH] [-o table|json|yaml] bgp peers
//   twillctl [--socket PATH] [-o table|json|yaml] bgp routes [--peer P] [--afi ipv4|ipv6] [received|advertised|best]
//   twillctl bgp peer ADDRESS shutdown|enable|reset|soft-reset [in|out] [--message TEXT]
//   twillctl bgp drain [--peer P] [off]       twillctl bgp reload
// The socket defaults to $TWILL_BGPD_SOCKET, then /run/twill-bgpd.sock.
//   twillctl node status [--node N | --all] [-o ...]   (the datastore: node-command.ts)
import { errorMessage } from '../../common/index.js';
import { bgpCommand, type OutputFormat } from './bgp-commands.js';
import { CtlError } from './control-client.js';
import { parseArgs } from './args.js';
import { isNodeCommand, nodeCommand } from './node-command.js';

async function main(argv: readonly string[]): Promise<void> {
  if (isNodeCommand(argv)) {
    process.stdout.write(await nodeCommand(argv, process.env));
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
