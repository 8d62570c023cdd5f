// Traffic between pods for the fabric tests: a checksummed TCP transfer, UDP datagrams with a known
// payload, a long-lived TCP echo flow, and tcpdump captures. Every process started here is killed by
// its pid in stop()/finally; every wait has a deadline (waitFor), never a fixed sleep.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { IpAddress } from '../../../common/index.js';
import { waitFor } from '../../../lab/wait.js';

const execFileAsync = promisify(execFile);
const quick = { timeoutMs: 20_000, intervalMs: 50 };

function inNs(ns: string, argv: string[]): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function collect(stream: NodeJS.ReadableStream | null): { text: string } {
  const out = { text: '' };
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => (out.text += chunk));
  return out;
}

const TCP_SINK = `
const h = require('crypto').createHash('sha256'); let n = 0;
const srv = require('net').createServer((c) => {
  c.on('data', (d) => { n += d.length; h.update(d); });
  c.on('end', () => { process.stdout.write('received ' + n + ' ' + h.digest('hex') + '\\n'); c.end(); srv.close(); });
}).listen(Number(process.argv[2]), process.argv[1], () => process.stdout.write('ready\\n'));`;
// The same byte pattern as patternBytes() below, generated on the sending side.
const TCP_SOURCE = `
const n = Number(process.argv[3]), seed = Number(process.argv[4]);
const b = Buffer.alloc(n); for (let i = 0; i < n; i++) b[i] = (i * 7 + (i >> 8) * 13 + seed) & 255;
const c = require('net').connect(Number(process.argv[2]), process.argv[1], () => c.end(b));
c.resume();
c.on('close', () => process.exit(0));`;

/** "LENGTH SHA256" of the pattern the source sends: what the sink must report. */
export function expectedDigest(length: number, seed: number): string {
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) b[i] = (i * 7 + (i >> 8) * 13 + seed) & 255;
  return `${length} ${createHash('sha256').update(b).digest('hex')}`;
}

/**
 * Sends `length` pattern bytes over one TCP connection and resolves with "LENGTH SHA256" of what the
 * receiving pod read up to the sender's FIN: equal to expectedDigest() when every byte arrived intact.
 */
export async function tcpTransfer(
  fromNs: string,
  toNs: string,
  to: IpAddress,
  length: number,
  seed: number,
): Promise<string> {
  const port = '7009';
  const sink = inNs(toNs, [process.execPath, '-e', TCP_SINK, to.toString(), port]);
  const out = collect(sink.stdout);
  try {
    await waitFor('TCP sink ready', async () => (out.text.includes('ready') ? true : undefined), quick);
    await execFileAsync(
      'ip',
      [
        'netns',
        'exec',
        fromNs,
        process.execPath,
        '-e',
        TCP_SOURCE,
        to.toString(),
        port,
        String(length),
        String(seed),
      ],
      { timeout: 30_000 },
    );
    const line = await waitFor(
      'TCP sink result',
      async () => /received (\d+ [0-9a-f]+)/.exec(out.text)?.[1],
      quick,
    );
    return line;
  } finally {
    await stopProcess(sink);
  }
}

const UDP_RECEIVER = `
const s = require('dgram').createSocket('udp4');
s.on('message', (m) => process.stdout.write('got ' + m.toString() + '\\n'));
s.bind(Number(process.argv[2]), process.argv[1], () => process.stdout.write('ready\\n'));`;
const UDP_SENDER = `
const s = require('dgram').createSocket('udp4');
s.send(Buffer.from(process.argv[3]), Number(process.argv[2]), process.argv[1], () => s.close());`;

/** Sends `payload` over UDP (again, until it arrives) and resolves when the receiving pod got it. */
export async function udpDeliver(
  fromNs: string,
  toNs: string,
  to: IpAddress,
  payload: string,
): Promise<void> {
  const port = '7007';
  const receiver = inNs(toNs, [process.execPath, '-e', UDP_RECEIVER, to.toString(), port]);
  const out = collect(receiver.stdout);
  try {
    await waitFor('UDP receiver ready', async () => (out.text.includes('ready') ? true : undefined), quick);
    await waitFor(
      `UDP payload at ${to.toString()}`,
      async () => {
        await execFileAsync('ip', [
          'netns',
          'exec',
          fromNs,
          process.execPath,
          '-e',
          UDP_SENDER,
          to.toString(),
          port,
          payload,
        ]);
        return out.text.includes(`got ${payload}`) ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, describeLast: () => out.text },
    );
  } finally {
    await stopProcess(receiver);
  }
}

