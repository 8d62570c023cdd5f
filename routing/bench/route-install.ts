/**
 * Benchmark (not a test): install N IPv4 routes into table 100 of a fresh namespace through the route
 * reconciler, then the same routes through `ip -batch` into another fresh namespace in the same run,
 * and print routes/s for both and the ratio; then 1% drift repair on the reconciler's table; and the
 * memory the desired set costs. Needs root (namespaces).
 *
 *   npx tsc -p tsconfig.json && node --expose-gc dist/routing/bench/route-install.js [--routes N]
 *
 * Without --routes it runs 100k and 1M. Routes are /32s from 11.0.0.0/8 via 10.0.0.2, proto 0x54.
 * Drift: 1% of min(N, 100k) routes deleted from outside with `ip -batch`; "repaired (events)" is the
 * time from the end of that batch until the kernel has them all again, found by the reconciler's
 * own monitor; "resync()" is a full dump + diff + repair after the same drift again.
 */
import { IPv4Address, parseIpAddress, Prefix } from '../../common/index.js';
import { RouteTableReconciler, type DesiredRoute } from '../routetable/index.js';
import {
  countRoutes,
  createBenchNetns,
  deleteAllBenchNetns,
  deleteBenchNetns,
  ipBatch,
} from './bench-netns.js';

const TABLE = 100;
const GATEWAY = '10.0.0.2';
const BASE = 0x0b000000; // 11.0.0.0

const gc = (globalThis as { gc?: () => void }).gc;
const print = (line: string) => process.stdout.write(`${line}\n`);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const memory = () => {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
};

function sizes(): number[] {
  const at = process.argv.indexOf('--routes');
  if (at === -1) return [100_000, 1_000_000];
  const n = Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n < 100 || n > 16_000_000) {
    throw new Error(`--routes needs an integer between 100 and 16000000, got ${process.argv[at + 1]}`);
  }
  return [n];
}

const dst = (i: number) => Prefix.containing(IPv4Address.fromNumber(BASE + i), 32);
const dstText = (i: number) => `11.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}/32`;

async function waitUntil(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * 1% of the routes deleted from outside, twice: first repaired by the reconciler's own monitor
 * (timed until an apply() queued behind the event-driven flush finds nothing left to do), then by an
 * explicit resync() (dump + diff + repair).
 */
async function drift(r: RouteTableReconciler, ns: string, n: number, seen: () => number): Promise<void> {
  const drifted = Math.max(1, Math.floor(n / 100));
  const step = Math.floor(n / drifted);
  const deletions = Array.from(
    { length: drifted },
    (_, k) => `route del ${dstText(k * step)} table ${TABLE}`,
  );
  const seenBefore = seen();
  ipBatch(ns, deletions);
  let start = performance.now();
  // ip -batch blocked this thread: the deletions are still in the monitor's queue, so first see them.
  await waitUntil('the deletion events', () => seen() - seenBefore >= drifted, 120_000);
  const leftover = await r.apply();
  const eventsMs = performance.now() - start;
  if (countRoutes(ns, TABLE) !== n) throw new Error('drift not repaired in the kernel');
  print(
    `drift ${drifted} of ${n} deleted from outside: repaired through events in ${eventsMs.toFixed(0)} ms ` +
      `(left for apply(): ${leftover.added})`,
  );

  ipBatch(ns, deletions);
  start = performance.now();
  const resync = await r.resync();
  const resyncMs = performance.now() - start;
  if (countRoutes(ns, TABLE) !== n) throw new Error('drift not repaired in the kernel');
  print(
    `drift ${drifted} of ${n} deleted from outside: resync() (dump + diff + repair) ${resyncMs.toFixed(0)} ms ` +
      `(re-added ${resync.added})`,
  );
}

async function run(n: number): Promise<void> {
  print(`\n== ${n} routes ==`);
  const gateway = parseIpAddress(GATEWAY);
  const twill = createBenchNetns();
  const iproute = createBenchNetns();
  let reconciler: RouteTableReconciler | undefined;
  try {
    const before = memory();
    const desired: DesiredRoute[] = [];
    for (let i = 0; i < n; i++) desired.push({ dst: dst(i), gateway, table: TABLE });
    reconciler = new RouteTableReconciler({ netns: twill, tables: [TABLE] });
    let overruns = 0;
    let deletionsSeen = 0;
    reconciler.on((e) => {
      if (e.type === 'overrun') overruns++;
      if (e.type === 'drift' && e.event === 'del') deletionsSeen++;
    });
    reconciler.setDesired(desired);
    desired.length = 0;
    const held = memory();

    let start = performance.now();
    const result = await reconciler.apply();
    const twillMs = performance.now() - start;
    const installed = countRoutes(twill, TABLE);
    if (result.added !== n || installed !== n) {
      throw new Error(`reconciler: added ${result.added}, kernel has ${installed}, wanted ${n}`);
    }
    const after = memory();

    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(`route add ${dstText(i)} via ${GATEWAY} table ${TABLE} proto 84`);
    start = performance.now();
    ipBatch(iproute, lines);
    const ipMs = performance.now() - start;
    if (countRoutes(iproute, TABLE) !== n) throw new Error('ip -batch did not install every route');
    deleteBenchNetns(iproute);

    print(`reconciler apply():  ${twillMs.toFixed(0)} ms, ${rate(n, twillMs)} routes/s`);
    print(`ip -batch:           ${ipMs.toFixed(0)} ms, ${rate(n, ipMs)} routes/s`);
    print(`ratio (reconciler / ip -batch): ${(ipMs / twillMs).toFixed(2)}x (target >= 1.0x)`);
    const perRoute = (bytes: number) => `${Math.round(bytes / n)} B/route`;
    // Before the first apply() every key is also in the dirty set; after it, the desired map and the
    // kernel mirror (which shares the route objects) are what a running node keeps.
    print(
      `memory, ${n} desired routes, before apply(): heap +${mib(held.heap - before.heap)} ` +
        `(${perRoute(held.heap - before.heap)}), RSS +${mib(held.rss - before.rss)}`,
    );
    print(
      `memory, ${n} desired routes, installed and mirrored: heap +${mib(after.heap - before.heap)} ` +
        `(${perRoute(after.heap - before.heap)}), RSS +${mib(after.rss - before.rss)}` +
        (gc === undefined ? ' (no --expose-gc: figures include garbage)' : ''),
    );

    if (n <= 100_000) await drift(reconciler, twill, n, () => deletionsSeen);
    print(`monitor overruns (each costs a full resync): ${overruns}`);
  } finally {
    reconciler?.close();
    deleteAllBenchNetns();
  }
}

process.on('SIGINT', () => {
  deleteAllBenchNetns();
  process.exit(130);
});

for (const n of sizes()) await run(n);
