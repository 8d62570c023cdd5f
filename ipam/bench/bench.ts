// IPAM allocations per second against a real etcd, from 1 and 4 concurrent nodes (issue 5's
// `bench:ipam`; the CNI ADD/DEL half lives in daemon/cni/bench/, which ipam/ may not import):
//   node dist/ipam/bench/bench.js [--allocations 500] [--parallel 8]
// Each simulated node is an IpamAllocator on its own etcd connection, as separate hosts would be; each
// keeps `parallel` pod allocations in flight (the allocator serializes one node's requests, as the CNI
// plugin's callers on one host are). Every run starts from an empty key prefix, so block claims count.
import { pathToFileURL } from 'node:url';

import { EtcdBackend } from '../../datastore/index.js';
import { startEtcd } from '../../datastore/testing/etcd-server.js';
import { IpamAllocator } from '../allocator.js';
import { node, pool } from '../testing/fixtures.js';

export interface AllocationRate {
  readonly nodes: number;
  readonly allocations: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Addresses handed out twice; must be 0 (a benchmark that breaks the invariant measures nothing). */
  readonly duplicates: number;
}

export interface AllocationRateOptions {
  /** etcd client URL. */
  readonly endpoint: string;
  readonly nodes: number;
  readonly allocationsPerNode: number;
  readonly parallelPerNode: number;
}

let runs = 0;

export async function measureAllocationRate(options: AllocationRateOptions): Promise<AllocationRate> {
  const keyPrefix = `/twill-bench-ipam-${process.pid}-${++runs}`;
  const connect = (): EtcdBackend => new EtcdBackend({ endpoints: [options.endpoint], keyPrefix });
  const admin = connect();
  const names = Array.from({ length: options.nodes }, (_, i) => `node-${i + 1}`);
  const backends = names.map(connect);
  try {
    await admin.create(pool('bench', '10.96.0.0/12', { blockSize: 26 }));
    for (const name of names) await admin.create(node(name));
    const allocators = names.map(
      (name, i) => new IpamAllocator({ backend: backends[i] as EtcdBackend, node: name }),
    );
    const seen = new Set<string>();
    let duplicates = 0;
    const runNode = async (ipam: IpamAllocator): Promise<void> => {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < options.allocationsPerNode) {
          const i = next++;
          const handleID = `${ipam.node}-pod-${i}`;
          const [ip] = await ipam.allocate({ handleID, family: 4 });
          const text = String(ip);
          if (seen.has(text)) duplicates++;
          seen.add(text);
        }
      };
      await Promise.all(Array.from({ length: options.parallelPerNode }, worker));
    };
    const started = performance.now();
    await Promise.all(allocators.map(runNode));
    const seconds = (performance.now() - started) / 1000;
    const allocations = options.nodes * options.allocationsPerNode;
    return { nodes: options.nodes, allocations, seconds, perSecond: allocations / seconds, duplicates };
  } finally {
    for (const backend of [admin, ...backends]) await backend.close();
  }
}

/** Starts a throwaway etcd, measures 1 and 4 nodes, prints one line each. */
export async function runAllocationBench(
  options: { allocationsPerNode?: number; parallelPerNode?: number } = {},
  say: (line: string) => void = (line) => void process.stdout.write(`${line}\n`),
): Promise<readonly AllocationRate[]> {
  const allocationsPerNode = options.allocationsPerNode ?? 500;
  const parallelPerNode = options.parallelPerNode ?? 8;
  const server = await startEtcd();
  const results: AllocationRate[] = [];
  try {
    say(
      `IPAM allocations/s against real etcd (${allocationsPerNode} per node, ${parallelPerNode} in flight per node, fresh pool, block claims included)`,
    );
    for (const nodes of [1, 4]) {
      const rate = await measureAllocationRate({
        endpoint: server.endpoint,
        nodes,
        allocationsPerNode,
        parallelPerNode,
      });
      results.push(rate);
      say(
        `${String(nodes).padStart(2)} node(s): ${String(rate.allocations).padStart(6)} allocations in ${rate.seconds.toFixed(2).padStart(7)} s = ${rate.perSecond.toFixed(0).padStart(6)} allocations/s  (duplicates: ${rate.duplicates})`,
      );
    }
  } finally {
    await server.stop();
  }
  return results;
}

export function numericFlag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await runAllocationBench({
    allocationsPerNode: numericFlag('allocations', 500),
    parallelPerNode: numericFlag('parallel', 8),
  });
  if (results.some((r) => r.duplicates > 0)) process.exitCode = 1;
}
