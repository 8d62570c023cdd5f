// The health endpoints' HTTP server, in a worker thread of its own. Why a thread: when the main event
// loop is wedged (a runaway loop, a synchronous call that never returns), a server on that loop cannot
// answer at all, and the kubelet sees only timeouts. From here /livez answers with a clear 503 naming
// how long the main loop has been stuck, read from a heartbeat the main thread stores in shared memory
// (process.hrtime is monotonic and process-wide, so both threads read the same clock).
import { parentPort, workerData } from 'node:worker_threads';

import { listenHttp, pathOf, type HttpHandle } from './http-listen.js';
import type { Readiness } from './readiness.js';

export interface HealthWorkerData {
  readonly host: string;
  readonly port: number;
  /** BigInt64Array[0]: process.hrtime.bigint() of the main loop's last turn. */
  readonly heartbeat: SharedArrayBuffer;
  readonly livenessThresholdMs: number;
}

/** Main → worker. */
export type HealthWorkerMessage =
  { readonly type: 'readiness'; readonly readiness: Readiness } | { readonly type: 'close' };

const data = workerData as HealthWorkerData;
const heartbeat = new BigInt64Array(data.heartbeat);
let readiness: Readiness | undefined;

function loopAgeMs(): number {
  return Number(process.hrtime.bigint() - Atomics.load(heartbeat, 0)) / 1e6;
}

function liveness(): { live: boolean; body: Record<string, unknown> } {
  const ageMs = Math.round(loopAgeMs());
  const live = ageMs <= data.livenessThresholdMs;
  return {
    live,
    body: live
      ? { live: true, eventLoopLastTurnMsAgo: ageMs }
      : {
          live: false,
          reason: `the main event loop has not turned for ${(ageMs / 1000).toFixed(1)} s (limit ${data.livenessThresholdMs / 1000} s)`,
          eventLoopLastTurnMsAgo: ageMs,
        },
  };
}

function send(response: import('node:http').ServerResponse, ok: boolean, body: unknown): void {
  response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}

let server: HttpHandle | undefined;
try {
  server = await listenHttp({ host: data.host, port: data.port }, 'health.listen', (request, response) => {
    const path = pathOf(request);
    if (request.method !== 'GET') return void response.writeHead(405).end();
    if (path === '/livez' || path === '/liveness') {
      const { live, body } = liveness();
      return send(response, live, body);
    }
    if (path === '/readyz' || path === '/readiness') {
      const { live, body } = liveness();
      // A wedged loop is not ready either: what it last posted may be long out of date.
      if (!live) return send(response, false, { ready: false, reasons: [body.reason] });
      if (readiness === undefined) return send(response, false, { ready: false, reasons: ['starting'] });
      return send(response, readiness.ready, readiness);
    }
    response.writeHead(404).end();
  });
  parentPort?.postMessage({ type: 'listening', port: server.port });
} catch (error) {
  parentPort?.postMessage({ type: 'error', message: (error as Error).message });
}

parentPort?.on('message', (message: HealthWorkerMessage) => {
  if (message.type === 'readiness') readiness = message.readiness;
  else void server?.close().then(() => parentPort?.close());
});
