import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DatastoreError } from '../errors.js';

/** A throwaway etcd for tests: free ports on 127.0.0.1, a temp data dir, removed on stop(). */
export interface EtcdServer {
  readonly endpoint: string;
  /** Stops the process and keeps its data: an upstream restart, for tests that must survive one. */
  pause(): Promise<void>;
  /** Starts it again on the same ports and data, and waits until it is healthy. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export async function startEtcd(options: { readonly timeoutMs?: number } = {}): Promise<EtcdServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'twill-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const logFile = join(dataDir, 'etcd.log');
  const timeoutMs = options.timeoutMs ?? 15_000;
  let child: ChildProcess | undefined;

  const pause = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await exited;
  };
  const stop = async (): Promise<void> => {
    await pause();
    await rm(dataDir, { recursive: true, force: true });
  };
  const resume = async (): Promise<void> => {
    const started = spawn(
      'etcd',
      [
        '--name',
        'test',
        '--data-dir',
        join(dataDir, 'data'),
        '--listen-client-urls',
        endpoint,
        '--advertise-client-urls',
        endpoint,
        '--listen-peer-urls',
        peer,
        '--initial-advertise-peer-urls',
        peer,
        '--initial-cluster',
        `test=${peer}`,
        '--logger=zap',
        `--log-outputs=${logFile}`,
      ],
      { stdio: 'ignore' },
    );
    child = started;
    try {
      await waitHealthy(endpoint, started, timeoutMs);
    } catch (error) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      await pause();
      throw new DatastoreError(
        'BACKEND_FAILURE',
        `etcd did not become healthy: ${String(error)}\n${log.slice(-2000)}`,
      );
    }
  };
  try {
    await resume();
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, pause, resume, stop };
}

async function waitHealthy(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`etcd exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${endpoint}/health`);
      const body = (await response.json()) as { health?: string };
      if (body.health === 'true') return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`no healthy answer from ${endpoint} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
