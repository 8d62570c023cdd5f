// `twillctl node status --all` as an operator runs it on the demo: the built CLI, reading the
// TwillNodeStatus objects every twill-node writes to etcd (through the lab's unix-socket client URL,
// since etcd's own address is on the lab's management network).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { etcdSocket } from '../../lab/kinds/etcd.js';
import { TWILLCTL_MAIN } from '../../lab/kinds/twill.js';
import type { TwoRackFabric } from './fabric.js';

const execFileAsync = promisify(execFile);

export async function nodeStatusAll(
  fabric: TwoRackFabric,
  output: 'table' | 'json' = 'table',
): Promise<string> {
  const endpoint = `unix://${etcdSocket({ dir: fabric.lab.nodeDir('etcd') })}`;
  const { stdout } = await execFileAsync(
    process.execPath,
    [TWILLCTL_MAIN, 'node', 'status', '--all', '-o', output, '--etcd-endpoints', endpoint],
    { timeout: 30_000, env: { PATH: process.env['PATH'] ?? '' } },
  );
  return stdout;
}
