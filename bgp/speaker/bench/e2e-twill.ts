#!/usr/bin/env node
/**
 * The Twill side of the end-to-end benchmark (e2e.ts starts it inside the lab's `tw` namespace): a
 * BgpSpeaker in this process, so the figures come from the inside: the moment the session is
 * Established, the moment the Loc-RIB holds all N routes, RSS, event-loop delay, and whether the
 * session ever dropped (a hold timer expiring on either side would show here).
 *
 *   receive: passive peer of the sending BIRD; done when the Loc-RIB holds N routes.
 *   send:    originates the N routes first, then connects to the receiving BIRD; e2e.ts watches BIRD.
 *
 * One JSON object per line on stdout. A line "report" on stdin asks for the figures so far.
 */
import { createInterface } from 'node:readline';

import { IPv4Address, parseIpAddress } from '../../../common/index.js';
import { BgpSpeaker } from '../speaker.js';
import { ACCEPT_ALL } from '../../policy/index.js';
import { benchPrefix } from './bench-routes.js';
import { LoopLag } from './loop-lag.js';

export interface TwillBenchArgs {
  readonly mode: 'receive' | 'send';
  readonly routes: number;
  readonly localAs: number;
  readonly routerId: string;
  readonly listen?: string;
  readonly peer: string;
  readonly peerAs: number;
  readonly holdTimeSec: number;
  readonly keepaliveTimeSec: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as TwillBenchArgs;
const emit = (event: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ event, atMs: Date.now(), ...fields })}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
const memory = () => {
  gc?.();
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
};

const speaker = new BgpSpeaker({
  localAs: args.localAs,
  routerId: IPv4Address.parse(args.routerId),
  listen: args.listen === undefined ? [] : [{ address: args.listen, port: 179 }],
});
await speaker.start();

let best = 0;
speaker.subscribe((changes) => {
  for (const c of changes) best += c.kind === 'added' ? 1 : c.kind === 'removed' ? -1 : 0;
});
if (args.mode === 'send') {
  for (let i = 0; i < args.routes; i++) speaker.originate(benchPrefix(i));
  // The originated routes are decided at the next turn; wait for it.
  while (best < args.routes) await new Promise((resolve) => setTimeout(resolve, 50));
}
const before = memory();
const lag = new LoopLag();
let establishedAtMs: number | undefined;
let doneAtMs: number | undefined;
let drops = 0;
let lastError: string | undefined;

speaker.addPeer({
  address: parseIpAddress(args.peer),
  asn: args.peerAs,
  passive: args.mode === 'receive',
  holdTimeSec: args.holdTimeSec,
  keepaliveTimeSec: args.keepaliveTimeSec,
  connectRetryTimeSec: 1,
  families: ['ipv4-unicast'],
  // eBGP: nothing is accepted or sent without policies (RFC 8212).
  importPolicy: ACCEPT_ALL,
  exportPolicy: ACCEPT_ALL,
});
emit('ready', { rssBytes: before.rss, best });

const report = () => {
  const after = memory();
  const status = speaker.peerStatus()[0];
  emit('report', {
    establishedAtMs,
    doneAtMs,
    routes: best,
    rssDeltaBytes: after.rss - before.rss,
    heapDeltaBytes: after.heapUsed - before.heapUsed,
    lagP99Ms: lag.percentile(99),
    lagMaxMs: lag.max(),
    drops,
    lastError,
    advertised: status?.prefixes['ipv4-unicast']?.advertised,
  });
};

let lastProgressMs = 0;
const watch = setInterval(() => {
  const status = speaker.peerStatus()[0];
  const up = status?.state === 'Established';
  if (up && establishedAtMs === undefined) {
    establishedAtMs = Date.now();
    lag.enable();
    emit('established');
  } else if (!up && establishedAtMs !== undefined && doneAtMs === undefined) {
    // Left Established during the transfer: a hold timer (ours or the peer's) or an error.
    drops++;
    lastError = status?.lastError;
    emit('down', { lastError });
    establishedAtMs = undefined;
  }
  if (args.mode === 'receive' && doneAtMs === undefined && best >= args.routes) {
    doneAtMs = Date.now();
    lag.disable();
    emit('done', { routes: best });
  }
  if (Date.now() - lastProgressMs >= Number(process.env.TWILL_BENCH_PROGRESS_MS ?? 2000)) {
    lastProgressMs = Date.now();
    emit('progress', {
      state: status?.state,
      routes: best,
      advertised: status?.prefixes['ipv4-unicast']?.advertised,
    });
  }
}, 5);

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'report') report();
  if (line.trim() === 'stop') {
    clearInterval(watch);
    void speaker.stop().then(() => process.exit(0));
  }
});
