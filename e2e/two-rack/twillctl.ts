// twillctl as an operator runs it against the demo's datastore: the built CLI, talking to etcd through
// the lab's unix-socket client URL (etcd's own address is on the lab's management network).
import { spawn } from 'node:child_process';

import { etcdSocket } from '../../lab/kinds/etcd.js';
import { TWILLCTL_MAIN } from '../../lab/kinds/twill.js';
import type { TwoRackFabric } from './fabric.js';

/** Runs `twillctl ARGS --etcd-endpoints unix://…`, `input` on stdin; rejects with stderr on a non-zero exit. */
export function datastoreTwillctl(
  fabric: TwoRackFabric,
  args: readonly string[],
  input = '',
): Promise<string> {
  const endpoint = `unix://${etcdSocket({ dir: fabric.lab.nodeDir('etcd') })}`;
  const child = spawn(process.execPath, [TWILLCTL_MAIN, ...args, '--etcd-endpoints', endpoint], {
    env: { PATH: process.env['PATH'] ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  child.stdin.end(input);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve, reject) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`twillctl ${args.join(' ')} exited ${code}: ${err.trim()}`));
    });
  });
}

/** `twillctl node status --all`: the TwillNodeStatus objects every twill-node writes. */
export function nodeStatusAll(fabric: TwoRackFabric, output: 'table' | 'json' = 'table'): Promise<string> {
  return datastoreTwillctl(fabric, ['node', 'status', '--all', '-o', output]);
}
