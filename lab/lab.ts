// The lab: builds a topology from network namespaces, runs each node's processes inside its
// namespace, and tears everything down again — on `down()`, on a failed `up()`, and (through
// the state file) from another process after a crash. Library API for tests and the CLI.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inNetns, run, type RunOptions, type RunResult } from './exec.js';
import { LabError } from './errors.js';
import { interfaceAddresses, kernelRoutes, type InterfaceAddresses, type KernelRoute } from './kernel.js';
import type { NodeContext } from './kinds/context.js';
import { runtimeFor } from './kinds/registry.js';
import { labDir, NETNS_PREFIX, netnsName } from './names.js';
import { createMgmtNetwork, mgmtNetnsName } from './mgmt-net.js';
import { createLinks, createNamespaces, destroyNamespaces, isAlive, listNetns, setLinksUp } from './netns.js';
import { sessionsOf, type BgpSessionView } from './routers/sessions.js';
import { listLabs, readState, removeLabDir, writeState, type LabState } from './state.js';
import { loadTopology } from './topology/parse.js';
import type { Topology, TopologyNode } from './topology/types.js';
import { waitFor } from './wait.js';

export interface UpOptions {
  /** Lab name (default: the topology's); tests pass a unique one so they never clash with a demo. */
  name?: string;
  /** Leave the lab running after this process exits (`twill-lab up --detach`). */
  detached?: boolean;
  /** How long every node gets to come up. */
  readyTimeoutMs?: number;
  onProgress?: (message: string) => void;
}

export class Lab {
  private constructor(
    readonly name: string,
    readonly topology: Topology,
    private state: LabState,
  ) {}

  static async up(topologyOrFile: Topology | string, opts: UpOptions = {}): Promise<Lab> {
    assertRoot();
    const topology = typeof topologyOrFile === 'string' ? loadTopology(topologyOrFile) : topologyOrFile;
    const name = opts.name ?? topology.name;
    const say = opts.onProgress ?? (() => {});
    await clearStale(name, say);
    const namespaces = topology.nodes.map((n) => netnsName(name, n.name));
    if (topology.mgmt) namespaces.push(mgmtNetnsName(name));
    const clash = namespaces.filter((ns) => listNetns().includes(ns));
    if (clash.length > 0) {
      throw new LabError('LAB_EXISTS', `lab ${name}: namespaces already exist: ${clash.join(', ')}`, {
        lab: name,
      });
    }
    const state: LabState = {
      name,
      ...(typeof topologyOrFile === 'string' ? { topologyFile: path.resolve(topologyOrFile) } : {}),
      ownerPid: process.pid,
      detached: opts.detached ?? false,
      createdAt: new Date().toISOString(),
      namespaces,
      processes: [],
    };
    // The state is on disk before the first namespace exists, so nothing is ever untracked.
    writeState(state);
    const lab = new Lab(name, topology, state);
    try {
      await lab.build(say, opts.readyTimeoutMs ?? 60_000);
    } catch (err) {
      say(`failed: ${(err as Error).message}; tearing down`);
      await lab.down();
      throw err;
    }
    return lab;
  }

  /** Attaches to a running lab by name (for `twill-lab status|exec` and tests). */
  static attach(name: string): Lab {
    const state = readState(name);
    if (!state)
      throw new LabError(
        'LAB_NOT_FOUND',
        `no lab named ${name} (running: ${listLabs().join(', ') || 'none'})`,
      );
    if (!state.topologyFile) throw new LabError('LAB_NOT_FOUND', `lab ${name} was not started from a file`);
    return new Lab(name, loadTopology(state.topologyFile), state);
  }

  /** Removes everything lab `name` created, whether or not its owner is still running. */
  static async destroy(name: string): Promise<boolean> {
    const state = readState(name);
    if (!state) return false;
    await teardown(state);
    return true;
  }

  get processes(): LabState['processes'] {
    return this.state.processes;
  }

  ns(node: string): string {
    this.node(node);
    return netnsName(this.name, node);
  }

  node(name: string): TopologyNode {
    const n = this.topology.nodes.find((x) => x.name === name);
    if (!n) throw new LabError('LAB_NOT_FOUND', `lab ${this.name} has no node ${name}`);
    return n;
  }

  nodeDir(node: string): string {
    return path.join(labDir(this.name), node);
  }

