import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { PROMETHEUS_CONTENT_TYPE } from '../metrics/index.js';

export interface HttpEndpointSources {
  metricsText(): string;
  /** Ready: the upstream is in sync, so new clients get a complete snapshot. */
  health(): { readonly ready: boolean; readonly details: Readonly<Record<string, unknown>> };
}

/**
 * `/metrics` (Prometheus text), `/healthz` (200 when ready, else 503, JSON details) and `/livez`
 * (200 while the event loop answers). Plain HTTP on purpose: it carries no datastore content.
 */
export async function startHttpEndpoint(
  host: string,
  port: number,
  sources: HttpEndpointSources,
): Promise<{ readonly port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') {
      response.writeHead(405).end();
    } else if (path === '/metrics') {
      response.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE }).end(sources.metricsText());
    } else if (path === '/healthz') {
      const { ready, details } = sources.health();
      response
        .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ready ? 'ok' : 'not-ready', ...details }));
    } else if (path === '/livez') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
