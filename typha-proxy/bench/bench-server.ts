// The typha side of the fan-out benchmark, run by fanout.ts as a child process so that typha's CPU
// and memory are its own: an in-memory datastore seeded with N WorkloadEndpoints, one TyphaServer on
// it, and answers over IPC (publish one update, report usage).
import { assertNever } from '../../common/index.js';
import { MemoryBackend, type WorkloadEndpoint } from '../../datastore/index.js';
import { workloadEndpoint } from '../../datastore/testing/fixtures.js';
import { MESSAGE_TYPES } from '../proto/index.js';
import { TyphaServer } from '../server/index.js';
import { monotonicMs, type FromServer, type ServerUsage, type ToServer } from './bench-ipc.js';

const NAMESPACES = 50;

/** A pod's endpoint with the labels a real one carries, so the JSON is of a realistic size. */
export function benchEndpoint(index: number): WorkloadEndpoint {
  const ip = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  return workloadEndpoint(`ns-${index % NAMESPACES}`, `pod-${index}`, ip, {
    app: `app-${index % 500}`,
    tier: index % 3 === 0 ? 'frontend' : 'backend',
    'pod-template-hash': (index * 2654435761).toString(16).slice(-10),
  });
}

function send(message: FromServer): void {
  process.send?.(message);
}

async function until(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = monotonicMs() + timeoutMs;
  while (!probe()) {
    if (monotonicMs() > deadline) throw new Error(`typha bench server: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const backend = new MemoryBackend();
let server: TyphaServer | undefined;
/** Set by the cache listener: the newest DELTA typha published, and when. */
let published: { position: number; atMs: number } | undefined;

async function start(message: Extract<ToServer, { type: 'start' }>): Promise<void> {
  let t = monotonicMs();
  for (let i = 0; i < message.resources; i++) await backend.create(benchEndpoint(i));
  const seedMs = monotonicMs() - t;
  t = monotonicMs();
  const typha = await TyphaServer.start({
    backend,
    kinds: ['WorkloadEndpoint'],
    host: '127.0.0.1',
    port: 0,
    tls: { cert: message.tls.cert, key: message.tls.key, ca: message.tls.ca },
    allowedPeers: { commonNames: ['twill-node'], uriSans: [] },
    maxClients: message.maxClients,
  });
  server = typha;
  // Subscribed before any client, so this runs first for each frame: the moment fan-out begins.
  typha.cache.subscribe((frame) => {
    if (frame.type === MESSAGE_TYPES.DELTA) published = { position: frame.position, atMs: monotonicMs() };
  });
  await until('typha in sync', () => typha.cache.status === 'in-sync', 600_000);
  send({ type: 'ready', port: typha.port, seedMs, syncMs: monotonicMs() - t });
}

async function update(index: number): Promise<void> {
  const before = server?.cache.position ?? 0;
  const name = `pod-${index}`;
  const current = await backend.get('WorkloadEndpoint', name, benchEndpoint(index).metadata.namespace);
  const labels = {
    ...current.metadata.labels,
    revision: String(Number(current.metadata.labels?.['revision'] ?? 0) + 1),
  };
  await backend.update({ ...current, metadata: { ...current.metadata, labels } });
  await until('the update to reach typha', () => (published?.position ?? 0) > before, 60_000);
  const { position, atMs } = published as { position: number; atMs: number };
  send({ type: 'published', position, publishedAtMs: atMs });
}

function usage(): ServerUsage {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const disconnects: Record<string, number> = {};
  const text = server?.metrics.registry.render() ?? '';
  for (const match of text.matchAll(/^twill_typha_disconnects_total\{reason="([^"]+)"\} (\d+)/gm)) {
    disconnects[match[1] as string] = Number(match[2]);
  }
  return {
    rssBytes: memory.rss,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: memory.heapUsed,
    userMicros: cpu.user,
    systemMicros: cpu.system,
    bytesSent: server?.metrics.bytesSent.value() ?? 0,
    serializations: server?.metrics.serializations.value() ?? 0,
    clients: server?.clientCount ?? 0,
    disconnects,
  };
}

process.on('message', (message: ToServer) => {
  const handle = async (): Promise<void> => {
    switch (message.type) {
      case 'start':
        return start(message);
      case 'update':
        return update(message.index);
      case 'usage':
        return send({ type: 'usage', usage: usage() });
      case 'stop':
        await server?.stop();
        await backend.close();
        process.exit(0);
        return;
      default:
        assertNever(message, 'bench server message');
    }
  };
  handle().catch((error: unknown) => send({ type: 'error', message: String(error) }));
});
