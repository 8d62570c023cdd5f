// A one-node pod lab for policy tests: a "node" network namespace, one namespace per pod joined to it by
// a veth (Calico-style: the pod has a /32 and a default route via 169.254.1.1, the node routes each /32
// to the pod's host-side veth), and an "external" host outside every pool that has no route back to the
// pods, so only NATed traffic can reach it and come back. Each pod and the external host run pod-agent.
import { spawn, execFile, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const NODE_EXT_IP = '192.168.77.1';
export const EXT_IP = '192.168.77.2';
export const POD_PORTS = [53, 80, 81] as const;

export interface LabPod {
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
  readonly netns: string;
  readonly hostInterface: string;
}

export interface ProbeSpec {
  readonly ip: string;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}
export interface ProbeOutcome {
  readonly ok: boolean;
  readonly seenAs?: string;
}

class Agent {
  private nextId = 1;
  private readonly waiting = new Map<number, (r: ProbeOutcome[]) => void>();
  private readonly failing = new Map<number, (err: Error) => void>();
  private exited: Error | undefined;
  private readyResolve: (() => void) | undefined;
  readonly ready: Promise<void>;

  constructor(readonly child: ChildProcessByStdio<Writable, Readable, null>) {
    this.ready = new Promise((resolve, reject) => {
      this.readyResolve = resolve;
      child.on('exit', (code) => {
        const err = new Error(`pod agent exited (${code})`);
        reject(err);
        this.exited = err;
        for (const fail of this.failing.values()) fail(err);
      });
    });
    this.ready.catch(() => undefined);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const msg = JSON.parse(line) as { ready?: boolean; id?: number; results?: ProbeOutcome[] };
      if (msg.ready) this.readyResolve?.();
      if (msg.id !== undefined) this.waiting.get(msg.id)?.(msg.results ?? []);
    });
  }

  /** One request line of pod-agent's protocol (see pod-agent.ts); resolves with its results. */
  request(body: Readonly<Record<string, unknown>>): Promise<ProbeOutcome[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(this.exited);
      this.waiting.set(id, (r) => {
        this.waiting.delete(id);
        this.failing.delete(id);
        resolve(r);
      });
      this.failing.set(id, reject);
      this.child.stdin.write(`${JSON.stringify({ ...body, id })}\n`);
    });
  }
}

export async function sh(argv: readonly string[]): Promise<string> {
  const [file, ...args] = argv;
  const r = await exec(file as string, args, { timeout: 20_000 });
  return r.stdout;
}

export class PodLab {
  private readonly agents = new Map<string, Agent>();
  private readonly created: string[] = [];

  private constructor(
    readonly prefix: string,
    readonly nodeNs: string,
    readonly extNs: string,
    readonly pods: readonly LabPod[],
  ) {}

  get nodeNetnsPath(): string {
    return `/run/netns/${this.nodeNs}`;
  }

  /** Pods named `<ns>/<pod>` for every namespace × pod name; pod IPs 10.244.<ns#+1>.<pod#+2>. */
  static async create(
    prefix: string,
    namespaces: readonly string[],
    podNames: readonly string[],
  ): Promise<PodLab> {
    const pods: LabPod[] = [];
    namespaces.forEach((ns, i) =>
      podNames.forEach((name, j) =>
        pods.push({
          namespace: ns,
          name,
          ip: `10.244.${i + 1}.${j + 2}`,
          netns: `${prefix}-${pods.length}`,
          hostInterface: `tw${ns}${name}`.slice(0, 15),
        }),
      ),
    );
    const lab = new PodLab(prefix, `${prefix}-node`, `${prefix}-ext`, pods);
    try {
      await lab.build();
    } catch (err) {
      await lab.destroy();
      throw err;
    }
    return lab;
  }

