import { Counter, Histogram, MetricsRegistry } from '../metrics/index.js';
import type { DisconnectReason } from './disconnect-reason.js';

/** What the server state gauges read at scrape time. */
export interface ServerGaugeSources {
  clients(): number;
  snapshotResources(): number;
  snapshotBytes(): number;
  position(): number;
  windowFrames(): number;
  inSync(): boolean;
}

/** Every metric twill-typha exports, named once here. */
export class ServerMetrics {
  readonly registry = new MetricsRegistry();
  readonly bytesSent: Counter;
  readonly disconnects: Counter;
  readonly serializations: Counter;
  readonly starts: Counter;
  readonly fanoutLatency: Histogram;

  constructor(sources: ServerGaugeSources) {
    const r = this.registry;
    r.gauge('twill_typha_clients', 'Connected clients (handshaking or streaming).', sources.clients);
    r.gauge('twill_typha_snapshot_resources', 'Resources in the snapshot cache.', sources.snapshotResources);
    r.gauge(
      'twill_typha_snapshot_bytes',
      'Bytes of resource JSON in the snapshot cache.',
      sources.snapshotBytes,
    );
    r.gauge('twill_typha_stream_position', 'Position of the newest stream frame.', sources.position);
    r.gauge('twill_typha_delta_window_frames', 'Frames held for resuming clients.', sources.windowFrames);
    r.gauge('twill_typha_upstream_in_sync', '1 when the upstream syncer is in sync.', () =>
      sources.inSync() ? 1 : 0,
    );
    this.bytesSent = r.counter('twill_typha_bytes_sent_total', 'Bytes handed to client sockets.');
    this.disconnects = r.counter('twill_typha_disconnects_total', 'Connections ended, by reason.');
    this.serializations = r.counter(
      'twill_typha_serializations_total',
      'Resource serializations (once per update, whatever the number of clients).',
    );
    this.starts = r.counter('twill_typha_client_starts_total', 'Handshakes completed, by start mode.');
    this.fanoutLatency = r.histogram(
      'twill_typha_fanout_latency_seconds',
      'From an update reaching typha to its frame being written to one client socket.',
    );
  }

  disconnected(reason: DisconnectReason): void {
    this.disconnects.inc({ reason });
  }
}
