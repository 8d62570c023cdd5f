// A lab of twill-node processes for lab tests: the topology up, etcd in its namespace, resources written
// through it, one configuration file and control socket per node in a scratch folder, and the daemons
// started (and killed, restarted) in their namespaces. Logs go to <tmp>/<node>.log.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Lab } from '../../../lab/lab.js';
import { uniqueLabName } from '../../../lab/testing/leftovers.js';
import { repoPath } from '../../../lab/testing/repo.js';
import { waitFor } from '../../../lab/wait.js';
import { request } from '../../ctl/control-client.js';

export interface NodeLabOptions {
  readonly topology: string;
  readonly tag: string;
  /** Namespace etcd runs in, and the address it listens on there. */
  readonly etcd: { readonly node: string; readonly address: string };
}

export class NodeLab {
  private readonly daemons = new Map<string, ChildProcess>();
  private etcd: ChildProcess | undefined;
  readonly etcdEndpoint: string;

  private constructor(
    readonly lab: Lab,
    readonly tmp: string,
    private readonly options: NodeLabOptions,
  ) {
    this.etcdEndpoint = `http://${options.etcd.address}:23790`;
  }

  static async up(options: NodeLabOptions): Promise<NodeLab> {
    const tmp = mkdtempSync(path.join(os.tmpdir(), `twill-${options.tag}-`));
    let lab: Lab | undefined;
    try {
      lab = await Lab.up(options.topology, { name: uniqueLabName(options.tag) });
      const harness = new NodeLab(lab, tmp, options);
      await harness.startEtcd();
      return harness;
    } catch (error) {
      await lab?.down();
      rmSync(tmp, { recursive: true, force: true });
      throw error;
    }
  }

  private async startEtcd(): Promise<void> {
    const { node, address } = this.options.etcd;
    this.etcd = this.lab.spawn(node, [
      'etcd',
      '--name=db',
      `--data-dir=${this.tmp}/etcd`,
      `--listen-client-urls=${this.etcdEndpoint}`,
      `--advertise-client-urls=${this.etcdEndpoint}`,
      `--listen-peer-urls=http://${address}:23800`,
      `--initial-advertise-peer-urls=http://${address}:23800`,
      `--initial-cluster=db=http://${address}:23800`,
      '--logger=zap',
      `--log-outputs=${this.tmp}/etcd.log`,
    ]);
    await waitFor(
      'etcd to answer',
      async () => {
        const r = await this.lab.exec(
          node,
          ['etcdctl', `--endpoints=${this.etcdEndpoint}`, 'endpoint', 'health'],
          { allowFailure: true, env: { ETCDCTL_API: '3' } },
        );
        return r.code === 0 ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 300 },
    );
  }

  /** Stops etcd (SIGKILL): a datastore outage. */
  async stopEtcd(): Promise<void> {
    const etcd = this.etcd;
    if (etcd === undefined || etcd.exitCode !== null || etcd.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => etcd.once('exit', () => resolve()));
    etcd.kill('SIGKILL');
    await exited;
  }

  /** Starts etcd again after stopEtcd(), on the same data: the outage ends. */
  async restartEtcd(): Promise<void> {
    await this.startEtcd();
  }

  /** Creates or replaces resources through etcd (run in etcd's namespace). */
  async apply(resources: readonly object[]): Promise<void> {
    const file = path.join(this.tmp, `resources-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify(resources));
    const script = repoPath('dist/daemon/node/testing/etcd-resources.js');
    await this.lab.exec(this.options.etcd.node, ['node', script, 'apply', this.etcdEndpoint, file]);
  }

  async get<T>(kind: string, name: string): Promise<T> {
    const script = repoPath('dist/daemon/node/testing/etcd-resources.js');
    const r = await this.lab.exec(this.options.etcd.node, [
      'node',
      script,
      'get',
      this.etcdEndpoint,
      kind,
      name,
    ]);
    return JSON.parse(r.stdout) as T;
  }

  socket(node: string): string {
    return path.join(this.tmp, `${node}.sock`);
  }

  configFile(node: string): string {
    return path.join(this.tmp, `${node}.yaml`);
  }

  /** The configuration a lab node runs with (see daemon/node/README.md, "A lab node's configuration"). */
  writeConfig(node: string, extra = ''): void {
    const text = [
      `nodeName: ${node}`,
      'datastore:',
      '  type: etcd',
      '  etcd:',
      `    endpoints: [${this.etcdEndpoint}]`,
      'log: { level: info, format: json }',
      `control: { socket: ${this.socket(node)} }`,
      `restart: { stateFile: ${path.join(this.tmp, `${node}-restart.json`)} }`,
      "metrics: { listen: 'off' }",
      "health: { listen: 'off' }",
      extra,
    ].join('\n');
    writeFileSync(this.configFile(node), `${text}\n`);
  }

  start(node: string): ChildProcess {
    const main = repoPath('dist/daemon/node/main.js');
    const child = this.lab.spawn(node, [
      'sh',
      '-c',
      `exec node ${main} --config ${this.configFile(node)} 2>>${this.tmp}/${node}.log`,
    ]);
    this.daemons.set(node, child);
    return child;
  }

  /** kill -9: no NOTIFICATION, no clean-up of any kind, as in a crash. */
  kill(node: string): Promise<number | null> {
    return this.signal(node, 'SIGKILL');
  }

  /** Sends `signal` and waits for the exit; resolves with the exit code (null when killed by it). */
  async signal(node: string, signal: NodeJS.Signals): Promise<number | null> {
    const child = this.daemons.get(node);
    if (child === undefined || child.exitCode !== null || child.signalCode !== null)
      return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  log(node: string): string {
    try {
      return readFileSync(path.join(this.tmp, `${node}.log`), 'utf8');
    } catch {
      return '';
    }
  }

  request(node: string, method: string, params?: Record<string, unknown>): Promise<unknown> {
    return request(this.socket(node), method, params);
  }

  async down(): Promise<void> {
    for (const node of this.daemons.keys()) await this.kill(node);
    try {
      await this.lab.down();
    } finally {
      rmSync(this.tmp, { recursive: true, force: true });
    }
  }
}