  /** Runs a command in a node's namespace: an argv, or a shell line. */
  exec(node: string, command: string[] | string, opts: RunOptions = {}): Promise<RunResult> {
    const argv = typeof command === 'string' ? ['sh', '-c', command] : command;
    return run(inNetns(this.ns(node), argv), {
      ...opts,
      env: { ...process.env, ...this.node(node).env, ...opts.env },
    });
  }

  /** Starts a long-running process in a node's namespace (a server for a test); the lab's
   *  tear-down ends it with everything else in the namespace. */
  spawn(node: string, argv: string[]): ChildProcess {
    const [file, ...args] = inNetns(this.ns(node), argv);
    return spawn(file as string, args, { stdio: 'ignore', env: { ...process.env, ...this.node(node).env } });
  }

  kernelRoutes(node: string, family: 4 | 6 = 4): Promise<KernelRoute[]> {
    return kernelRoutes(this.ns(node), family);
  }

  addresses(node: string): Promise<InterfaceAddresses[]> {
    return interfaceAddresses(this.ns(node));
  }

  /** BGP sessions as the node's own router CLI reports them (empty for hosts). */
  sessions(node: string): Promise<BgpSessionView[]> {
    return sessionsOf(this.nodeContext(node));
  }

  /** The tail of a node's process log, for failure messages. */
  logTail(node: string, processName: string, lines = 20): string {
    const file = path.join(this.nodeDir(node), `${processName}.log`);
    if (!existsSync(file)) return '';
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  }

