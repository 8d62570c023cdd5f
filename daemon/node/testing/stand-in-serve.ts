// The stand-in Kubernetes API server as a process, for lab tests whose twill-nodes run in other network
// namespaces: `node stand-in-serve.js HOST KUBECONFIG_OUT` listens on HOST (an address of the namespace
// it runs in), writes its kubeconfig to KUBECONFIG_OUT, and proxies requests read from stdin (one JSON
// `{ id, method, path, body? }` per line) to itself over HTTP, answering `{ id, status, body }` lines on
// stdout, so the test (in the root namespace) acts as any other API client would.
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

import { parse } from 'yaml';

import { StandInApiServer } from '../../../datastore/kubernetes/stand-in/api-server.js';

interface Request {
  readonly id: number;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

async function main(): Promise<void> {
  const [host, out] = process.argv.slice(2);
  if (host === undefined || out === undefined) throw new Error('usage: stand-in-serve HOST KUBECONFIG_OUT');
  const standIn = await StandInApiServer.start({ host });
  const kubeconfig = standIn.kubeconfig();
  const token = (parse(kubeconfig) as { users: { user: { token: string } }[] }).users[0]?.user.token ?? '';
  writeFileSync(out, kubeconfig);
  process.once('SIGTERM', () => void standIn.stop().then(() => process.exit(0)));
  for await (const line of createInterface({ input: process.stdin })) {
    const request = JSON.parse(line) as Request;
    void fetch(`${standIn.address}${request.path}`, {
      method: request.method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    })
      .then(async (response) => ({ status: response.status, body: (await response.json()) as unknown }))
      .catch((error: unknown) => ({ status: 0, body: String(error) }))
      .then((answer) => process.stdout.write(`${JSON.stringify({ id: request.id, ...answer })}\n`));
  }
  await standIn.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`stand-in-serve: ${String(error)}\n`);
  process.exit(1);
});
