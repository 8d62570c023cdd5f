// twill-cni: the CNI plugin executable. A runtime execs it with CNI_* variables and the network config
// on stdin, reads one JSON document from stdout and the exit status (CNI spec 1.1 §"Execution").
// Everything else is in dispatch.ts; this file only touches the process.
import { CniError, cniErrorObject } from './cni-error.js';
import { invoke, type Outcome } from './dispatch.js';
import { LATEST_VERSION } from './versions.js';

async function readStdin(): Promise<string> {
  // A runtime always writes the config and closes stdin; a terminal would not, so do not wait on one.
  if (process.stdin.isTTY === true) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function run(): Promise<Outcome> {
  let stdin: string;
  try {
    stdin = await readStdin();
  } catch (error) {
    const failure = new CniError(
      'IO_FAILURE',
      `cannot read the network configuration from stdin: ${String(error)}`,
    );
    return { stdout: { ...cniErrorObject(failure, LATEST_VERSION) }, exitCode: 1 };
  }
  return invoke(process.env, stdin);
}

const outcome = await run();
const text = outcome.stdout === undefined ? '' : `${JSON.stringify(outcome.stdout)}\n`;
// Exit as soon as stdout is flushed: client libraries (etcd's gRPC channel) may keep timers alive.
process.stdout.write(text, () => process.exit(outcome.exitCode));