  /**
   * A router crash: SIGKILL (no NOTIFICATION, as in a crash) every process the node's kind started, and
   * wait until they are gone. `restartNode` starts them again.
   */
  async killNode(node: string): Promise<void> {
    this.node(node);
    const killed = this.state.processes.filter((p) => p.node === node);
    for (const p of killed) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // Already gone: nothing to kill.
      }
    }
    await waitFor(
      `${node}: killed processes to exit`,
      async () => (killed.every((p) => !isAlive(p.pid)) ? true : undefined),
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    this.state.processes = this.state.processes.filter((p) => !killed.includes(p));
    writeState(this.state);
  }

  /**
   * Kills the node's processes if still running, then starts them as `up` did: start, wait until ready,
   * configure, and the node's `exec` lines that talk to its processes (e.g. GoBGP's `gobgp global rib
   * add`). Lines that set up the namespace (`ip ...`, `sysctl ...`) are not run again: the namespace
   * outlives its processes. FRR restarts as a whole (zebra, bgpd, staticd).
   */
  async restartNode(node: string, opts: { readyTimeoutMs?: number } = {}): Promise<void> {
    await this.killNode(node);
    await this.startNode(
      this.node(node),
      () => {},
      opts.readyTimeoutMs ?? 60_000,
      (line) => !NAMESPACE_SETUP.test(line),
    );
  }

  /**
   * A namespace outside the topology (a pod's, for the CNI to fill): recorded in the lab's state before
   * it exists, removed with the lab. Named `twl-<lab>.<suffix>`.
   */
  async addNamespace(suffix: string): Promise<string> {
    const ns = `${NETNS_PREFIX}${this.name}.${suffix}`;
    if (!this.state.namespaces.includes(ns)) this.state.namespaces.push(ns);
    writeState(this.state);
    await run(['ip', 'netns', 'add', ns]);
    await run(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
    return ns;
  }

  /** Sends a signal to the processes named `processName` that the node's kind started (SIGSTOP, SIGCONT...). */
  signal(node: string, processName: string, signal: NodeJS.Signals): number[] {
    const pids = this.state.processes
      .filter((p) => p.node === node && p.name === processName)
      .map((p) => p.pid);
    if (pids.length === 0)
      throw new LabError('LAB_NOT_FOUND', `lab ${this.name}: node ${node} runs no process ${processName}`);
    for (const pid of pids) process.kill(pid, signal);
    return pids;
  }

  async down(): Promise<void> {
    await teardown(this.state);
  }

  /** What the node kinds and router CLI readers work with (namespace, run folder, node). */
  nodeContext(node: string): NodeContext {
    return {
      lab: this.name,
      node: this.node(node),
      topology: this.topology,
      ns: this.ns(node),
      dir: this.nodeDir(node),
      topologyDir: this.topology.dir,
      recordProcess: (name, pid) => {
        this.state.processes.push({ node, name, pid });
        writeState(this.state);
      },
    };
  }

  private async build(say: (m: string) => void, readyTimeoutMs: number): Promise<void> {
    const t = this.topology;
    say(`creating ${t.nodes.length} namespaces and ${t.links.length} links`);
    await createNamespaces(this.state.namespaces);
    await createLinks(t.links, (node) => netnsName(this.name, node));
    const ifaces = new Map(t.nodes.map((n) => [netnsName(this.name, n.name), [] as string[]]));
    for (const { a, b } of t.links) {
      ifaces.get(netnsName(this.name, a.node))?.push(a.iface);
      ifaces.get(netnsName(this.name, b.node))?.push(b.iface);
    }
    await setLinksUp(ifaces);
    if (t.mgmt) {
      say(`management network ${t.mgmt.network} ${t.mgmt.ipv4Subnet} (eth0 on every node)`);
      await createMgmtNetwork(this.name, t, (node) => netnsName(this.name, node));
    }
    for (const n of t.nodes) mkdirSync(this.nodeDir(n.name), { recursive: true, mode: 0o755 });
    await Promise.all(t.nodes.map((n) => this.startNode(n, say, readyTimeoutMs)));
    say('all nodes up');
  }

  private async startNode(
    n: TopologyNode,
    say: (m: string) => void,
    readyTimeoutMs: number,
    runExecLine: (line: string) => boolean = () => true,
  ): Promise<void> {
    const ctx = this.nodeContext(n.name);
    const kind = runtimeFor(n.kind);
    if (kind.execFirst) await this.runExec(n, runExecLine);
    await kind.start(ctx);
    // A process that died ends the wait at once (as a value: waitFor retries probes that throw).
    const dead = () => this.deadProcesses().some((p) => p.node === n.name);
    await waitFor(
      `${n.name} (${n.kind}) to come up`,
      async () => ((await kind.ready(ctx)) ? true : dead() ? false : undefined),
      { timeoutMs: readyTimeoutMs, intervalMs: 300 },
    ).catch((err: unknown) => {
      this.failIfDied(n.name);
      throw err;
    });
    this.failIfDied(n.name);
    if (kind.configure) await kind.configure(ctx);
    // containerlab runs `exec` once the node has started; so do we.
    if (!kind.execFirst) await this.runExec(n, runExecLine);
    say(`${n.name} (${n.kind}) up`);
  }

  private async runExec(n: TopologyNode, runExecLine: (line: string) => boolean): Promise<void> {
    for (const [i, line] of n.exec.entries()) {
      if (!runExecLine(line)) continue;
      const r = await this.exec(n.name, line, { allowFailure: true });
      if (r.code !== 0) {
        throw new LabError(
          'LAB_NODE_FAILED',
          `topology.nodes.${n.name}.exec[${i}]: "${line}" failed (exit ${r.code}): ${(r.stderr || r.stdout).trim()}`,
          { node: n.name },
        );
      }
    }
  }

  /** Processes the lab started that are no longer running. */
  deadProcesses(): LabState['processes'] {
    return this.state.processes.filter((p) => !isAlive(p.pid));
  }

  /** A daemon that exited during start-up is a clear failure: say which, with its log. */
  private failIfDied(node: string): void {
    const dead = this.deadProcesses().find((p) => p.node === node);
    if (dead) {
      throw new LabError(
        'LAB_NODE_FAILED',
        `${node}: ${dead.name} (pid ${dead.pid}) exited during start-up; its log ends:\n${this.logTail(node, dead.name)}`,
        { node },
      );
    }
  }
}

/** `exec` lines that configure the namespace itself rather than a process in it. */
const NAMESPACE_SETUP = /^\s*(ip|sysctl)\s/;

function assertRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new LabError(
      'LAB_NOT_ROOT',
      'the lab creates network namespaces and needs root (run it with sudo)',
    );
  }
}

/** A lab whose owner died without detaching is left over from a crash: remove it. */
async function clearStale(name: string, say: (m: string) => void): Promise<void> {
  const old = readState(name);
  if (!old) return;
  if (old.detached || isAlive(old.ownerPid)) {
    throw new LabError(
      'LAB_EXISTS',
      `lab ${name} is already running (stop it with: twill-lab down ${name})`,
      {
        lab: name,
      },
    );
  }
  say(`removing what a crashed run of lab ${name} left behind`);
  await teardown(old);
}

async function teardown(state: LabState): Promise<void> {
  // Every process the lab starts runs inside one of its namespaces, so ending what runs in them
  // (`ip netns pids`) finds them all — also ones a router forked — without trusting recorded
  // pids that the system may have reused since. Deleting a namespace deletes its veth ends.
  await destroyNamespaces(state.namespaces);
  removeLabDir(state.name);
}