const ECHO_SERVER = `
require('net').createServer((c) => c.pipe(c)).listen(Number(process.argv[2]), process.argv[1], () => process.stdout.write('ready\\n'));`;
const ECHO_CLIENT = `
const c = require('net').connect(Number(process.argv[2]), process.argv[1]);
let sent = 0, echoed = 0, buf = '';
c.on('connect', () => {
  process.stdout.write('connected ' + c.localPort + '\\n');
  setInterval(() => c.write(String(++sent) + '\\n'), 20);
});
c.on('data', (d) => { buf += d; const lines = buf.split('\\n'); buf = lines.pop();
  for (const l of lines) { if (Number(l) !== ++echoed) { process.stdout.write('out-of-order\\n'); process.exit(2); } }
  process.stdout.write('echoed ' + echoed + '\\n'); });
c.on('close', () => { process.stdout.write('closed\\n'); process.exit(1); });
c.on('error', (e) => { process.stdout.write('error ' + e.code + '\\n'); });`;

export interface EchoFlow {
  /** Lines echoed back in order so far, on the one connection. */
  echoed(): number;
  /** Everything the client printed: "connected PORT" once, never "closed"/"error" while healthy. */
  log(): string;
  stop(): Promise<void>;
}

/** A TCP connection from a pod to another that sends a numbered line every 20 ms and counts echoes. */
export async function startEchoFlow(fromNs: string, toNs: string, to: IpAddress): Promise<EchoFlow> {
  const port = '7008';
  const server = inNs(toNs, [process.execPath, '-e', ECHO_SERVER, to.toString(), port]);
  const serverOut = collect(server.stdout);
  let client: ChildProcess | undefined;
  const stop = async () => {
    if (client !== undefined) await stopProcess(client);
    await stopProcess(server);
  };
  try {
    await waitFor(
      'echo server ready',
      async () => (serverOut.text.includes('ready') ? true : undefined),
      quick,
    );
    client = inNs(fromNs, [process.execPath, '-e', ECHO_CLIENT, to.toString(), port]);
    const out = collect(client.stdout);
    const echoed = () => {
      const all = [...out.text.matchAll(/echoed (\d+)/g)];
      return all.length === 0 ? 0 : Number(all[all.length - 1]?.[1]);
    };
    return { echoed, log: () => out.text, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface Capture {
  /** Stops tcpdump and returns the pcap bytes. */
  stop(): Promise<Buffer>;
  /** Packets in the capture that match a tcpdump filter (after stop). */
  count(filter: string[]): number;
  /** Removes the capture file. */
  dispose(): void;
}

/** tcpdump on `iface` in `ns` into a temporary pcap file; resolves once tcpdump listens. */
export async function startCapture(ns: string, iface: string): Promise<Capture> {
  const dir = mkdtempSync(join(tmpdir(), 'twt-enc-cap-'));
  const file = join(dir, 'cap.pcap');
  const tcpdump = inNs(ns, [
    'tcpdump',
    '--immediate-mode',
    '-Z',
    'root',
    '-i',
    iface,
    '-n',
    '-U',
    '-s',
    '0',
    '-w',
    file,
  ]);
  const err = collect(tcpdump.stderr);
  try {
    await waitFor(
      'tcpdump listening',
      async () => (err.text.includes('listening on') ? true : undefined),
      quick,
    );
  } catch (e) {
    await stopProcess(tcpdump);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    async stop() {
      await stopProcess(tcpdump);
      return readFileSync(file);
    },
    count(filter) {
      const out = execFileSync('tcpdump', ['-r', file, '-n', ...filter], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      return out.split('\n').filter((l) => l.trim() !== '').length;
    },
    dispose() {
      void stopProcess(tcpdump);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
