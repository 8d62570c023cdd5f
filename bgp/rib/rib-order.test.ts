/**
 * Order independence of the whole RIB (ARCHITECTURE.md: "same paths in every order ⇒ same result"): the
 * same per-peer streams of announcements and withdrawals, interleaved in any order and committed at any
 * points, end in the same Loc-RIB, the same state folded from the best-path events, and the same
 * Adj-RIBs-Out. Each peer's own stream keeps its order, as a TCP session does.
 */
import { expect } from 'chai';
import fc from 'fast-check';

import { IPv4Address, IPv6Address } from '../../common/index.js';
import type { BestPathChange } from './best-path-change.js';
import type { RibRoute } from './rib-route.js';
import { Rib, type PeerOptions } from './rib.js';
import { attrs, LOCAL_AS, peer, ROUTER_ID, update4, v4, withdraw4 } from './testing/fixtures.js';

const PEERS = [
  peer('192.0.2.1', 'external', 65001),
  peer('192.0.2.2', 'external', 65001),
  peer('192.0.2.3', 'external', 65002),
  peer('192.0.2.4', 'internal', LOCAL_AS),
  peer('192.0.2.5', 'internal', LOCAL_AS),
];
const LISTENERS = [peer('192.0.2.9', 'external', 65009), peer('192.0.2.10', 'internal', LOCAL_AS)];
const PREFIXES = ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'].map(v4);

const PEER_OPTIONS: PeerOptions = {
  export: {
    families: ['ipv4-unicast'],
    selfNextHop: { ipv4: IPv4Address.parse('192.0.2.254'), ipv6: IPv6Address.parse('2001:db8::fe') },
  },
};

type Op = { readonly prefix: number; readonly pathId: number } & (
  | { readonly kind: 'withdraw' }
  | {
      readonly kind: 'announce';
      readonly asPathLength: number;
      readonly med: number | undefined;
      readonly localPref: number;
      readonly nextHop: number;
    }
);

/** Skewed so that many routes tie and MED, IGP-less steps and the later tie-breaks decide often. */
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('withdraw' as const),
      prefix: fc.nat(2),
      pathId: fc.constantFrom(0, 0, 1),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('announce' as const),
      prefix: fc.nat(2),
      pathId: fc.constantFrom(0, 0, 1),
      asPathLength: fc.constantFrom(1, 1, 2),
      med: fc.option(fc.nat(2), { nil: undefined }),
      localPref: fc.constantFrom(100, 100, 200),
      nextHop: fc.nat(2),
    }),
  },
);

const scriptsArb = fc.array(fc.array(opArb, { maxLength: 8 }), {
  minLength: PEERS.length,
  maxLength: PEERS.length,
});
const scheduleArb = fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 40, maxLength: 40 });

function apply(rib: Rib, peerIndex: number, op: Op): void {
  const from = PEERS[peerIndex] as (typeof PEERS)[number];
  const nlri = { prefix: PREFIXES[op.prefix] as (typeof PREFIXES)[number], pathId: op.pathId };
  if (op.kind === 'withdraw') {
    rib.applyUpdate(from.id, withdraw4([nlri]));
    return;
  }
  const asns = Array.from({ length: op.asPathLength }, (_, i) =>
    i === 0 && from.kind === 'external' ? from.asn : 65100 + i,
  );
  const more = { ...(op.med !== undefined ? { multiExitDisc: op.med } : {}), localPref: op.localPref };
  rib.applyUpdate(from.id, update4([nlri], attrs(asns, `198.51.100.${op.nextHop + 1}`, more)));
}

function routeText(r: RibRoute): string {
  return `${r.peer.id}#${r.pathId} ${r.attributes.key}`;
}

/** Runs the scripts in the order the schedule picks; returns the Loc-RIB, the folded events and the Adj-RIBs-Out. */
function run(scripts: readonly (readonly Op[])[], schedule: readonly [number, boolean][] | undefined) {
  const rib = new Rib({ localAs: LOCAL_AS, routerId: ROUTER_ID, maxPaths: 4 });
  for (const p of [...PEERS, ...LISTENERS]) rib.addPeer(p, PEER_OPTIONS);
  rib.originate(v4('10.0.2.0/24'), { localPref: 100 });
  const folded = new Map<string, string>();
  rib.subscribe((changes: readonly BestPathChange[]) => {
    for (const c of changes) {
      if (c.kind === 'removed') folded.delete(c.prefix.toString());
      else folded.set(c.prefix.toString(), c.multipath.map(routeText).join(' | '));
    }
  });
  const next = scripts.map(() => 0);
  const advertised = LISTENERS.map(() => new Map<string, string>());
  const flushAll = () =>
    LISTENERS.forEach((l, i) => {
      const diff = rib.adjRibOut(l.id).flush('ipv4-unicast');
      for (const p of diff.withdrawn) advertised[i]?.delete(p.toString());
      for (const [set, prefixes] of diff.announced)
        for (const p of prefixes) advertised[i]?.set(p.toString(), set.key);
    });
  let step = 0;
  for (;;) {
    const open = scripts.map((s, i) => i).filter((i) => (next[i] as number) < (scripts[i] as Op[]).length);
    if (open.length === 0) break;
    // Without a schedule: peer by peer, one commit at the end. With one: the schedule picks peer and commits.
    const [pick, commit] = schedule?.[step++ % schedule.length] ?? [0, false];
    const peerIndex = open[pick % open.length] as number;
    apply(rib, peerIndex, (scripts[peerIndex] as Op[])[next[peerIndex] as number] as Op);
    next[peerIndex] = (next[peerIndex] as number) + 1;
    if (commit) {
      rib.commit();
      if (pick % 3 === 0) flushAll();
    }
  }
  rib.commit();
  flushAll();
  const locRib = new Map<string, string>();
  for (const row of [...rib.locRib.bestEntries('ipv4-unicast')]) {
    locRib.set(row.prefix.toString(), row.multipath.map(routeText).join(' | '));
  }
  const outs = LISTENERS.map(
    (l) => new Map([...rib.advertised(l.id, 'ipv4-unicast')].map((r) => [r.prefix.toString(), r.attributes])),
  );
  return { locRib, folded, advertised, outs, store: rib.store };
}

describe('RIB order independence (fast-check)', () => {
  it('any interleaving and any commit points give the same Loc-RIB, events and Adj-RIBs-Out', () => {
    fc.assert(
      fc.property(scriptsArb, scheduleArb, (scripts, schedule) => {
        const reference = run(scripts, undefined);
        const shuffled = run(scripts, schedule);
        expect(sorted(shuffled.locRib)).to.deep.equal(sorted(reference.locRib));
        expect(sorted(shuffled.folded), 'events folded').to.deep.equal(sorted(reference.locRib));
        expect(sorted(reference.folded)).to.deep.equal(sorted(reference.locRib));
        expect(shuffled.advertised.map(sorted)).to.deep.equal(reference.advertised.map(sorted));
        // The flushed diffs add up to the Adj-RIB-Out's own view of what it advertised.
        shuffled.outs.forEach((out, i) => {
          expect(
            sorted(new Map([...out].map(([k, v]) => [k, attributesKey(shuffled.store, v)]))),
          ).to.deep.equal(sorted(shuffled.advertised[i] as Map<string, string>));
        });
      }),
      { numRuns: 150 },
    );
  });
});

function sorted(map: ReadonlyMap<string, string>): [string, string][] {
  return [...map].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
}

function attributesKey(store: Rib['store'], value: object): string {
  for (const set of store.values()) if (set.value === value) return set.key;
  return 'not interned';
}
