// Liveness and readiness on health.listen (127.0.0.1:9099 by default: the kubelet probes from the host).
//
//   GET /livez  (alias /liveness)   200 while the main event loop turns; 503 with the reason once it
//                                   has not turned for `livenessThresholdMs` (a wedged daemon: the
//                                   kubelet restarts it)
//   GET /readyz (alias /readiness)  200 when readiness.ts says ready, else 503; JSON body either way
//                                   with the reasons and the per-peer-group counts
//
// The server runs in a worker thread (health-worker.ts) so it can answer while the main loop is stuck.
// The main thread beats every `beatIntervalMs`: it stores the time in shared memory and posts the
// readiness it computes from the snapshot, so /readyz is at most one beat old.
import { Worker } from 'node:worker_threads';

import { errorMessage, type Logger } from '../../../common/index.js';
import { ObservabilityError, type ListenAddress } from './http-listen.js';
import type { Readiness } from './readiness.js';
import type { HealthWorkerData, HealthWorkerMessage } from './health-worker.js';

export interface HealthServerOptions {
  readonly listen: ListenAddress;
  readonly readiness: () => Readiness;
  readonly log: Logger;
  /** Default 10 s: far above any legitimate pause (a big snapshot parse, a GC), far below a stuck daemon. */
  readonly livenessThresholdMs?: number;
  readonly beatIntervalMs?: number;
}

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const heartbeat = new SharedArrayBuffer(8);
  const beats = new BigInt64Array(heartbeat);
  Atomics.store(beats, 0, process.hrtime.bigint());
  const workerData: HealthWorkerData = {
    host: options.listen.host,
    port: options.listen.port,
    heartbeat,
    livenessThresholdMs: options.livenessThresholdMs ?? 10_000,
  };
  const worker = new Worker(new URL('./health-worker.js', import.meta.url), { workerData });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { type: string; port?: number; message?: string }) => {
      if (message.type === 'listening') resolve(message.port ?? 0);
      else
        reject(new ObservabilityError('LISTEN_FAILED', message.message ?? 'health server failed to start'));
    });
    worker.once('error', reject);
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  worker.on('error', (error) =>
    options.log.error('health server worker failed', { error: errorMessage(error) }),
  );

  const post = (message: HealthWorkerMessage): void => worker.postMessage(message);
  const beat = (): void => {
    Atomics.store(beats, 0, process.hrtime.bigint());
    try {
      post({ type: 'readiness', readiness: options.readiness() });
    } catch (error) {
      post({
        type: 'readiness',
        readiness: {
          ready: false,
          reasons: [`readiness could not be evaluated: ${errorMessage(error)}`],
          datastoreInSync: false,
          dataplaneProgrammed: false,
          peerGroups: [],
        },
      });
    }
  };
  beat();
  const timer = setInterval(beat, options.beatIntervalMs ?? 500);
  // The beat must not keep a finished daemon alive; the worker is ended by close().
  timer.unref();
  return {
    port,
    close: async () => {
      clearInterval(timer);
      post({ type: 'close' });
      const forced = setTimeout(() => void worker.terminate(), 2_000);
      await exited;
      clearTimeout(forced);
    },
  };
}
