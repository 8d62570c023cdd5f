#!/usr/bin/env node
// The two-rack demo, the README's first command (`./run lab`): brings the fabric up with progress, then
// prints the fabric picture, each node's BGP peers (twillctl, through the node's control socket), and the
// pod-to-pod reachability matrix; stays up until Ctrl-C, then removes everything.
//   node dist/e2e/two-rack/main.js [--mode native|vxlan|wireguard] [--name NAME]
import { errorMessage } from '../../common/errors.js';
import { Lab } from '../../lab/lab.js';
import { renderPicture, snapshot } from '../../lab/render/picture.js';
import { twillctl } from '../../lab/routers/twillctl.js';
import { loadTopology } from '../../lab/topology/parse.js';
import { TWILL_NODES, TWO_RACK_TOPOLOGY, TwoRackFabric } from './fabric.js';
import { reachability, renderMatrix } from './matrix.js';
import { nodeStatusAll } from './twillctl.js';
import { FABRIC_MODES, type FabricMode } from './resources.js';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  const mode = (option(args, '--mode') ?? 'native') as FabricMode;
  if (!FABRIC_MODES.includes(mode)) throw new Error(`--mode ${mode}: one of ${FABRIC_MODES.join(', ')}`);
  const name = option(args, '--name') ?? loadTopology(TWO_RACK_TOPOLOGY).name;
  const t0 = Date.now();
  const say = (m: string) => process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}\n`);
  const running: { fabric?: TwoRackFabric } = {};
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${why}: tearing down lab ${name}\n`);
    await (running.fabric ? running.fabric.down() : Lab.destroy(name));
    process.stdout.write('lab removed\n');
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void stop(sig));
  const fabric = await TwoRackFabric.up({ mode, name, onProgress: say });
  running.fabric = fabric;
  say('fabric up');
  process.stdout.write(
    '\n' + renderPicture(await snapshot(fabric.lab, { waitForSessionsMs: 30_000 })) + '\n',
  );
  for (const node of TWILL_NODES) {
    const ctx = fabric.lab.nodeContext(node);
    const peers = await twillctl(ctx, ['bgp', 'peers']).catch((e: unknown) => `(${errorMessage(e)})\n`);
    process.stdout.write(`\n$ twillctl --socket ${node}/twill-node.sock bgp peers    # ${node}\n${peers}`);
  }
  // The status objects are written a moment after the sessions come up (rate-limited writer).
  const status = await nodeStatusAll(fabric).catch((e: unknown) => `(${errorMessage(e)})\n`);
  process.stdout.write(`\n$ twillctl node status --all\n${status}`);
  if (mode !== 'native') {
    const device = mode === 'vxlan' ? 'twill.vxlan' : 'twill.wg';
    const routes = await fabric.lab.kernelRoutes('n1');
    if (!routes.some((r) => r.dev === device))
      process.stdout.write(
        `\nnote: n1 routes nothing through ${device}: this twill-node does not set up ${mode} yet, so pod ` +
          'traffic below goes natively through the leaves\n',
      );
  }
  say('probing every pod from every pod (IPv4 and IPv6)');
  const results = await reachability(fabric.pods);
  process.stdout.write('\n' + renderMatrix(fabric.pods, results) + '\n');
  process.stdout.write(
    `\nlab ${name} is up (mode ${mode}). Try: node dist/lab/cli.js exec ${name} n1 -- ip route\n` +
      `pods: ${fabric.pods.map((p) => `${p.name} ${p.ipv4} ${p.ipv6} (ip netns exec ${p.ns} ...)`).join('\n      ')}\n` +
      'Ctrl-C tears it down.\n',
  );
  const reported = new Set<number>();
  setInterval(() => {
    for (const p of fabric.lab.deadProcesses().filter((x) => !reported.has(x.pid) && reported.add(x.pid)))
      process.stderr.write(`warning: ${p.node}: ${p.name} (pid ${p.pid}) is not running\n`);
  }, 5000);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`two-rack: ${errorMessage(err)}\n`);
  process.exit(1);
});
