#!/usr/bin/env node
// twill-lab: build, inspect and remove network-namespace labs from containerlab topology files.
//
//   twill-lab up FILE [--name NAME] [--detach]   build the lab; stays up until Ctrl-C, then tears down
//   twill-lab down NAME|FILE                      remove a lab (also one left by a crash)
//   twill-lab status [NAME]                       labs, nodes, sessions
//   twill-lab exec NAME NODE -- CMD...            run a command inside a node
import { existsSync } from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../common/errors.js';
import { Lab } from './lab.js';
import { renderPicture, snapshot } from './render/picture.js';
import { listLabs } from './state.js';
import { loadTopology } from './topology/parse.js';

const USAGE = `usage:
  twill-lab up FILE [--name NAME] [--detach]
  twill-lab down NAME|FILE
  twill-lab status [NAME]
  twill-lab exec NAME NODE -- CMD...`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'up':
      return up(rest);
    case 'down':
      return down(rest);
    case 'status':
      return status(rest);
    case 'exec':
      return execIn(rest);
    case undefined:
    case '-h':
    case '--help':
      console.log(USAGE);
      return cmd === undefined ? 2 : 0;
    default:
      console.error(`twill-lab: unknown command "${cmd}"\n${USAGE}`);
      return 2;
  }
}

/** How this CLI was invoked, for hints the user can paste (`twill-lab` is not always on PATH). */
function self(): string {
  const script = process.argv[1] ?? 'twill-lab';
  return path.basename(script) === 'twill-lab' ? 'twill-lab' : `node ${path.relative(process.cwd(), script)}`;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}

async function up(args: string[]): Promise<number> {
  const detached = args.includes('--detach');
  const rest = args.filter((a) => a !== '--detach');
  const name = flag(rest, '--name');
  const file = rest[0];
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  const topology = loadTopology(file);
  for (const w of topology.warnings) console.error(`warning: ${w}`);
  const labName = name ?? topology.name;
  // Filled in once up; a signal before that removes whatever the lab's state file lists.
  const running: { lab?: Lab } = {};
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${why}: tearing down lab ${labName}`);
    await (running.lab ? running.lab.down() : Lab.destroy(labName));
    console.log('lab removed');
    process.exit(0);
  };
  if (!detached) {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void stop(sig));
  }
  const t0 = Date.now();
  const lab = await Lab.up(file, {
    ...(name ? { name } : {}),
    detached,
    onProgress: (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`),
  });
  running.lab = lab;
  console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] waiting for BGP sessions`);
  const snap = await snapshot(lab, { waitForSessionsMs: 30_000 });
  console.log('\n' + renderPicture(snap));
  if (detached) {
    console.log(`\nlab ${labName} is running; remove it with: ${self()} down ${labName}`);
    return 0;
  }
  console.log(
    `\nlab ${labName} is up. Try: ${self()} exec ${labName} <node> -- ip route. Ctrl-C tears it down.`,
  );
  // Stay in the foreground until a signal; meanwhile say at once if a router dies.
  const reported = new Set<number>();
  setInterval(() => {
    for (const p of lab.deadProcesses()) {
      if (reported.has(p.pid)) continue;
      reported.add(p.pid);
      console.error(
        `warning: ${p.node}: ${p.name} (pid ${p.pid}) exited; its log ends:\n${lab.logTail(p.node, p.name, 5)}`,
      );
    }
  }, 2000);
  return 0;
}

async function down(args: string[]): Promise<number> {
  const target = args[0];
  if (!target) {
    console.error(USAGE);
    return 2;
  }
  const name = existsSync(target) ? loadTopology(target).name : target;
  const removed = await Lab.destroy(name);
  console.log(removed ? `lab ${name} removed` : `no lab named ${name}`);
  return removed ? 0 : 1;
}

async function status(args: string[]): Promise<number> {
  const names = args[0] ? [args[0]] : listLabs();
  if (names.length === 0) console.log('no labs running');
  for (const name of names) {
    const lab = Lab.attach(name);
    console.log(renderPicture(await snapshot(lab)) + '\n');
  }
  return 0;
}

async function execIn(args: string[]): Promise<number> {
  const sep = args.indexOf('--');
  const [name, node] = args;
  const command = sep >= 0 ? args.slice(sep + 1) : args.slice(2);
  if (!name || !node || command.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const r = await Lab.attach(name).exec(node, command, { allowFailure: true, timeoutMs: 600_000 });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  return r.code;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0 || process.argv[2] !== 'up') process.exit(code);
  },
  (err: unknown) => {
    console.error(`twill-lab: ${errorMessage(err)}`);
    process.exit(1);
  },
);
