#!/usr/bin/env node
// Run inside a node's namespace by the lab: accepts on a unix socket (files are not bound to a network
// namespace) and connects each client to HOST:PORT in this namespace. It gives processes outside the lab
// (tests, the demo, twillctl) a way to a node's TCP service without an address in the host's namespace.
//   node unix-relay.js SOCKET HOST PORT
import { rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

const [socketPath, host, port] = process.argv.slice(2);
if (!socketPath || !host || !port) {
  process.stderr.write('usage: unix-relay SOCKET HOST PORT\n');
  process.exit(2);
}
rmSync(socketPath, { force: true });
const server = createServer((client) => {
  const upstream = createConnection({ host, port: Number(port) });
  const close = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
  client.pipe(upstream);
  upstream.pipe(client);
});
server.listen(socketPath, () => process.stdout.write(`relaying ${socketPath} -> ${host}:${port}\n`));
for (const sig of ['SIGTERM', 'SIGINT'] as const)
  process.on(sig, () => {
    rmSync(socketPath, { force: true });
    process.exit(0);
  });
