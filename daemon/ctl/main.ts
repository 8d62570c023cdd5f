#!/usr/bin/env node
// twillctl: the operator's client. The `bgp` commands read twill-bgpd's control socket; the datastore
// groups (get/create/apply/replace/delete/patch, config validate, ipam) each live in their own file and
// are dispatched from DATASTORE_GROUPS, one line per group (see README.md).
//   twillctl [--socket PATH] [-o table|json|yaml] bgp peers
//   twillctl [--socket PATH] [-o table|json|yaml] bgp routes [--peer P] [--afi ipv4|ipv6] [received|advertised|best]
//   twillctl bgp peer ADDRESS shutdown|enable|reset|soft-reset [in|out] [--message TEXT]
//   twillctl bgp drain [--peer P] [off]       twillctl bgp reload
//   twillctl explain route PREFIX [--node N]  twillctl diags [--out DIR|FILE.tar.gz]
// The socket defaults to $TWILL_BGPD_SOCKET, then /run/twill-bgpd.sock.
//   twillctl node status [--node N | --all] [-o ...]   (the datastore: node-command.ts)
import { errorMessage } from '../../common/index.js';
import { bgpCommand, type OutputFormat } from './bgp-commands.js';
import { CtlError } from './control-client.js';
import { commandGroup, flagRecord, outputFormat, parseArgv } from './argv.js';
import { ALL_FLAGS, BGP_FLAGS, DATASTORE_GROUP_FLAGS } from './ctl-flags.js';
import type { CommandGroup } from './ctl-context.js';
import { processIo } from './ctl-io.js';

// Loaded on use: the datastore groups pull in etcd3 or the Kubernetes client, which `bgp` must not pay for.
const DATASTORE_GROUPS: Readonly<Record<string, () => Promise<CommandGroup>>> = {
  get: async () => (await import('./resource-get.js')).getCommand,
  create: async () => (await import('./resource-write.js')).writeCommand,
  apply: async () => (await import('./resource-write.js')).writeCommand,
  replace: async () => (await import('./resource-write.js')).writeCommand,
  delete: async () => (await import('./resource-delete.js')).deleteCommand,
  patch: async () => (await import('./resource-patch.js')).patchCommand,
  config: async () => (await import('./config-validate.js')).configCommand,
  ipam: async () => (await import('./ipam-commands.js')).ipamCommand,
};

/** Groups that take argv without the group word (explain-command.ts, diags-command.ts); loaded on use. */
type OwnGroup = (argv: readonly string[], env: NodeJS.ProcessEnv) => Promise<string>;
const OWN_GROUPS: Readonly<Record<string, OwnGroup>> = {
  explain: async (a, e) => (await import('./explain-command.js')).explainCommand(a, e),
  diags: async (a, e) => (await import('./diags-command.js')).diagsCommand(a, e),
};

async function main(argv: readonly string[]): Promise<void> {
  const first = commandGroup(argv, ALL_FLAGS) ?? '';
  const own = Object.hasOwn(OWN_GROUPS, first) ? argv.indexOf(first) : -1;
  if (own >= 0) {
    const rest = [...argv.slice(0, own), ...argv.slice(own + 1)];
    process.stdout.write(await (OWN_GROUPS[first] as OwnGroup)(rest, process.env));
    return;
  }
  if (first === 'node') {
    // Loaded on use, like the groups below: `node status` reads TwillNodeStatus from the datastore.
    const { nodeCommand } = await import('./node-command.js');
    process.stdout.write(await nodeCommand(argv, process.env));
    return;
  }
  const datastoreGroup = Object.hasOwn(DATASTORE_GROUPS, first) ? DATASTORE_GROUPS[first] : undefined;
  if (datastoreGroup !== undefined) {
    const args = parseArgv(argv, DATASTORE_GROUP_FLAGS, first);
    if (args.booleans.has('help'))
      process.stdout.write((await import('./datastore-help.js')).datastoreHelp(first));
    else process.exitCode = await (await datastoreGroup())(args, processIo());
    return;
  }
  if (first !== 'bgp')
    throw new CtlError(
      'USAGE',
      'usage: twillctl bgp peers | bgp routes ... | get|create|apply|replace|delete|patch|config|ipam ... (GROUP --help)',
    );
  const args = parseArgv(argv, BGP_FLAGS, 'bgp');
  const output = outputFormat<OutputFormat>(args, ['table', 'json', 'yaml']);
  const { socket: socketFlag, peer, afi, message } = flagRecord(args);
  const socket = socketFlag ?? process.env.TWILL_BGPD_SOCKET ?? '/run/twill-bgpd.sock';
  const rest = args.positional.slice(1); // after the group word
  process.stdout.write(
    await bgpCommand(rest, {
      socket,
      output,
      ...(peer === undefined ? {} : { peer }),
      ...(afi === undefined ? {} : { afi }),
      ...(message === undefined ? {} : { message }),
    }),
  );
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`twillctl: ${errorMessage(err)}\n`);
  process.exit(err instanceof CtlError && err.code === 'USAGE' ? 2 : 1);
});
