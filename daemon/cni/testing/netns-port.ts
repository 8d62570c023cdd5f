// A TCP port on 127.0.0.1 inside a test namespace that leads to a unix socket of the test process.
// Needed for HTTP clients that only take a host:port (the Kubernetes client takes the kubeconfig's
// server URL): the plugin runs inside the node namespace, where the test's 127.0.0.1 is unreachable,
// but a socket file is reachable from every namespace. A small Node process inside the namespace
// accepts on 127.0.0.1 and connects each client to the socket; close() ends it.
import { spawn, type ChildProcess } from 'node:child_process';

export interface NetnsPort {
  /** `http://127.0.0.1:<port>`, valid inside the namespace. */
  readonly url: string;
  close(): Promise<void>;
}

const FORWARDER = `
const net = require('node:net');
const socketPath = process.argv[1];
const server = net.createServer((client) => {
  const upstream = net.createConnection(socketPath);
  for (const s of [client, upstream]) s.on('error', () => { client.destroy(); upstream.destroy(); });
  client.pipe(upstream);
  upstream.pipe(client);
});
server.listen(0, '127.0.0.1', () => process.stdout.write('port ' + server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0)).resume();
`;

export async function openNetnsPort(netns: string, socketPath: string): Promise<NetnsPort> {
  // stdin stays open while the test lives: its end (close(), or the test process dying) ends the child.
  const child: ChildProcess = spawn(
    'ip',
    ['netns', 'exec', netns, process.execPath, '-e', FORWARDER, socketPath],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async (): Promise<void> => {
    child.stdin?.end();
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await exited;
  };
  try {
    // The forwarder prints its port once listening; a deadline bounds the wait, its exit ends it early.
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the forwarder in ${netns} did not listen within 15 s: ${output}`)),
        15_000,
      );
      child.stdout?.setEncoding('utf8').on('data', (d: string) => {
        output += d;
        const found = /port (\d+)/.exec(output)?.[1];
        if (found === undefined) return;
        clearTimeout(timer);
        resolve(found);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the forwarder in ${netns} exited (${String(code)}) before listening`));
      });
    });
    return { url: `http://127.0.0.1:${port}`, close };
  } catch (error) {
    await close();
    throw error;
  }
}
