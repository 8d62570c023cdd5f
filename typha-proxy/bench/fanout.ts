// Fan-out benchmark: one typha on a real etcd, a few hundred TLS clients in this process.
// Prints the time for a new client to get a full snapshot, and per-client fan-out latency of single
// updates (p50, p99), from the update reaching typha to the client's consumer receiving it.
//   node dist/typha-proxy/bench/fanout.js [--clients 300] [--resources 10000] [--updates 20]
/* eslint-disable no-console -- a benchmark prints its figures */
import { parseArgs } from 'node:util';

import { EtcdBackend, type SyncerConsumer, type SyncUpdate } from '../../datastore/index.js';
import { startEtcd } from '../../datastore/testing/etcd-server.js';
import { ipPool } from '../../datastore/testing/fixtures.js';
import { TyphaClient } from '../client/index.js';
import { TyphaServer } from '../server/index.js';
import { createTestPki } from '../testing/test-pki.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '300' },
    resources: { type: 'string', default: '10000' },
    updates: { type: 'string', default: '20' },
  },
});
const clientCount = Number(values.clients);
const resourceCount = Number(values.resources);
const updateCount = Number(values.updates);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function until(what: string, probe: () => boolean, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const [etcd, pki] = await Promise.all([startEtcd(), createTestPki()]);
const identity = await pki.client('twill-node');
const backend = new EtcdBackend({ endpoints: [etcd.endpoint], keyPrefix: '/bench' });
const clients: TyphaClient[] = [];
let server: TyphaServer | undefined;
try {
  let t = performance.now();
  const batch = 200;
  for (let i = 0; i < resourceCount; i += batch) {
    const writes = [];
    for (let j = i; j < Math.min(resourceCount, i + batch); j++) {
      writes.push(
        backend.create(ipPool(`pool-${j}`, `10.${j >> 8}.${j & 255}.0/24`, { rack: `r${j % 16}` })),
      );
    }
    await Promise.all(writes);
  }
  console.log(`seeded ${resourceCount} IPPools in ${(performance.now() - t).toFixed(0)} ms`);

  server = await TyphaServer.start({
    backend,
    kinds: ['IPPool'],
    host: '127.0.0.1',
    port: 0,
    tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca },
    allowedPeers: { commonNames: ['twill-node'], uriSans: [] },
    maxClients: clientCount + 10,
  });
  const typha = server;
  await until('typha in sync', () => typha.cache.status === 'in-sync');

  // Latency of one update to each client: t0 when typha publishes it, t1 when a consumer gets it.
  // Updates are written one at a time, so the latest DELTA frame is the one being measured.
  let publishedAtMs = NaN;
  typha.cache.subscribe((frame) => (publishedAtMs = frame.createdAtMs));
  /** resourceVersion → the latency at each client that received it. */
  const receipts = new Map<string, number[]>();
  const inSync = new Set<number>();
  const consumer = (index: number): SyncerConsumer => ({
    onStatus: (status) => {
      if (status === 'in-sync') inSync.add(index);
    },
    onUpdates: (updates: readonly SyncUpdate[]) => {
      if (!inSync.has(index)) return;
      for (const update of updates) {
        const version = update.resource.metadata.resourceVersion ?? '';
        const list = receipts.get(version) ?? [];
        list.push(performance.now() - publishedAtMs);
        receipts.set(version, list);
      }
    },
  });
  const tls = { ca: pki.ca, cert: identity.cert, key: identity.key };
  const address = `127.0.0.1:${typha.port}`;

  t = performance.now();
  const first = new TyphaClient({ addresses: [address], tls, consumer: consumer(0), kinds: ['IPPool'] });
  clients.push(first);
  first.start();
  await until('first client in sync', () => inSync.has(0));
  const oneSnapshotMs = performance.now() - t;
  console.log(`snapshot of ${resourceCount} resources to one new client: ${oneSnapshotMs.toFixed(0)} ms`);
  console.log(`  bytes received: ${first.connections()[0]?.bytesReceived ?? 0} (deflate)`);

  t = performance.now();
  for (let i = 1; i < clientCount; i++) {
    const client = new TyphaClient({ addresses: [address], tls, consumer: consumer(i), kinds: ['IPPool'] });
    clients.push(client);
    client.start();
  }
  await until('all clients in sync', () => inSync.size === clientCount);
  console.log(`${clientCount} clients connected and in sync in ${(performance.now() - t).toFixed(0)} ms`);

  for (let u = 0; u < updateCount; u++) {
    const pool = await backend.get('IPPool', `pool-${u}`);
    const updated = await backend.update({
      ...pool,
      spec: { ...pool.spec, natOutgoing: !pool.spec.natOutgoing },
    });
    const version = updated.metadata.resourceVersion ?? '';
    await until(`update ${u} at every client`, () => receipts.get(version)?.length === clientCount);
  }
  const sorted = [...receipts.values()].flat().sort((a, b) => a - b);
  console.log(
    `fan-out of ${updateCount} single updates to ${clientCount} clients: p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(2)} ms`,
  );
  const memory = process.memoryUsage();
  console.log(
    `process (typha + all clients) rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB; serializations ${typha.metrics.serializations.value()}`,
  );
} finally {
  await Promise.all(clients.map((client) => client.stop()));
  await server?.stop();
  await backend.close();
  await etcd.stop();
  await pki.remove();
}
