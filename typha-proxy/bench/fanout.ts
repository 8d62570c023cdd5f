// Fan-out benchmark (issue 7): one typha in its own process on an in-memory datastore, N nodes spread
// over a few load processes, and figures for what a fleet feels: a new node's snapshot time, how long
// one update takes to reach every node, typha's own memory and CPU, and what a resume saves.
//   node dist/typha-proxy/bench/fanout.js [--clients 1000] [--resources 100000] [--updates 20]
//                                         [--load-processes 4] [--resume-updates 10]
/* eslint-disable no-console -- a benchmark prints its figures */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

import type { SyncStatus } from '../../datastore/index.js';
import { TyphaClient } from '../client/index.js';
import { createTestPki } from '../testing/test-pki.js';
import type { FromLoad, FromServer, ServerUsage, ToLoad, ToServer } from './bench-ipc.js';
import { monotonicMs } from './bench-ipc.js';
import { BenchChild } from './child-ipc.js';
import { LightClient } from './light-client.js';
import { ascending, mib, ms, percentile, versusTarget } from './stats.js';

const SNAPSHOT_TARGET_MS = 2000;
const FANOUT_P99_TARGET_MS = 100;
const LONG_MS = 900_000;

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    resources: { type: 'string', default: '100000' },
    updates: { type: 'string', default: '20' },
    'load-processes': { type: 'string', default: '4' },
    'resume-updates': { type: 'string', default: '10' },
  },
});
const clientCount = Number(values.clients);
const resourceCount = Number(values.resources);
const updateCount = Number(values.updates);
const loadCount = Math.max(1, Math.min(clientCount, Number(values['load-processes'])));
const resumeUpdates = Number(values['resume-updates']);

type Server = BenchChild<ToServer, FromServer>;
type Load = BenchChild<ToLoad, FromLoad>;

async function usage(server: Server): Promise<ServerUsage> {
  return (await server.request({ type: 'usage' }, 'usage', 30_000)).usage;
}

function cpuSeconds(from: ServerUsage, to: ServerUsage): string {
  const user = (to.userMicros - from.userMicros) / 1e6;
  const system = (to.systemMicros - from.systemMicros) / 1e6;
  return `${(user + system).toFixed(2)} s (user ${user.toFixed(2)}, system ${system.toFixed(2)})`;
}

function memory(u: ServerUsage): string {
  return `rss ${mib(u.rssBytes)} (peak ${mib(u.maxRssBytes)}), heap used ${mib(u.heapUsedBytes)}`;
}

/** One update published by typha, and when every node got it. */
async function fanOut(server: Server, loads: readonly Load[], index: number): Promise<number[]> {
  const { position, publishedAtMs } = await server.request({ type: 'update', index }, 'published', 60_000);
  const replies = await Promise.all(
    loads.map((load) => load.request({ type: 'await-position', position }, 'received', 180_000)),
  );
  return replies.flatMap((reply) => reply.receivedAtMs.map((atMs) => atMs - publishedAtMs));
}