  private async build(): Promise<void> {
    const all = [this.nodeNs, this.extNs, ...this.pods.map((p) => p.netns)];
    for (const ns of all) {
      await sh(['ip', 'netns', 'add', ns]);
      this.created.push(ns);
    }
    const node: string[] = ['link set lo up', `link add ext0 type veth peer name eth0 netns ${this.extNs}`];
    node.push(`addr add ${NODE_EXT_IP}/24 dev ext0`, 'link set ext0 up');
    for (const p of this.pods) {
      node.push(`link add ${p.hostInterface} type veth peer name eth0 netns ${p.netns}`);
      node.push(`addr add 169.254.1.1/32 dev ${p.hostInterface}`, `link set ${p.hostInterface} up`);
      node.push(`route add ${p.ip}/32 dev ${p.hostInterface}`);
    }
    await runBatch(this.nodeNs, node);
    await sh(['ip', 'netns', 'exec', this.nodeNs, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    await runBatch(this.extNs, ['link set lo up', 'link set eth0 up', `addr add ${EXT_IP}/24 dev eth0`]);
    await Promise.all(
      this.pods.map((p) =>
        runBatch(p.netns, [
          'link set lo up',
          'link set eth0 up',
          `addr add ${p.ip}/32 dev eth0`,
          'route add 169.254.1.1/32 dev eth0',
          'route add default via 169.254.1.1 dev eth0',
        ]),
      ),
    );
    const agentJs = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pod-agent.js');
    for (const ns of [this.extNs, ...this.pods.map((p) => p.netns)]) {
      const child = spawn('ip', ['netns', 'exec', ns, process.execPath, agentJs, ...POD_PORTS.map(String)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      this.agents.set(ns, new Agent(child));
    }
    await Promise.all([...this.agents.values()].map((a) => a.ready));
  }

  pod(key: string): LabPod {
    const p = this.pods.find((x) => `${x.namespace}/${x.name}` === key);
    if (p === undefined) throw new Error(`no pod ${key}`);
    return p;
  }

  private agent(from: LabPod): Agent {
    const agent = this.agents.get(from.netns);
    if (agent === undefined) throw new Error(`no agent in ${from.netns}`);
    return agent;
  }

  /** New connections (TCP) or fresh-source-port datagrams (UDP), all in parallel. */
  probe(from: LabPod, probes: readonly ProbeSpec[], timeoutMs = 300): Promise<ProbeOutcome[]> {
    return this.agent(from).request({ timeoutMs, probes });
  }

  /**
   * Opens a long-running flow from `from` (a TCP connection, or a UDP socket on one source port) that
   * stays open until closeFlow; ok when the first round trip succeeded. `flow` numbers are the caller's.
   */
  async openFlow(from: LabPod, flow: number, probe: ProbeSpec, timeoutMs = 2000): Promise<boolean> {
    const [r] = await this.agent(from).request({ op: 'open', flow, probe, timeoutMs });
    return r?.ok ?? false;
  }

  /** One round trip on an open flow's own 5-tuple (what conntrack tracks as established). */
  async pingFlow(from: LabPod, flow: number, timeoutMs = 2000): Promise<boolean> {
    const [r] = await this.agent(from).request({ op: 'ping', flow, timeoutMs });
    return r?.ok ?? false;
  }

  async closeFlow(from: LabPod, flow: number): Promise<void> {
    await this.agent(from).request({ op: 'close', flow });
  }

  /** Runs `nft` inside the node namespace (to play the operator who edits Twill's table). */
  nft(args: readonly string[]): Promise<string> {
    return sh(['ip', 'netns', 'exec', this.nodeNs, 'nft', ...args]);
  }

  /** Ends the agents (closing stdin makes them exit; SIGKILL for any that does not) and the namespaces. */
  async destroy(): Promise<void> {
    for (const agent of this.agents.values()) {
      agent.child.stdin.end();
      agent.child.kill('SIGKILL');
    }
    this.agents.clear();
    for (const ns of this.created) {
      const pids = (await sh(['ip', 'netns', 'pids', ns]).catch(() => '')).split(/\s+/).filter(Boolean);
      for (const pid of pids) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await sh(['ip', 'netns', 'del', ns]).catch(() => undefined);
    }
    this.created.length = 0;
  }
}

async function runBatch(ns: string, commands: readonly string[]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('ip', ['-n', ns, '-batch', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ip -n ${ns} -batch: ${err.trim()}`)),
    );
    child.stdin.end(commands.map((c) => `${c}\n`).join(''));
  });
}
