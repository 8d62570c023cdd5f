#!/usr/bin/env node
/**
 * End-to-end benchmark (figures, not a test; needs root for network namespaces). In one lab (e2e-lab.ts)
 * a BIRD holding N static routes sends them, one receiver at a time, to Twill and to a second BIRD, and
 * then Twill and that BIRD each send the same N to the receiving BIRD:
 *
 *   ingest  src BIRD → Twill     vs  src BIRD → rb BIRD    time from Established to all N in the table
 *   send    Twill → rb BIRD      vs  src BIRD → rb BIRD    (the same BIRD→BIRD transfer serves both)
 *
 * Twill's side is measured inside its process (e2e-twill.ts): Loc-RIB count, RSS per route, event-loop
 * delay, session drops with 9 s / 3 s timers. BIRD's side through birdc: the session's Established time
 * (`timeformat protocol iso long ms`) and the protocol's imported-route count, polled every 250 ms.
 *
 *   sudo node --expose-gc dist/bgp/speaker/bench/e2e.js [--routes 100000,1000000]
 *   (or TWILL_BENCH_ROUTES=100000,1000000)
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { inNetns } from '../../../lab/exec.js';
import { Lab } from '../../../lab/lab.js';
import { birdc } from '../../../lab/routers/birdc.js';
import { MAX_BENCH_ROUTES } from './bench-routes.js';
import type { TwillBenchArgs } from './e2e-twill.js';
import { HOLD_TIME_SEC, KEEPALIVE_TIME_SEC, RB_AS, SRC_AS, TWILL_AS, writeBenchLab } from './e2e-lab.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const POLL_MS = 250;

function routeCounts(): number[] {
  const i = process.argv.indexOf('--routes');
  const text = i >= 0 ? process.argv[i + 1] : process.env.TWILL_BENCH_ROUTES;
  const counts = (text ?? '100000,1000000').split(',').map(Number);
  for (const n of counts) {
    if (!Number.isInteger(n) || n < 1 || n > MAX_BENCH_ROUTES)
      throw new Error(`--routes: ${n} is not a route count in 1..${MAX_BENCH_ROUTES}`);
  }
  return counts;
}

interface TwillEvent {
  readonly event: string;
  readonly atMs: number;
  readonly [field: string]: unknown;
}

/** e2e-twill.ts in the `tw` namespace, its JSON lines as events. */
class TwillProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly events: TwillEvent[] = [];
  private waiters: (() => void)[] = [];
  private exited: string | undefined;

  constructor(lab: Lab, args: TwillBenchArgs) {
    const script = fileURLToPath(new URL('./e2e-twill.js', import.meta.url));
    const [file, ...argv] = inNetns(lab.ns('tw'), [
      process.execPath,
      '--expose-gc',
      '--max-old-space-size=8192',
      // e.g. TWILL_BENCH_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile Twill's side.
      ...(process.env.TWILL_BENCH_NODE_OPTIONS ?? '').split(' ').filter((o) => o !== ''),
      script,
      JSON.stringify(args),
    ]);
    this.child = spawn(file as string, argv, { stdio: 'pipe' });
    this.child.stderr.on('data', (chunk: Buffer) => process.stderr.write(`  [twill] ${chunk.toString()}`));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const event = JSON.parse(line) as TwillEvent;
      if (process.env.TWILL_BENCH_DEBUG !== undefined) say(line);
      this.events.push(event);
      if (event.event === 'progress')
        say(`  twill ${args.mode}: ${String(event.state)}, ${String(event.routes)} routes in the Loc-RIB`);
      if (event.event === 'down') say(`  twill: session DOWN: ${String(event.lastError)}`);
      this.wake();
    });
    this.child.on('exit', (code, signal) => {
      this.exited = `exited (${code ?? signal})`;
      this.wake();
    });
  }

  async next(event: string, timeoutMs: number): Promise<TwillEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.event === event);
      if (found !== undefined) {
        this.events.splice(this.events.indexOf(found), 1);
        return found;
      }
      if (this.exited !== undefined) throw new Error(`twill process ${this.exited} before '${event}'`);
      const down = this.events.find((e) => e.event === 'down');
      if (event === 'done' && down !== undefined)
        throw new Error(`the session dropped before '${event}': ${String(down.lastError)}`);
      if (Date.now() > deadline)
        throw new Error(`timed out after ${timeoutMs} ms waiting for twill '${event}'`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async report(): Promise<TwillEvent> {
    this.child.stdin.write('report\n');
    return this.next('report', 60_000);
  }

  stop(): void {
    if (this.exited === undefined) this.child.stdin.write('stop\n');
    const pid = this.child.pid;
    setTimeout(() => {
      if (this.exited === undefined && pid !== undefined) process.kill(pid, 'SIGKILL');
    }, 3000).unref();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

interface BirdTransfer {
  readonly ms: number;
  readonly drops: number;
}

/** A BIRD protocol's row and route count: Established time (ms, from BIRD) and imported routes. */
async function birdProtocol(
  lab: Lab,
  node: string,
  protocol: string,
): Promise<{ state: string; sinceMs: number | undefined; imported: number }> {
  const text = await birdc(lab.nodeContext(node), `show protocols all ${protocol}`);
  const row = new RegExp(
    `^${protocol}\\s+BGP\\s+\\S+\\s+\\S+\\s+(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+)\\s+(\\S+)`,
    'm',
  ).exec(text);
  const imported = /Routes:\s+(\d+) imported/.exec(text);
  return {
    state: row?.[2] ?? 'unknown',
    sinceMs: row === null ? undefined : new Date((row[1] as string).replace(' ', 'T')).getTime(),
    imported: imported === null ? 0 : Number(imported[1]),
  };
}

/** Polls the receiving BIRD until `protocol` has imported N routes; time from its Established. */
async function birdTransfer(lab: Lab, node: string, protocol: string, routes: number): Promise<BirdTransfer> {
  const deadline = Date.now() + 15 * 60_000;
  let establishedMs: number | undefined;
  let drops = 0;
  let lastSay = 0;
  for (;;) {
    const p = await birdProtocol(lab, node, protocol);
    if (p.state === 'Established') {
      if (establishedMs !== undefined && p.sinceMs !== establishedMs) drops++; // re-established
      establishedMs = p.sinceMs;
      if (p.imported >= routes && establishedMs !== undefined)
        return { ms: Date.now() - establishedMs, drops };
    } else if (establishedMs !== undefined) {
      drops++;
    }
    if (Date.now() - lastSay >= 2000) {
      lastSay = Date.now();
      say(`  ${node} ${protocol}: ${p.state}, ${p.imported} routes imported`);
    }
    if (Date.now() > deadline) throw new Error(`${node} ${protocol}: not all ${routes} routes after 15 min`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function birdEmpty(lab: Lab, node: string, protocol: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while ((await birdProtocol(lab, node, protocol)).imported > 0) {
    if (Date.now() > deadline) throw new Error(`${node} ${protocol}: routes still there after 2 min`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (x: number, y: number) => (x / y).toFixed(2);

async function run(routes: number): Promise<void> {
  say(`\n== ${routes.toLocaleString('en-US')} routes ==`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'twill-e2e-'));
  const topology = writeBenchLab(dir, routes);
  const lab = await Lab.up(topology, {
    name: `b${process.pid % 100000}-e2e`,
    readyTimeoutMs: 600_000,
    onProgress: (m) => say(`  lab: ${m}`),
  });
  const twills: TwillProcess[] = [];
  try {
    const src = lab.nodeContext('src');
    const twillArgs = {
      routes,
      localAs: TWILL_AS,
      routerId: '10.255.0.10',
      holdTimeSec: HOLD_TIME_SEC,
      keepaliveTimeSec: KEEPALIVE_TIME_SEC,
    };

    say('ingest 1/2: src BIRD → Twill');
    const receiver = new TwillProcess(lab, {
      ...twillArgs,
      mode: 'receive',
      listen: '10.0.1.0',
      peer: '10.0.1.1',
      peerAs: SRC_AS,
    });
    twills.push(receiver);
    await receiver.next('ready', 60_000);
    await birdc(src, 'enable to_tw');
    const established = await receiver.next('established', 60_000);
    let twillIngestMs = Number.NaN;
    try {
      twillIngestMs = (await receiver.next('done', 15 * 60_000)).atMs - established.atMs;
    } catch (err) {
      say(`  Twill ingest FAILED: ${(err as Error).message}`);
    }
    const ingest = await receiver.report();
    receiver.stop();
    await birdc(src, 'disable to_tw');

    say('ingest 2/2 (and send 2/2): src BIRD → rb BIRD');
    await birdc(src, 'enable to_rb');
    const bird = await birdTransfer(lab, 'rb', 'from_src', routes);
    await birdc(src, 'disable to_rb');
    await birdEmpty(lab, 'rb', 'from_src');

    say('send 1/2: Twill → rb BIRD');
    const sender = new TwillProcess(lab, { ...twillArgs, mode: 'send', peer: '10.0.3.1', peerAs: RB_AS });
    twills.push(sender);
    await sender.next('ready', 15 * 60_000);
    const twillSend = await birdTransfer(lab, 'rb', 'from_tw', routes);
    const sent = await sender.report();
    sender.stop();

    const num = (e: TwillEvent, f: string) => Number(e[f]);
    say(
      `\n-- results, ${routes.toLocaleString('en-US')} routes (hold ${HOLD_TIME_SEC} s, keepalive ${KEEPALIVE_TIME_SEC} s; BIRD polled every ${POLL_MS} ms) --`,
    );
    say(
      `ingest: Twill ${seconds(twillIngestMs)}, BIRD ${seconds(bird.ms)}, ratio Twill/BIRD ${ratio(twillIngestMs, bird.ms)} (target ≤ 1, limit 1.5)`,
    );
    say(
      `        Twill ${Math.round(routes / (twillIngestMs / 1000)).toLocaleString('en-US')} routes/s, BIRD ${Math.round(routes / (bird.ms / 1000)).toLocaleString('en-US')} routes/s`,
    );
    say(
      `memory: Twill RSS +${(num(ingest, 'rssDeltaBytes') / 2 ** 20).toFixed(0)} MiB = ${(num(ingest, 'rssDeltaBytes') / routes).toFixed(0)} B/route (heap ${(num(ingest, 'heapDeltaBytes') / routes).toFixed(0)} B/route; target ≤ 300)`,
    );
    say(
      `lag:    Twill event loop during ingest p99 ${num(ingest, 'lagP99Ms').toFixed(0)} ms, max ${num(ingest, 'lagMaxMs').toFixed(0)} ms; session drops ${num(ingest, 'drops')}${ingest.lastError === undefined ? '' : ` (${String(ingest.lastError)})`}`,
    );
    say(
      `send:   Twill → BIRD ${seconds(twillSend.ms)}, BIRD → BIRD ${seconds(bird.ms)}, ratio ${ratio(twillSend.ms, bird.ms)}; Twill event loop p99 ${num(sent, 'lagP99Ms').toFixed(0)} ms, max ${num(sent, 'lagMaxMs').toFixed(0)} ms; drops Twill ${num(sent, 'drops')}, rb ${twillSend.drops}`,
    );
  } finally {
    for (const t of twills) t.stop();
    await lab.down();
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const routes of routeCounts()) await run(routes);
