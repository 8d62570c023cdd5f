// What a node kind gets to start and probe its processes: its namespace, its own run folder
// (sockets, pid files, logs) and a way to record every process it starts, so that teardown
// can find them even if the lab's own process is gone.
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { inNetns, run, type RunOptions, type RunResult } from '../exec.js';
import { LabError } from '../errors.js';
import type { Topology, TopologyNode } from '../topology/types.js';

export interface NodeContext {
  lab: string;
  node: TopologyNode;
  /** The whole topology (a node may need another's management address, e.g. its datastore's). */
  topology: Topology;
  ns: string;
  /** This node's run folder. */
  dir: string;
  /** Folder of the topology file (relative paths inside router configs resolve here). */
  topologyDir: string;
  /** Record a started process (name, pid) in the lab's state. */
  recordProcess(name: string, pid: number): void;
}

export interface DaemonOptions {
  cwd?: string;
  env?: Record<string, string>;
}

/**
 * Starts `argv` in the node's namespace as a detached process writing to `<dir>/<name>.log`.
 * Daemons are run in the foreground so the pid we hold is the daemon's own.
 */
export function startDaemon(
  ctx: NodeContext,
  name: string,
  argv: string[],
  opts: DaemonOptions = {},
): number {
  const logPath = path.join(ctx.dir, `${name}.log`);
  const fd = openSync(logPath, 'a');
  try {
    const [file, ...args] = inNetns(ctx.ns, argv);
    const child = spawn(file as string, args, {
      cwd: opts.cwd ?? ctx.dir,
      env: { ...process.env, ...ctx.node.env, ...opts.env },
      stdio: ['ignore', fd, fd],
      detached: true,
    });
    child.unref();
    if (child.pid === undefined) {
      throw new LabError('LAB_NODE_FAILED', `${ctx.node.name}: cannot start ${argv.join(' ')}`, {
        node: ctx.node.name,
      });
    }
    ctx.recordProcess(name, child.pid);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** Runs a command in the node's namespace with its environment. */
export function nodeRun(ctx: NodeContext, argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(inNetns(ctx.ns, argv), { ...opts, env: { ...process.env, ...ctx.node.env, ...opts.env } });
}
