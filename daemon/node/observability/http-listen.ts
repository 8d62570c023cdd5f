// The small HTTP edge shared by /metrics and the health endpoints: parse `HOST:PORT` (IPv6 as
// `[ADDR]:PORT`, as the config's twill-listen-address format), listen, close with its connections.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { TwillError } from '../../../common/index.js';

export class ObservabilityError extends TwillError<'INVALID_LISTEN_ADDRESS' | 'LISTEN_FAILED'> {}

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export function parseListenAddress(text: string, key: string): ListenAddress {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (match === null || port > 65535) {
    throw new ObservabilityError(
      'INVALID_LISTEN_ADDRESS',
      `${key}: ${JSON.stringify(text)} is not HOST:PORT`,
    );
  }
  const host = match[1] as string;
  return { host: host.startsWith('[') ? host.slice(1, -1) : host, port };
}

export interface HttpHandle {
  readonly port: number;
  close(): Promise<void>;
}

export async function listenHttp(
  address: ListenAddress,
  key: string,
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<HttpHandle> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new ObservabilityError(
          'LISTEN_FAILED',
          `${key}: cannot listen on ${address.host}:${address.port}: ${error.message}`,
          {
            cause: error,
          },
        ),
      ),
    );
    server.listen(address.port, address.host, () => resolve());
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

export function pathOf(request: IncomingMessage): string {
  return (request.url ?? '/').split('?')[0] ?? '/';
}
