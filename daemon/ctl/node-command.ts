// `twillctl node status [--node N | --all] [-o table|json|yaml] [--stale-after SEC]` with the datastore
// flags of datastore-connection.ts. Reads TwillNodeStatus objects (written by each twill-node) from
// etcd or Kubernetes; never talks to the nodes themselves.
import os from 'node:os';

import { errorCode } from '../../common/index.js';
import type { Backend, TwillNodeStatus } from '../../datastore/index.js';
import { CtlError } from './control-client.js';
import { flagRecord, outputFormat, parseArgv } from './argv.js';
import { NODE_FLAGS } from './ctl-flags.js';
import { openCtlDatastore } from './datastore-connection.js';
import {
  DEFAULT_STALE_AFTER_SEC,
  nodeStatusEntries,
  renderNodeStatus,
  type NodeStatusOutput,
} from './node-status-view.js';

const USAGE =
  'usage: twillctl node status [--node NAME | --all] [-o table|json|yaml] [--stale-after SEC] ' +
  '[--datastore etcd|kubernetes] [--etcd-endpoints URLS] [--kubeconfig FILE]';
/** Runs the command; returns what to print. `nowMs` is injectable for tests of staleness. */
export async function nodeCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  nowMs: () => number = Date.now,
): Promise<string> {
  const args = parseArgv(argv, NODE_FLAGS, 'node status');
  if (args.positional.join(' ') !== 'node status') throw new CtlError('USAGE', USAGE);
  const flags = flagRecord(args);
  const all = args.booleans.has('all');
  const output = outputFormat<NodeStatusOutput>(args, ['table', 'json', 'yaml']);
  if (all && flags.node !== undefined) throw new CtlError('USAGE', '--node and --all exclude each other');
  const staleAfterSec =
    flags['stale-after'] === undefined ? DEFAULT_STALE_AFTER_SEC : Number(flags['stale-after']);
  if (!Number.isInteger(staleAfterSec) || staleAfterSec <= 0)
    throw new CtlError(
      'USAGE',
      `--stale-after must be a whole number of seconds, got ${flags['stale-after']}`,
    );
  // Without --node or --all: this machine's node, named as twill-node names it (TWILL_NODENAME, else
  // the host name in lower case).
  const node = all ? undefined : (flags.node ?? env.TWILL_NODENAME ?? os.hostname().toLowerCase());
  const { backend } = await openCtlDatastore(flags, env);
  try {
    const items = await readStatuses(backend, node);
    return renderNodeStatus(nodeStatusEntries(items, nowMs(), staleAfterSec), output, nowMs());
  } finally {
    await backend.close();
  }
}

async function readStatuses(backend: Backend, node: string | undefined): Promise<TwillNodeStatus[]> {
  if (node === undefined) {
    const { items } = await backend.list('TwillNodeStatus');
    if (items.length === 0)
      throw new CtlError('REQUEST_FAILED', 'no TwillNodeStatus objects: is twill-node running anywhere?');
    return items;
  }
  try {
    return [await backend.get('TwillNodeStatus', node)];
  } catch (error) {
    if (errorCode(error) === 'NOT_FOUND')
      throw new CtlError(
        'REQUEST_FAILED',
        `no TwillNodeStatus for node ${JSON.stringify(node)} (use --all to list every node)`,
      );
    throw error;
  }
}
