// bench:pod-route — how long from a new pod (twill-cni ADD) until every other node has the route to it,
// on the two-rack fabric (native routing: node → leaf → spine → leaf → node, all BGP).
//   node dist/e2e/bench/pod-route-latency.js [--pods 12]
// The pods come from a bench pool with /32 blocks, so each pod is a new block and a new route (with the
// demo's /26 blocks only a node's first pod changes any route). `ip monitor route` in each other node
// timestamps the route's arrival without polling.
import { spawn, type ChildProcess } from 'node:child_process';
import { TWILL_NODES, TwoRackFabric, upsert } from '../two-rack/fabric.js';
import { cni, cniConfig } from '../two-rack/pods.js';
import type { IPPool } from '../../datastore/index.js';

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

/** Resolves with the time a route to `dst` shows up in `ip monitor route` output of each watcher. */
class RouteWatcher {
  private readonly child: ChildProcess;
  private buffer = '';
  private readonly waiting = new Map<string, (t: number) => void>();
  private readonly seen = new Map<string, number>();

  constructor(ns: string) {
    this.child = spawn('ip', ['-n', ns, 'monitor', 'route'], { stdio: ['ignore', 'pipe', 'ignore'] });
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      const now = performance.now();
      this.buffer += d;
      const lines = this.buffer.split('\n');
      this.buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('Deleted')) continue;
        const dst = line.split(' ')[0] ?? '';
        if (!this.seen.has(dst)) this.seen.set(dst, now);
        this.waiting.get(dst)?.(now);
      }
    });
  }

  arrival(dst: string, timeoutMs: number): Promise<number> {
    const seen = this.seen.get(dst);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no route to ${dst} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiting.set(dst, (t) => {
        clearTimeout(timer);
        resolve(t);
      });
    });
  }

  stop(): void {
    this.child.kill();
  }
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const count = arg('--pods', 12);
  const say = (m: string) => process.stdout.write(`${m}\n`);
  const fabric = await TwoRackFabric.up({
    name: `bench-${process.pid % 10000}`,
    onProgress: say,
    podsPerNode: 0,
  });
  const watchers = new Map(TWILL_NODES.map((n) => [n, new RouteWatcher(fabric.lab.ns(n))]));
  try {
    await upsert(fabric.store, BENCH_POOL);
    // When each bench block's affinity is confirmed in etcd: the start of Twill's own pipeline
    // (watch → calculation graph → BGP → leaf → spine → leaf → BGP → kernel).
    const confirmed = new Map<string, number>();
    const { revision } = await fabric.store.list('BlockAffinity');
    const watch = fabric.store.watch('BlockAffinity', { fromRevision: revision });
    void (async () => {
      for await (const e of watch) {
        if (e.type === 'resync-needed' || e.type === 'deleted') continue;
        const cidr = e.resource.spec.cidr.split('/')[0] as string;
        if (e.resource.spec.state === 'confirmed' && !confirmed.has(cidr))
          confirmed.set(cidr, performance.now());
      }
    })();
    const fromAdd: number[] = [];
    const fromResult: number[] = [];
    const fromClaim: number[] = [];
    for (let i = 0; i < count; i++) {
      const node = TWILL_NODES[i % TWILL_NODES.length] as string;
      const name = `bench-${i}`;
      const ns = await fabric.lab.addNamespace(name);
      const config = {
        ...cniConfig(node, fabric.etcdEndpoint, {}),
        ipam: { type: 'twill', assignIPv4: true, assignIPv6: false, ipv4Pools: ['bench-v4'] },
      };
      const t0 = performance.now();
      const result = await cni(fabric.lab, 'ADD', { name, node, ns }, config);
      const t1 = performance.now();
      const ip = (result.ips?.[0]?.address ?? '').split('/')[0] as string;
      const others = TWILL_NODES.filter((n) => n !== node);
      const arrivals = await Promise.all(
        others.map((n) => (watchers.get(n) as RouteWatcher).arrival(ip, 30_000)),
      );
      const last = Math.max(...arrivals);
      const claim = confirmed.get(ip) ?? NaN;
      fromAdd.push(last - t0);
      fromResult.push(last - t1);
      fromClaim.push(last - claim);
      say(
        `pod ${name} on ${node} ${ip}: CNI ADD took ${(t1 - t0).toFixed(0)} ms; route on ${others.join('/')} ` +
          `${(last - t0).toFixed(0)} ms after ADD started, ${(last - claim).toFixed(0)} ms after the block's ` +
          `affinity was confirmed, ${(last - t1).toFixed(0)} ms after ADD returned`,
      );
    }
    watch.close();
    const a = [...fromAdd].sort((x, y) => x - y);
    const r = [...fromResult].sort((x, y) => x - y);
    const c = [...fromClaim].sort((x, y) => x - y);
    say(`\nnew pod → route on every other node (${count} pods, each a new /32 block, 2 loaded cores):`);
    say(
      `  from CNI ADD start:    p50 ${pct(a, 50).toFixed(0)} ms, p90 ${pct(a, 90).toFixed(0)} ms, max ${pct(a, 100).toFixed(0)} ms`,
    );
    say(
      `  from block confirmed:  p50 ${pct(c, 50).toFixed(0)} ms, p90 ${pct(c, 90).toFixed(0)} ms, max ${pct(c, 100).toFixed(0)} ms`,
    );
    say(
      `  from CNI ADD returned (negative: the route was there first): p50 ${pct(r, 50).toFixed(0)} ms, p90 ${pct(r, 90).toFixed(0)} ms, max ${pct(r, 100).toFixed(0)} ms`,
    );
  } finally {
    for (const w of watchers.values()) w.stop();
    await fabric.down();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:pod-route: ${String(err)}\n`);
  process.exit(1);
});
