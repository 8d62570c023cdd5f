// Not a test: the NetworkPolicy table's costs on a real kernel (needs root; runs in throw-away network
// namespaces). `npm run bench:policy` = `node dist/routing/policy-bench/bench.js`, with flags to run
// smaller: --endpoints 10000 --local 200 --policies 1000,10000 --connects 300.
//   - full apply (compile + render + one transaction; drift checks read the ruleset generation): target ≤ 5 s
//   - one pod added, one policy changed (incremental: element or chain diff): target ≤ 50 ms for a pod
//   - memory: heap and RSS after the full apply
//   - first-packet latency: TCP connect between two real pods with 0 and N policies installed, the
//     receiving pod selected by a policy so its packets go through the dispatch map: target flat ±10 %
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { compileTable, libnftablesRunner, PolicyTable, type PolicyState } from '../nftables/index.js';
import { PodLab } from '../nftables/testing/pod-lab.js';
import { syntheticPod, syntheticPolicy, syntheticState } from './synthetic.js';

const exec = promisify(execFile);
const latencyJs = path.join(path.dirname(fileURLToPath(import.meta.url)), 'connect-latency.js');

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

/** Result, wall-clock ms, and this process's CPU ms (all threads, user + system: the libnftables
 * worker thread and the kernel's work on its netlink calls included), which a loaded machine inflates
 * much less than the wall clock. */
async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number, number]> {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  const r = await fn();
  const used = process.cpuUsage(c);
  return [r, Number(process.hrtime.bigint() - t) / 1e6, (used.user + used.system) / 1e3];
}

function pct(ratio: number): string {
  return `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)} %`;
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(0)} MiB`;
}

async function main(): Promise<void> {
  const endpoints = Number(flag('--endpoints', '10000'));
  const local = Number(flag('--local', '200'));
  const sizes = flag('--policies', '1000,10000').split(',').map(Number);
  const connects = Number(flag('--connects', '300'));
  const gc = (globalThis as { gc?: () => void }).gc;
  process.stdout.write(`endpoints: ${endpoints} (${local} local), policies: ${sizes.join(', ')}\n`);

  // Two real pods (x/a → x/b on port 80) in namespaces joined to a node namespace, where the table lives.
  const lab = await PodLab.create(`twt-polbench-${process.pid}`, ['x'], ['a', 'b']);
  try {
    const [a, b] = [lab.pod('x/a'), lab.pod('x/b')];
    const realPods = lab.pods.map((p) => ({
      namespace: 'x',
      name: p.name,
      labels: { pod: p.name },
      ips: [p.ip],
      hostInterface: p.hostInterface,
    }));
    const allowAtoB = {
      namespace: 'x',
      name: 'allow-a',
      podSelector: { matchLabels: { pod: 'b' } },
      ingress: [{ peers: [{ podSelector: { matchLabels: { pod: 'a' } } }], ports: [{ port: 80 }] }],
    };
    const latency = async (): Promise<number> => {
      const r = await exec('ip', [
        'netns',
        'exec',
        a.netns,
        process.execPath,
        latencyJs,
        b.ip,
        '80',
        String(connects),
      ]);
      return (JSON.parse(r.stdout) as { medianUs: number }).medianUs;
    };
    const withReal = (s: PolicyState, policies = true): PolicyState => ({
      ...s,
      pods: [...s.pods, ...realPods],
      policies: policies ? [...s.policies, allowAtoB] : s.policies,
      namespaces: [...s.namespaces, { name: 'x', labels: {} }],
    });

    const runner = libnftablesRunner({ netnsPath: lab.nodeNetnsPath });
    const latencyWith = async (policies: boolean): Promise<number> => {
      await new PolicyTable(runner).sync(withReal(syntheticState(endpoints, local, 0), policies));
      return latency();
    };
    const lat0 = await latencyWith(false);
    // Only the pod's own policy: the per-packet path of N policies (dispatch map, group chain, one
    // policy chain, one set lookup) without the N - 1 others, so the ratio shows what N itself costs.
    const lat1 = await latencyWith(true);
    process.stdout.write(
      `first packet, 0 policies: median TCP connect ${lat0.toFixed(0)} µs; ` +
        `only x/b's own policy: ${lat1.toFixed(0)} µs\n`,
    );

    for (const n of sizes) {
      gc?.();
      const state = withReal(syntheticState(endpoints, local, n));
      const [, compileMs, compileCpu] = await timed(() => compileTable(state));
      const table = new PolicyTable(runner);
      const [full, fullMs, fullCpu] = await timed(() => table.sync(state));
      gc?.();
      const mem = process.memoryUsage();

      // A change resolves once committed; the listing kept for drift checks follows it in the table's
      // queue. Drain that queue (a drift check: two listings) so each change below is timed alone.
      const [, driftMs] = await timed(() => table.checkDrift());
      const added = { ...state, pods: [...state.pods, syntheticPod(endpoints, true)] };
      const [podR, podMs, podCpu] = await timed(() => table.sync(added));
      await table.checkDrift();
      const changedPolicies = [...added.policies];
      changedPolicies[1] = syntheticPolicy(1, 4242);
      const [polR, polMs, polCpu] = await timed(() => table.sync({ ...added, policies: changedPolicies }));
      // A drift check after another program committed elsewhere: the one case that lists the table.
      await runner.apply(['add table inet twill-bench-other', 'delete table inet twill-bench-other']);
      const [, foreignMs] = await timed(() => table.checkDrift());
      const lat = await latency();
      const ratio = lat / lat0;
      process.stdout.write(
        `\n${n} policies over ${endpoints} endpoints:\n` +
          `  full apply:     ${fullMs.toFixed(0)} ms, cpu ${fullCpu.toFixed(0)} ms (${full.commands} commands; compile alone ${compileMs.toFixed(0)} ms, cpu ${compileCpu.toFixed(0)} ms) target ≤ 5000 ms: ${fullMs <= 5000 ? 'met' : 'NOT met'}\n` +
          `  one pod added:  ${podMs.toFixed(1)} ms, cpu ${podCpu.toFixed(1)} ms (${podR.mode}, ${podR.commands} commands) target ≤ 50 ms: ${podMs <= 50 ? 'met' : 'NOT met'}\n` +
          `  policy changed: ${polMs.toFixed(1)} ms, cpu ${polCpu.toFixed(1)} ms (${polR.mode}, ${polR.commands} commands)\n` +
          `  drift check:    ${driftMs.toFixed(1)} ms after our own commits; ${foreignMs.toFixed(0)} ms after another program's commit (one listing)\n` +
          `  memory:         heap used ${mib(mem.heapUsed)}, rss ${mib(mem.rss)}${gc ? '' : ' (run with --expose-gc for settled figures)'}\n` +
          `  first packet:   median TCP connect ${lat.toFixed(0)} µs vs ${lat0.toFixed(0)} µs with 0 policies: ` +
          `${pct(ratio)} (target within ±10 %: ${Math.abs(ratio - 1) <= 0.1 ? 'met' : 'NOT met'}); ` +
          `vs only x/b's own policy: ${pct(lat / lat1)}\n`,
      );
    }
  } finally {
    await lab.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
