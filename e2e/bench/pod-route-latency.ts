// bench:pod-route — how long from a new pod (twill-cni ADD) until every other node has the route to it,
// on the two-rack fabric (native routing: node → leaf → spine → leaf → node, all BGP), and where the time
// goes: each node timestamps the route's arrival in its kernel (`ip -ts monitor route`, route-monitor.ts)
// and the UPDATEs on its fabric link (tcpdump, bgp-capture.ts), splitting the origin node's share, the
// routers' (FRR leaves, BIRD spine) and the receiving node's.
//   node dist/e2e/bench/pod-route-latency.js [--pods 30]
// The pods come from a bench pool with /32 blocks, so each pod is a new block and a new route (with the
// demo's /26 blocks only a node's first pod changes any route). Pods are added one at a time, each after
// the previous one's route reached every node: the figures are for an otherwise idle fabric.
import { readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { TWILL_NODES, TwoRackFabric, upsert } from '../two-rack/fabric.js';
import { cni, cniConfig } from '../two-rack/pods.js';
import { waitFor } from '../../lab/wait.js';
import type { AnyResource, Backend, IPPool } from '../../datastore/index.js';
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
const sameRack = (a: string, b: string): boolean =>
  (NODE_ADDRESS[a] as string).split('.')[1] === (NODE_ADDRESS[b] as string).split('.')[1];
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Records when a watch first sees each resource whose `key` is defined (the address of its CIDR). */
async function firstSeen(
  store: Backend,
  kind: 'BlockAffinity' | 'IPAMBlock',
  into: Map<string, number>,
  key: (r: AnyResource) => string | undefined,
): Promise<{ close(): void }> {
  const { revision } = await store.list(kind);
  const watch = store.watch(kind, { fromRevision: revision });
  void (async () => {
    for await (const e of watch) {
      if (e.type === 'resync-needed' || e.type === 'deleted') continue;
      const address = key(e.resource)?.split('/')[0];
      if (address !== undefined && !into.has(address)) into.set(address, Date.now());
    }
  })();
  return watch;
}

const logPath = (fabric: TwoRackFabric, node: string): string =>
  path.join(fabric.lab.nodeDir(node), 'twill-node.log');
const logSize = (fabric: TwoRackFabric, node: string): number => statSync(logPath(fabric, node)).size;

/** The node's JSON log lines written after `offset` bytes. */
function logLinesSince(fabric: TwoRackFabric, node: string, offset: number): Record<string, unknown>[] {
  return readFileSync(logPath(fabric, node))
    .subarray(offset)
    .toString('utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

/**
 * `--mesh`: the node-to-node mesh on as well (eBGP between nodes, AS per node), so a route goes from the
 * origin node to its rack neighbour with no router's BGP in between: Twill's own end-to-end latency.
 * Only sessions within a rack come up (eBGP between nodes is single-hop, and the other rack is two
 * routed hops away), so the other rack still learns through the leaves and the spine.
 */
async function meshOn(fabric: TwoRackFabric, say: (m: string) => void): Promise<void> {
  say('node-to-node mesh on; waiting for every node to peer with its rack neighbour');
  await upsert(fabric.store, {
    apiVersion: 'twill.dev/v1',
    kind: 'BGPConfiguration',
    metadata: { name: 'default' },
    spec: { nodeToNodeMeshEnabled: true, asNumber: 64512 },
  });
  let last = '';
  await waitFor(
    'every node Established with its leaf and its rack neighbour (IPv4 and IPv6)',
    async () => {
      const states = await Promise.all(
        TWILL_NODES.map(async (n) => (await fabric.lab.sessions(n).catch(() => [])).map((x) => x.state)),
      );
      last = states.map((s, i) => `${TWILL_NODES[i] as string} ${s.join(',')}`).join('; ');
      return states.every((s) => s.filter((x) => x === 'Established').length >= 4) ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 1000, describeLast: () => last },
  );
}

async function main(): Promise<void> {
  const count = arg('--pods', 30);
  const mesh = process.argv.includes('--mesh');
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
    if (mesh) await meshOn(fabric, say);
    await upsert(fabric.store, BENCH_POOL);
    // When each bench block was written to etcd (its IPAMBlock with an affinity) and when its affinity was
    // confirmed, as this process's watches see them (wall clock): the start of Twill's own pipeline
    // (typha → calculation graph → BGP → leaf → spine → leaf → BGP → kernel). The node reacts to the block,
    // which the IPAM writes before it confirms the affinity, so "written" is the earlier, fairer start.
    const confirmed = new Map<string, number>();
    const written = new Map<string, number>();
    const watches = [
      await firstSeen(fabric.store, 'BlockAffinity', confirmed, (r) =>
        r.kind === 'BlockAffinity' && r.spec.state === 'confirmed' ? r.spec.cidr : undefined,
      ),
      await firstSeen(fabric.store, 'IPAMBlock', written, (r) =>
        r.kind === 'IPAMBlock' && r.spec.affinity !== undefined ? r.spec.cidr : undefined,
      ),
    ];
    const logStart = new Map(TWILL_NODES.map((n) => [n, logSize(fabric, n)]));
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
      const start = Math.min(written.get(ip) ?? NaN, claim);
      const lastIndex = (kernel as number[]).indexOf(last);
      stats.add('A origin node: block written → UPDATE sent (typha, graph, speaker)', out - start);
      stats.add('  origin node: block written → own blackhole in kernel', (own as number) - start);
      others.forEach((n, k) => {
        stats.add(
          sameRack(n, node)
            ? `B1 same rack: UPDATE sent → at the node (${mesh ? 'mesh, bridge' : 'FRR leaf'})`
            : `B2 other rack: UPDATE sent → at the node (${mesh ? 'mesh, routed by the leaves' : 'FRR, BIRD, FRR'})`,
          (arrived[k] as number) - out,
        );
        stats.add(
          'C receiving node: UPDATE in → route in kernel (decode, decision, netlink)',
          (kernel[k] as number) - (arrived[k] as number),
        );
      });
      stats.add(
        "TWILL SHARE on the last node's path (A + C)",
        out - start + last - (arrived[lastIndex] as number),
      );
      stats.add('CNI ADD duration', t1 - t0);
      stats.add('TOTAL from block written → every other node', last - start);
      const near = others.findIndex((n) => sameRack(n, node));
      stats.add(
        `TOTAL from block written → rack neighbour (${mesh ? 'mesh: Twill only' : 'via the FRR leaf'})`,
        (kernel[near] as number) - start,
      );
      stats.add('TOTAL from affinity confirmed → every other node', last - claim);
      stats.add('TOTAL from CNI ADD start → every other node', last - t0);
      say(
        `pod ${name} on ${node} ${ip}: ADD ${(t1 - t0).toFixed(0)} ms; every other node ${(last - t0).toFixed(0)} ms ` +
          `after ADD started, ${(last - start).toFixed(0)} ms after the block was written`,
      );
    }
    for (const w of watches) w.close();
    for (const n of TWILL_NODES)
      for (const line of logLinesSince(fabric, n, logStart.get(n) ?? 0)) {
        if (line['msg'] !== 'kernel routes applied') continue;
        stats.add('  twill-node kernel pass: first change → pass start (queuedMs)', Number(line['queuedMs']));
        stats.add('  twill-node kernel pass: netlink (tookMs)', Number(line['tookMs']));
      }
    say(
      `\nnew pod → route on every other node (${count} pods, each a new /32 block, one at a time` +
        `${mesh ? ', node-to-node mesh: the first UPDATE comes straight from the origin node' : ''}):`,
    );
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
