// Messages between the fan-out benchmark's driver and its child processes (Node IPC, one JSON value
// each). Times are monotonic milliseconds from `monotonicMs()`, which every process on this machine
// reads from the same clock, so a receipt in a load process minus a publish in typha is a latency.
import type { CertificateAndKey } from '../testing/test-pki.js';

/** CLOCK_MONOTONIC (what process.hrtime reads on Linux) is system-wide, unlike performance.now(). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface ServerUsage {
  readonly rssBytes: number;
  readonly maxRssBytes: number;
  readonly heapUsedBytes: number;
  /** process.cpuUsage() since the process started, in microseconds. */
  readonly userMicros: number;
  readonly systemMicros: number;
  readonly bytesSent: number;
  readonly serializations: number;
  readonly clients: number;
  /** Disconnect counts by reason, from typha's own metric. */
  readonly disconnects: Readonly<Record<string, number>>;
}

export type ToServer =
  | {
      readonly type: 'start';
      readonly resources: number;
      readonly maxClients: number;
      readonly tls: CertificateAndKey & { readonly ca: string };
    }
  | { readonly type: 'update'; readonly index: number }
  | { readonly type: 'usage' }
  | { readonly type: 'stop' };

export type FromServer =
  | { readonly type: 'ready'; readonly port: number; readonly seedMs: number; readonly syncMs: number }
  | { readonly type: 'published'; readonly position: number; readonly publishedAtMs: number }
  | { readonly type: 'usage'; readonly usage: ServerUsage }
  | { readonly type: 'error'; readonly message: string };

export type ToLoad =
  | {
      readonly type: 'connect';
      readonly port: number;
      readonly clients: number;
      readonly tls: CertificateAndKey & { readonly ca: string };
    }
  | { readonly type: 'await-position'; readonly position: number }
  | { readonly type: 'stop' };

export type FromLoad =
  | {
      readonly type: 'in-sync';
      /** Per client: from starting its TLS connect to its SNAPSHOT_END. */
      readonly snapshotMs: readonly number[];
      readonly bytesPerClient: number;
      /** Monotonic ms: the first client's connect, and the last SNAPSHOT_END (the rush, without fork). */
      readonly firstStartMs: number;
      readonly lastReadyMs: number;
      readonly failures: readonly string[];
    }
  | { readonly type: 'received'; readonly position: number; readonly receivedAtMs: readonly number[] }
  | { readonly type: 'error'; readonly message: string };
