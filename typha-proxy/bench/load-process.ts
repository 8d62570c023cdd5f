// A load process of the fan-out benchmark: plays many nodes at once with LightClients, reports when
// they are all in sync, and, per update, when each of them received it.
import { assertNever } from '../../common/index.js';
import { monotonicMs, type FromLoad, type ToLoad } from './bench-ipc.js';
import { LightClient } from './light-client.js';

/** TLS handshakes in flight at once: a whole wave at once would overflow typha's accept backlog. */
const CONNECT_CONCURRENCY = 25;
const PING_INTERVAL_MS = 5000;
const AWAIT_TIMEOUT_MS = 120_000;

const clients: LightClient[] = [];
/** position → when each client decoded that DELTA. */
const receipts = new Map<number, number[]>();
let pinger: NodeJS.Timeout | undefined;

function send(message: FromLoad): void {
  process.send?.(message);
}

async function connectAll(message: Extract<ToLoad, { type: 'connect' }>): Promise<void> {
  const onDelta = (position: number, atMs: number): void => {
    const list = receipts.get(position);
    if (list === undefined) receipts.set(position, [atMs]);
    else list.push(atMs);
  };
  const snapshotMs: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < message.clients) {
      next++;
      const client = new LightClient({ port: message.port, tls: message.tls, onDelta });
      clients.push(client);
      try {
        await client.ready;
        snapshotMs.push(monotonicMs() - client.startedAtMs);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
  };
  // From the start: a rush can outlast typha's liveness timeout, and typha hears nothing else from us.
  pinger = setInterval(() => clients.forEach((client) => client.ping()), PING_INTERVAL_MS);
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
  const lastReadyMs = monotonicMs();
  const bytesPerClient = clients.reduce((sum, c) => sum + c.bytesReceived, 0) / Math.max(1, clients.length);
  const firstStartMs = clients[0]?.startedAtMs ?? monotonicMs();
  send({ type: 'in-sync', snapshotMs, bytesPerClient, failures, firstStartMs, lastReadyMs });
}

async function awaitPosition(position: number): Promise<void> {
  const deadline = monotonicMs() + AWAIT_TIMEOUT_MS;
  await Promise.race([
    // Clients that failed or were cut off are counted in the in-sync report, not waited for here.
    Promise.all(clients.filter((client) => client.isOpen).map((client) => client.reach(position))),
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`position ${position} not at every client in time`)),
        deadline - monotonicMs(),
      ).unref(),
    ),
  ]);
  send({ type: 'received', position, receivedAtMs: receipts.get(position) ?? [] });
  receipts.delete(position);
}

process.on('message', (message: ToLoad) => {
  const handle = async (): Promise<void> => {
    switch (message.type) {
      case 'connect':
        return connectAll(message);
      case 'await-position':
        return awaitPosition(message.position);
      case 'stop':
        if (pinger !== undefined) clearInterval(pinger);
        await Promise.all(clients.map((client) => client.close()));
        process.exit(0);
        return;
      default:
        assertNever(message, 'load process message');
    }
  };
  handle().catch((error: unknown) => send({ type: 'error', message: String(error) }));
});
