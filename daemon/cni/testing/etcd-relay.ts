// The plugin runs inside a test node's namespace, where the test's etcd (on 127.0.0.1 of the host's
// namespace) is unreachable. Unix sockets are not bound to a network namespace, so this relay accepts
// on a socket file and connects each client to etcd's TCP port: the plugin's config then names
// `unix:///path`, an endpoint form etcd itself also serves.
import { rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface EtcdRelay {
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function startEtcdRelay(etcdEndpoint: string, socketPath: string): Promise<EtcdRelay> {
  const url = new URL(etcdEndpoint);
  const sockets = new Set<Socket>();
  rmSync(socketPath, { force: true });
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: url.hostname, port: Number(url.port) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  return {
    endpoint: `unix://${socketPath}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(socketPath, { force: true });
    },
  };
}
