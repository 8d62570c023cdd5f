import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A test etcd that can be stopped and started again on the same ports and data dir, to show typha
 * surviving an upstream restart. (datastore/testing/etcd-server.ts removes its data on stop.)
 */
export class RestartableEtcd {
  private child: ChildProcess | undefined;

  private constructor(
    readonly endpoint: string,
    private readonly peer: string,
    private readonly dataDir: string,
  ) {}

  static async start(): Promise<RestartableEtcd> {
    const dataDir = await mkdtemp(join(tmpdir(), 'twill-etcd-restart-'));
    const etcd = new RestartableEtcd(
      `http://127.0.0.1:${await freePort()}`,
      `http://127.0.0.1:${await freePort()}`,
      dataDir,
    );
    await etcd.resume();
    return etcd;
  }

  async resume(): Promise<void> {
    const child = spawn(
      'etcd',
      [
        '--name',
        'restartable',
        '--data-dir',
        join(this.dataDir, 'data'),
        '--listen-client-urls',
        this.endpoint,
        '--advertise-client-urls',
        this.endpoint,
        '--listen-peer-urls',
        this.peer,
        '--initial-advertise-peer-urls',
        this.peer,
        '--initial-cluster',
        `restartable=${this.peer}`,
        '--logger=zap',
        `--log-outputs=${join(this.dataDir, 'etcd.log')}`,
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`etcd exited with code ${child.exitCode}`);
      try {
        const body = (await (await fetch(`${this.endpoint}/health`)).json()) as { health?: string };
        if (body.health === 'true') return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`etcd at ${this.endpoint} not healthy in time`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Stops the process, keeping the data. */
  async pause(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  async stop(): Promise<void> {
    await this.pause();
    await rm(this.dataDir, { recursive: true, force: true });
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
