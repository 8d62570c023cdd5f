// GET /metrics on metrics.listen: one snapshot per scrape, rendered in the Prometheus text format.
import { errorMessage, type Logger } from '../../../common/index.js';
import { listenHttp, pathOf, type HttpHandle, type ListenAddress } from './http-listen.js';
import type { NodeMetrics } from './metrics.js';
import type { SnapshotProvider } from './snapshot.js';

export interface MetricsServerOptions {
  readonly listen: ListenAddress;
  readonly metrics: NodeMetrics;
  readonly snapshot: SnapshotProvider;
  readonly wallNow: () => number;
  readonly log: Logger;
}

export function startMetricsServer(options: MetricsServerOptions): Promise<HttpHandle> {
  const { metrics, snapshot, wallNow, log } = options;
  return listenHttp(options.listen, 'metrics.listen', (request, response) => {
    if (request.method !== 'GET' || pathOf(request) !== '/metrics') {
      response.writeHead(request.method === 'GET' ? 404 : 405).end();
      return;
    }
    // Rendering is synchronous on one snapshot, so a scrape never mixes two moments.
    let rendered: Promise<string>;
    try {
      metrics.update(snapshot(), wallNow());
      rendered = metrics.text();
    } catch (error) {
      log.error('metrics scrape failed', { error: errorMessage(error) });
      response.writeHead(500, { 'content-type': 'text/plain' }).end(`${errorMessage(error)}\n`);
      return;
    }
    rendered.then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: unknown) => response.writeHead(500).end(`${errorMessage(error)}\n`),
    );
  });
}
