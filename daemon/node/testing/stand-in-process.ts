// Runs stand-in-serve.js in a lab namespace and talks to it over stdin/stdout (see that file).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

import { inNetns } from '../../../lab/exec.js';
import type { Lab } from '../../../lab/lab.js';
import { repoPath } from '../../../lab/testing/repo.js';
import { waitFor } from '../../../lab/wait.js';

export interface StandInAnswer {
  readonly status: number;
  readonly body: unknown;
}

export class StandInProcess {
  private nextId = 1;
  private readonly pending = new Map<number, (answer: StandInAnswer) => void>();

  private constructor(
    private readonly child: ChildProcess,
    /** The kubeconfig file the nodes read. */
    readonly kubeconfig: string,
  ) {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const answer = JSON.parse(line) as StandInAnswer & { id: number };
      this.pending.get(answer.id)?.(answer);
      this.pending.delete(answer.id);
    });
  }

  static async start(lab: Lab, node: string, host: string, kubeconfig: string): Promise<StandInProcess> {
    const script = repoPath('dist/daemon/node/testing/stand-in-serve.js');
    const [file, ...args] = inNetns(lab.ns(node), ['node', script, host, kubeconfig]);
    const child = spawn(file as string, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const process = new StandInProcess(child, kubeconfig);
    await waitFor(
      'the stand-in API server to write its kubeconfig',
      () => Promise.resolve(existsSync(kubeconfig) ? true : undefined),
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    return process;
  }

  request(method: string, path: string, body?: unknown): Promise<StandInAnswer> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin?.write(`${JSON.stringify({ id, method, path, body })}\n`);
    });
  }

  /** A request that must succeed; the answer's body. */
  async must<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.request(method, path, body);
    if (answer.status < 200 || answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }
}
