/**
 * Benchmark (not a test): ingest N IPv4 prefixes (default 1M) from two eBGP peers into Adj-RIB-In and
 * Loc-RIB, one commit per UPDATE as a session would do, and print routes/s and heap bytes per route.
 *
 *   npx tsc -p tsconfig.json && node --expose-gc dist/bgp/rib/bench/rib-ingest.js [prefixes]
 *
 * UPDATEs are built batch by batch outside the timed section, like a decoder handing them over, so the
 * heap delta is what the RIB keeps: route objects, Map entries, Loc-RIB entries and the Prefix objects.
 */
import { IPv4Address, Prefix } from '../../../common/index.js';
import type { UpdateMessage } from '../../wire/model.js';
import { Rib } from '../rib.js';
import { attrs, LOCAL_AS, peer, ROUTER_ID } from '../testing/fixtures.js';

const PREFIXES = Number(process.argv[2] ?? 1_000_000);
const PER_UPDATE = 800; // ~what BIRD packs into a 4096-octet UPDATE of /24s
const ATTRIBUTE_VARIANTS = 200;

const gc = (globalThis as { gc?: () => void }).gc;
const heapUsed = (): number => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};
const print = (line: string) => process.stdout.write(`${line}\n`);

function batch(peerAs: number, nextHop: string, start: number): UpdateMessage {
  const nlri = [];
  for (let i = start; i < Math.min(start + PER_UPDATE, PREFIXES); i++) {
    nlri.push({ prefix: Prefix.containing(IPv4Address.fromNumber(0x01000000 + i * 256), 24) });
  }
  const variant = (start / PER_UPDATE) % ATTRIBUTE_VARIANTS;
  return {
    type: 'update',
    withdrawnRoutes: [],
    attributes: attrs([peerAs, 64600 + variant], nextHop, { communities: [(peerAs << 16) | variant] }),
    nlri,
  };
}

const rib = new Rib({ localAs: LOCAL_AS, routerId: ROUTER_ID });
const peers = [peer('192.0.2.1', 'external', 65001), peer('192.0.2.2', 'external', 65002)];
// Ingest only: no Adj-RIB-Out (the peers negotiate no family), so the figures are Adj-RIB-In + Loc-RIB.
for (const p of peers) rib.addPeer(p, { export: { families: [], selfNextHop: {} } });
let events = 0;
rib.subscribe((changes) => (events += changes.length));

const before = heapUsed();
const timings: number[] = [];
for (const [i, p] of peers.entries()) {
  let elapsedMs = 0;
  for (let start = 0; start < PREFIXES; start += PER_UPDATE) {
    const update = batch(p.asn, `192.0.2.${i + 1}`, start);
    const t0 = performance.now();
    rib.applyUpdate(p.id, update);
    rib.commit();
    elapsedMs += performance.now() - t0;
  }
  timings.push(elapsedMs);
  print(
    `peer ${p.id}: ${PREFIXES} routes in ${elapsedMs.toFixed(0)} ms, ${rate(PREFIXES, elapsedMs)} routes/s`,
  );
}
const after = heapUsed();
const routes = PREFIXES * peers.length;
const totalMs = timings.reduce((x, y) => x + y, 0);
print(`total: ${routes} routes in ${totalMs.toFixed(0)} ms, ${rate(routes, totalMs)} routes/s`);
print(`Loc-RIB: ${rib.locRib.bestCount('ipv4-unicast')} prefixes, ${events} best-path events`);
print(`attribute sets: ${rib.store.size} for ${rib.store.totalReferences()} routes`);
print(
  `heap: ${((after - before) / 2 ** 20).toFixed(0)} MiB, ${((after - before) / routes).toFixed(0)} bytes per route, ` +
    `${((after - before) / PREFIXES).toFixed(0)} bytes per prefix${gc === undefined ? ' (run with --expose-gc for exact figures)' : ''}`,
);

function rate(count: number, ms: number): string {
  return Math.round((count / ms) * 1000).toLocaleString('en-US');
}
