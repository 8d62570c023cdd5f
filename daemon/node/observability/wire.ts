// One call that starts everything observability does for a running twill-node, from plain inputs:
//
//   const obs = await startNodeObservability({ config, clock, wallNow, log, backend, snapshot });
//   speaker state change  → obs.sessionStateChanged(peer, state)   (counts flaps, writes status soon)
//   anything else changed → obs.changed()                          (batched into the next write)
//   shutdown              → await obs.close()
//
// `snapshot` is the runtime's read API (snapshot.ts); it is called at scrape time, when a status write
// is due and on every health beat, never cached here. Each part can be off: metrics/health by their
// `listen: off`, the status writer by leaving `backend` out.
import { systemClock, type Clock, type Logger } from '../../../common/index.js';
import type { Backend, BgpSessionState } from '../../../datastore/index.js';
import type { NodeConfig } from '../config/index.js';
import { startHealthServer, type HealthServer } from './health-server.js';
import { parseListenAddress, type HttpHandle } from './http-listen.js';
import { startMetricsServer } from './metrics-server.js';
import { NodeMetrics } from './metrics.js';
import { evaluateReadiness } from './readiness.js';
import { SessionTransitions } from './session-transitions.js';
import type { SnapshotProvider } from './snapshot.js';
import { StatusBuilder } from './status-builder.js';
import { DatastoreStatusSink } from './status-sink.js';
import { StatusWriter, type StatusWriterTiming } from './status-writer.js';

export interface NodeObservabilityOptions {
  readonly config: Pick<NodeConfig, 'nodeName' | 'metrics' | 'health'>;
  readonly snapshot: SnapshotProvider;
  readonly log: Logger;
  readonly clock?: Clock;
  /** Wall-clock ms for RFC 3339 times in the status (Date.now). */
  readonly wallNow?: () => number;
  /** Where TwillNodeStatus is written; absent: no status write-back. */
  readonly backend?: Backend;
  readonly statusTiming?: Partial<StatusWriterTiming>;
  readonly livenessThresholdMs?: number;
}

export interface NodeObservability {
  /** Bound ports (0 config ports in tests); undefined when off. */
  readonly metricsPort: number | undefined;
  readonly healthPort: number | undefined;
  readonly statusWriter: StatusWriter | undefined;
  /** A BGP session changed state: counted as a flap when it leaves Established; status written soon. */
  sessionStateChanged(peer: string, state: BgpSessionState): void;
  /** Something else changed (desired state, an apply, sync status): batched into the next write. */
  changed(): void;
  close(): Promise<void>;
}

export async function startNodeObservability(options: NodeObservabilityOptions): Promise<NodeObservability> {
  const { config, snapshot, log } = options;
  const clock = options.clock ?? systemClock;
  const wallNow = options.wallNow ?? Date.now;
  const transitions = new SessionTransitions();
  const closers: Array<() => Promise<void>> = [];
  try {
    let metricsServer: HttpHandle | undefined;
    if (config.metrics.listen !== undefined) {
      metricsServer = await startMetricsServer({
        listen: parseListenAddress(config.metrics.listen, 'metrics.listen'),
        metrics: new NodeMetrics(transitions),
        snapshot,
        wallNow,
        log: log.child({ component: 'metrics' }),
      });
      closers.push(() => metricsServer!.close());
    }
    let health: HealthServer | undefined;
    if (config.health.listen !== undefined) {
      health = await startHealthServer({
        listen: parseListenAddress(config.health.listen, 'health.listen'),
        readiness: () => evaluateReadiness(snapshot()),
        log: log.child({ component: 'health' }),
        ...(options.livenessThresholdMs === undefined
          ? {}
          : { livenessThresholdMs: options.livenessThresholdMs }),
      });
      closers.push(() => health!.close());
    }
    let writer: StatusWriter | undefined;
    if (options.backend !== undefined) {
      const builder = new StatusBuilder();
      writer = new StatusWriter({
        clock,
        log: log.child({ component: 'status-writer' }),
        sink: new DatastoreStatusSink(options.backend, config.nodeName),
        build: () => {
          const current = snapshot();
          for (const peer of current.bgp?.peers ?? []) transitions.record(peer.address, peer.state);
          return builder.build(current, wallNow());
        },
        ...(options.statusTiming === undefined ? {} : { timing: options.statusTiming }),
      });
      writer.start();
      closers.push(() => writer!.close());
    }
    return {
      metricsPort: metricsServer?.port,
      healthPort: health?.port,
      statusWriter: writer,
      sessionStateChanged(peer, state) {
        transitions.record(peer, state);
        writer?.notify(true);
      },
      changed() {
        writer?.notify(false);
      },
      close: async () => {
        for (const close of closers.reverse()) await close();
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close();
    throw error;
  }
}
