// The full-size IPAM concurrency run from issue 5 (4 nodes × 1000 operations) against a throwaway etcd:
//   node dist/ipam/testing/stress-etcd.js [--nodes 4] [--ops 1000]
// Prints a summary and exits non-zero if any invariant fails (duplicates, errors, unaccounted addresses,
// check() not clean). The mocha suite runs the same workload small; TWILL_IPAM_STRESS=full runs it there.
import { EtcdBackend } from '../../datastore/index.js';
import { startEtcd } from '../../datastore/testing/etcd-server.js';
import { runStress } from './stress.js';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}

const nodes = flag('nodes', 4);
const ops = flag('ops', 1000);
const out = (line: string): void => void process.stdout.write(`${line}\n`);
const server = await startEtcd();
let failed = true;
try {
  const started = performance.now();
  const result = await runStress({
    nodes,
    opsPerNode: ops,
    connect: () => new EtcdBackend({ endpoints: [server.endpoint], keyPrefix: '/ipam-stress' }),
    progress: out,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const accounted =
    result.allocatedAfterGc.size === result.kept.size &&
    [...result.kept].every(([handle, ip]) => result.allocatedAfterGc.get(handle) === ip);
  out(
    `${nodes} nodes × ${ops} ops in ${seconds} s: ${result.allocations} allocations, ${result.releases} releases`,
  );
  out(
    `duplicates: ${result.duplicates.length}, errors: ${result.errors.length}, victims crashed: ${result.victimsCrashed}`,
  );
  out(
    `after ${result.gcPasses} GC passes: ${result.allocatedAfterGc.size} allocated, ${result.kept.size} kept, accounted: ${accounted}`,
  );
  out(`check clean: ${result.report.clean}`);
  for (const line of [...result.duplicates, ...result.errors].slice(0, 20)) out(`  ${line}`);
  failed = result.duplicates.length > 0 || result.errors.length > 0 || !accounted || !result.report.clean;
} finally {
  await server.stop();
}
process.exitCode = failed ? 1 : 0;
