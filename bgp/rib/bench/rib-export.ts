/**
 * Benchmark (not a test): the export side of a full-table transfer. N IPv4 routes are in the Loc-RIB;
 * a peer comes up: addPeer seeds its Adj-RIB-Out (every best route offered), then flush() takes the
 * diff (grouped by attribute set, sorted) in parts of 50k, as the speaker does. Packing and encoding
 * are the codec's (bench:bgp); this is the RIB's share.
 *
 *   npx tsc -p tsconfig.json && node --expose-gc dist/bgp/rib/bench/rib-export.js [prefixes]
 */
import { IPv4Address, Prefix } from '../../../common/index.js';
import { Rib } from '../rib.js';
import { attrs, LOCAL_AS, peer, ROUTER_ID } from '../testing/fixtures.js';

const PREFIXES = Number(process.argv[2] ?? 1_000_000);
const PER_UPDATE = 800;
const PART = 50_000;
const print = (line: string) => process.stdout.write(`${line}\n`);

const rib = new Rib({ localAs: LOCAL_AS, routerId: ROUTER_ID });
const source = peer('192.0.2.1', 'external', 65001);
rib.addPeer(source, { export: { families: [], selfNextHop: {} } });
for (let start = 0; start < PREFIXES; start += PER_UPDATE) {
  const nlri = [];
  for (let i = start; i < Math.min(start + PER_UPDATE, PREFIXES); i++)
    nlri.push({ prefix: Prefix.containing(IPv4Address.fromNumber(0x01000000 + i * 256), 24) });
  rib.applyUpdate(source.id, {
    type: 'update',
    withdrawnRoutes: [],
    attributes: attrs([65001, 64600 + ((start / PER_UPDATE) % 200)], '192.0.2.1'),
    nlri,
  });
}
rib.commit();

for (let run = 0; run < 3; run++) {
  const to = peer(`198.51.100.${run + 1}`, 'external', 65100 + run);
  const t0 = performance.now();
  rib.addPeer(to, {
    export: { families: ['ipv4-unicast'], selfNextHop: { ipv4: IPv4Address.parse('198.51.100.254') } },
  });
  const t1 = performance.now();
  let routes = 0;
  const out = rib.adjRibOut(to.id);
  while (out.hasPending('ipv4-unicast')) {
    for (const prefixes of out.flush('ipv4-unicast', PART).announced.values()) routes += prefixes.length;
  }
  const t2 = performance.now();
  print(
    `peer ${run + 1}: seed ${(t1 - t0).toFixed(0)} ms, flush ${(t2 - t1).toFixed(0)} ms (${routes} routes), ` +
      `${Math.round((PREFIXES / (t2 - t0)) * 1000).toLocaleString('en-US')} routes/s`,
  );
  rib.removePeer(to.id);
}
