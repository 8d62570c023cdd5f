// bench:pod-route — how long from a new pod (twill-cni ADD) until every other node has the route to it,
// on the two-rack fabric (native routing: node → leaf → spine → leaf → node, all BGP), and where the time
// goes: each node timestamps the route's arrival in its kernel (`ip -ts monitor route`, route-monitor.ts)
// and the UPDATEs on its fabric link (tcpdump, bgp-capture.ts), splitting the origin node's share, the
// routers' (FRR leaves, BIRD spine) and the receiving node's.
//   node dist/e2e/bench/pod-route-latency.js [--pods 30]
// The pods come from a bench pool with /32 blocks, so each pod is a new block and a new route (with the
// demo's /26 blocks only a node's first pod changes any route). Pods are added one at a time, each after
// the previous one's route reached every node: the figures are for an otherwise idle fabric.
import { loadavg } from 'node:os';
import { TWILL_NODES, TwoRackFabric, upsert } from '../two-rack/fabric.js';
import { cni, cniConfig } from '../two-rack/pods.js';
import type { IPPool } from '../../datastore/index.js';
import { LatencySeries } from './latency-stats.js';
import { BgpUpdateCapture } from './bgp-capture.js';
import { RouteMonitor } from './route-monitor.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const BENCH_POOL: IPPool = {
  apiVersion: 'twill.dev/v1',
  kind: 'IPPool',
  metadata: { name: 'bench-v4' },
  spec: {
    cidr: '10.250.0.0/24',
    blockSize: 32,
    encapsulation: { type: 'None' },
    natOutgoing: false,
    nodeSelector: 'all()',
    disabled: false,
    allowedUses: ['Workload'],
  },
};

/** Each twill node's fabric address (eth1), as in containerlab/two-rack/two-rack.clab.yml. */
const NODE_ADDRESS: Readonly<Record<string, string>> = {
  n1: '10.1.0.11',
  n2: '10.1.0.12',
  n3: '10.2.0.13',
  n4: '10.2.0.14',
};
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const count = arg('--pods', 30);
  const say = (m: string) => process.stdout.write(`${m}\n`);
  const fabric = await TwoRackFabric.up({
    name: `bench-${process.pid % 10000}`,
    onProgress: say,
    podsPerNode: 0,
  });
  const monitors = new Map(TWILL_NODES.map((n) => [n, new RouteMonitor(fabric.lab.ns(n))]));
  const captures = new Map(
    TWILL_NODES.map((n) => [n, new BgpUpdateCapture(fabric.lab.ns(n), 'eth1', NODE_ADDRESS[n] as string)]),
  );
  const kernelAt = (node: string, ip: string) => (monitors.get(node) as RouteMonitor).arrival(ip, 30_000);
  const updateAt = (node: string, dir: 'in' | 'out', ip: string) =>
    (captures.get(node) as BgpUpdateCapture).first(dir, `${ip}/32`, 5_000);
  try {
    await upsert(fabric.store, BENCH_POOL);
    // When each bench block's affinity is confirmed in etcd (as this process's watch sees it, wall clock):
    // the start of Twill's own pipeline (typha → calculation graph → BGP → leaf → spine → leaf → BGP → kernel).
    const confirmed = new Map<string, number>();
    const { revision } = await fabric.store.list('BlockAffinity');
    const watch = fabric.store.watch('BlockAffinity', { fromRevision: revision });
    void (async () => {
      for await (const e of watch) {
        if (e.type === 'resync-needed' || e.type === 'deleted') continue;
        const cidr = e.resource.spec.cidr.split('/')[0] as string;
        if (e.resource.spec.state === 'confirmed' && !confirmed.has(cidr)) confirmed.set(cidr, Date.now());
      }
    })();
    const stats = new LatencySeries();
    const loadBefore = load();
    for (let i = 0; i < count; i++) {
      const node = TWILL_NODES[i % TWILL_NODES.length] as string;
      const others = TWILL_NODES.filter((n) => n !== node);
      const name = `bench-${i}`;
      const ns = await fabric.lab.addNamespace(name);
      const config = {
        ...cniConfig(node, fabric.etcdEndpoint, {}),
        ipam: { type: 'twill', assignIPv4: true, assignIPv6: false, ipv4Pools: ['bench-v4'] },
      };
      const t0 = Date.now();
      const result = await cni(fabric.lab, 'ADD', { name, node, ns }, config);
      const t1 = Date.now();
      const ip = (result.ips?.[0]?.address ?? '').split('/')[0] as string;
      const [own, ...kernel] = await Promise.all([node, ...others].map((n) => kernelAt(n, ip)));
      const out = await updateAt(node, 'out', ip);
      const arrived = await Promise.all(others.map((n) => updateAt(n, 'in', ip)));
      const last = Math.max(...(kernel as number[]));
      const claim = confirmed.get(ip) ?? NaN;
      stats.add('A origin node: block confirmed → UPDATE sent (typha, graph, speaker)', out - claim);
      stats.add('  (origin node: block confirmed → own blackhole in kernel)', (own as number) - claim);
      others.forEach((n, k) => {
        stats.add(
          'B fabric: UPDATE sent → UPDATE at a node (FRR leaf [, BIRD spine, FRR leaf])',
          (arrived[k] as number) - out,
        );
        stats.add(
          'C receiving node: UPDATE in → route in kernel (decode, decision, netlink)',
          (kernel[k] as number) - (arrived[k] as number),
        );
      });
      stats.add('CNI ADD duration', t1 - t0);
      stats.add('TOTAL from block confirmed → every other node', last - claim);
      stats.add('TOTAL from CNI ADD start → every other node', last - t0);
      say(
        `pod ${name} on ${node} ${ip}: ADD ${(t1 - t0).toFixed(0)} ms; every other node ${(last - t0).toFixed(0)} ms ` +
          `after ADD started, ${(last - claim).toFixed(0)} ms after the affinity was confirmed`,
      );
    }
    watch.close();
    say(`\nnew pod → route on every other node (${count} pods, each a new /32 block, one at a time):`);
    say(`load average (1/5/15 min) before: ${loadBefore}, after: ${load()}`);
    for (const line of stats.table()) say(`  ${line}`);
  } finally {
    for (const m of monitors.values()) m.stop();
    for (const c of captures.values()) c.stop();
    await fabric.down();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:pod-route: ${String(err)}\n`);
  process.exit(1);
});