/** A real TyphaClient (it parses every resource, as a node does) from start to in-sync. */
async function realClientSnapshotMs(
  port: number,
  tls: { ca: string; cert: string; key: string },
): Promise<number> {
  let status: SyncStatus | undefined;
  const startedAtMs = monotonicMs();
  const client = new TyphaClient({
    addresses: [`127.0.0.1:${port}`],
    tls,
    kinds: ['WorkloadEndpoint'],
    consumer: { onStatus: (s) => (status = s), onUpdates: () => {} },
  });
  client.start();
  const deadline = startedAtMs + 120_000;
  while (status !== 'in-sync') {
    if (monotonicMs() > deadline) throw new Error('the real client did not get in sync in 120 s');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const elapsed = monotonicMs() - startedAtMs;
  await client.stop();
  return elapsed;
}

const pki = await createTestPki();
const identity = await pki.client('twill-node');
const tls = { ca: pki.ca, ...identity };
const server: Server = new BenchChild('typha', './bench-server.js');
const loads: Load[] = [];
const extra: LightClient[] = [];
// The driver's own clients must be heard from too, or typha's liveness check ends them.
const pinger = setInterval(() => extra.forEach((client) => client.ping()), 5000);
try {
  console.log(
    `twill-typha fan-out: ${clientCount} clients in ${loadCount} load processes, ${resourceCount} WorkloadEndpoints, ` +
      `${availableParallelism()} CPUs here; upstream: in-memory datastore (MemoryBackend) in typha's process, not etcd`,
  );
  const ready = await server.request(
    {
      type: 'start',
      resources: resourceCount,
      maxClients: clientCount + 20,
      tls: { ...pki.server, ca: pki.ca },
    },
    'ready',
    LONG_MS,
  );
  const base = await usage(server);
  console.log(
    `typha: seeded in ${ms(ready.seedMs)}, in sync with upstream in ${ms(ready.syncMs)}; ${memory(base)}`,
  );

  // A new client on an idle typha: what a node joining a quiet cluster waits.
  const first = new LightClient({ port: ready.port, tls, kinds: ['WorkloadEndpoint'] });
  extra.push(first);
  await first.ready;
  const firstMs = monotonicMs() - first.startedAtMs;
  const snapshotBytes = first.bytesReceived;
  await first.close();
  console.log(
    `\nsnapshot to one new client (delivery, batches not parsed): ${versusTarget(firstMs, SNAPSHOT_TARGET_MS)}`,
  );
  console.log(`  ${first.snapshotBatches} batches, ${mib(snapshotBytes)} on the wire (deflate)`);
  const realMs = await realClientSnapshotMs(ready.port, tls);
  console.log(
    `snapshot to one new TyphaClient (parses all ${resourceCount}): ${versusTarget(realMs, SNAPSHOT_TARGET_MS)}`,
  );

  const beforeHerd = await usage(server);
  for (let i = 0; i < loadCount; i++) loads.push(new BenchChild(`load-${i}`, './load-process.js'));
  const shares = loads.map(
    (_, i) => Math.floor(clientCount / loadCount) + (i < clientCount % loadCount ? 1 : 0),
  );
  const herd = await Promise.all(
    loads.map((load, i) =>
      load.request(
        { type: 'connect', port: ready.port, clients: shares[i] as number, tls },
        'in-sync',
        LONG_MS,
      ),
    ),
  );
  const herdMs = Math.max(...herd.map((h) => h.lastReadyMs)) - Math.min(...herd.map((h) => h.firstStartMs));
  const herdSnapshots = ascending(herd.flatMap((h) => h.snapshotMs));
  const failures = herd.flatMap((h) => h.failures);
  const afterHerd = await usage(server);
  console.log(
    `\n${clientCount} clients connected (25 handshakes in flight per load process) and in sync in ${ms(herdMs)}`,
  );
  console.log(
    `  per-client snapshot during the rush: p50 ${ms(percentile(herdSnapshots, 50))}, p99 ${ms(percentile(herdSnapshots, 99))}; failures ${failures.length}${failures.length > 0 ? ` (first: ${failures[0]})` : ''}`,
  );
  console.log(`  typha CPU for the rush ${cpuSeconds(beforeHerd, afterHerd)}; ${memory(afterHerd)}`);

  const late = new LightClient({ port: ready.port, tls, kinds: ['WorkloadEndpoint'] });
  extra.push(late);
  await late.ready;
  console.log(
    `snapshot to one more new client with ${afterHerd.clients} connected: ${versusTarget(monotonicMs() - late.startedAtMs, SNAPSHOT_TARGET_MS)}`,
  );

  const beforeUpdates = await usage(server);
  const latencies: number[] = [];
  const lastPerUpdate: number[] = [];
  for (let u = 0; u < updateCount; u++) {
    const got = await fanOut(server, loads, u);
    latencies.push(...got);
    lastPerUpdate.push(Math.max(...got));
  }
  const afterUpdates = await usage(server);
  const sorted = ascending(latencies);
  const lastSorted = ascending(lastPerUpdate);
  console.log(
    `\nfan-out of ${updateCount} single updates to ${clientCount} clients (publish in typha → DELTA decoded in a load process):`,
  );
  console.log(
    `  per client: p50 ${ms(percentile(sorted, 50))}, p99 ${versusTarget(percentile(sorted, 99), FANOUT_P99_TARGET_MS)}, max ${ms(sorted.at(-1) ?? NaN)} (${sorted.length} receipts)`,
  );
  console.log(
    `  last client per update: p50 ${ms(percentile(lastSorted, 50))}, p99 ${ms(percentile(lastSorted, 99))}`,
  );
  console.log(`  typha CPU for the updates ${cpuSeconds(beforeUpdates, afterUpdates)}`);

  // Resume: the late client drops, misses some updates, and comes back with its position.
  const resumePoint = { epoch: late.epoch, position: late.position };
  await late.close();
  let lastPosition = 0;
  for (let u = 0; u < resumeUpdates; u++) {
    const reply = await server.request({ type: 'update', index: updateCount + u }, 'published', 60_000);
    lastPosition = reply.position;
  }
  const t = monotonicMs();
  const back = new LightClient({ port: ready.port, tls, kinds: ['WorkloadEndpoint'], resume: resumePoint });
  extra.push(back);
  await back.ready;
  await back.reach(lastPosition);
  console.log(
    `\nresumed reconnect after missing ${resumeUpdates} updates: ${back.bytesReceived} bytes (start: ${back.start}) in ${ms(monotonicMs() - t)}` +
      ` vs ${snapshotBytes} bytes for a full snapshot (${((100 * back.bytesReceived) / snapshotBytes).toFixed(3)} %)`,
  );

  const end = await usage(server);
  console.log(
    `\ntypha at the end: ${end.clients} clients; ${memory(end)}; CPU since start ${cpuSeconds({ ...end, userMicros: 0, systemMicros: 0 }, end)}`,
  );
  console.log(
    `  bytes sent ${mib(end.bytesSent)}; resource serializations ${end.serializations} (once per update, not per client); disconnects ${JSON.stringify(end.disconnects)}`,
  );
} finally {
  clearInterval(pinger);
  await Promise.all(extra.map((client) => client.close()));
  await Promise.all(loads.map((load) => load.stop({ type: 'stop' })));
  await server.stop({ type: 'stop' });
  await pki.remove();
}
