import { expect } from 'chai';

import { IPv4Address, type IpAddress } from '../../common/index.js';
import { AdjRibIn } from './adj-rib-in.js';
import { AttributeStore } from './attribute-store.js';
import type { BestPathChange } from './best-path-change.js';
import { LocRib, type LocRibOptions } from './loc-rib.js';
import type { RibPeer } from './rib-route.js';
import { attrs, LOCAL_AS, peer, ROUTER_ID, update4, v4, withdraw4 } from './testing/fixtures.js';

function setup(options: Partial<LocRibOptions> = {}) {
  const store = new AttributeStore();
  const locRib = new LocRib({ localAs: LOCAL_AS, ...options });
  const events: BestPathChange[] = [];
  locRib.subscribe((changes) => events.push(...changes));
  const adjRibIn = (p: RibPeer) => new AdjRibIn(p, store, { localAs: LOCAL_AS, routerId: ROUTER_ID }, locRib);
  return { store, locRib, events, adjRibIn };
}

const P = v4('10.0.0.0/24');
const ebgp1 = peer('192.0.2.1', 'external', 65001);
const ebgp2 = peer('192.0.2.2', 'external', 65002);
const ibgp = peer('192.0.2.3', 'internal', LOCAL_AS);
const local: RibPeer = {
  id: 'local',
  kind: 'local',
  address: IPv4Address.ANY,
  asn: LOCAL_AS,
  routerId: ROUTER_ID,
};

function summary(c: BestPathChange): string {
  return c.kind === 'removed'
    ? `removed ${c.prefix.toString()} (was ${c.previous.peer.id})`
    : `${c.kind} ${c.prefix.toString()} via ${c.multipath.map((r) => r.peer.id).join(',')}`;
}

describe('LocRib', () => {
  it('emits added, changed and removed with the multipath set, once per commit', () => {
    const { locRib, events, adjRibIn } = setup();
    const one = adjRibIn(ebgp1);
    const two = adjRibIn(peer('192.0.2.2', 'external', 65001)); // same neighbouring AS: ECMP with one
    one.applyUpdate(update4([P], attrs([65001, 65100], '192.0.2.1')));
    locRib.commit();
    two.applyUpdate(update4([P], attrs([65001, 65200], '192.0.2.2')));
    locRib.commit();
    one.applyUpdate(update4([P], attrs([65001, 65100, 65100], '192.0.2.1'))); // longer: two alone is best
    one.applyUpdate(update4([P], attrs([65001, 65100, 65100, 65100], '192.0.2.1'))); // same batch
    locRib.commit();
    two.applyUpdate(withdraw4([P]));
    one.applyUpdate(withdraw4([P]));
    locRib.commit();
    expect(events.map(summary)).to.deep.equal([
      'added 10.0.0.0/24 via 192.0.2.1',
      'changed 10.0.0.0/24 via 192.0.2.1,192.0.2.2',
      'changed 10.0.0.0/24 via 192.0.2.2',
      'removed 10.0.0.0/24 (was 192.0.2.2)',
    ]);
    expect(locRib.size('ipv4-unicast')).to.equal(0);
  });

  it('maps LOCAL_PREF only on iBGP routes; eBGP routes get the configured default', () => {
    const { locRib, adjRibIn } = setup({ defaultLocalPref: 150 });
    // An iBGP route with LOCAL_PREF 140 loses to an eBGP route at the default 150, though its AS_PATH is shorter.
    adjRibIn(ibgp).applyUpdate(update4([P], attrs([], '192.0.2.3', { localPref: 140 })));
    adjRibIn(ebgp1).applyUpdate(update4([P], attrs([65001, 65100], '192.0.2.1', { localPref: 500 })));
    locRib.commit();
    const best = locRib.get(P)?.best;
    expect(best?.peer.id).to.equal('192.0.2.1');
    expect(locRib.degreeOfPreference(best as never)).to.equal(150);
  });

  it('lets a locally originated route win by the RFC steps: empty AS_PATH, not iBGP-learned', () => {
    const { locRib, adjRibIn } = setup();
    adjRibIn(local).announceNlri('ipv4-unicast', [{ prefix: P }], { origin: 'igp', asPath: [] });
    adjRibIn(ebgp1).applyUpdate(update4([P], attrs([65001], '192.0.2.1')));
    // Same LOCAL_PREF, AS_PATH length 0, ORIGIN IGP, no MED: equal through (c); (d) keeps it against iBGP.
    adjRibIn(ibgp).applyUpdate(update4([P], attrs([], '192.0.2.3')));
    locRib.commit();
    expect(locRib.get(P)?.best?.peer.id).to.equal('local');
    // A higher LOCAL_PREF learned over iBGP beats it (§9.1.1 comes first).
    adjRibIn(peer('192.0.2.4', 'internal', LOCAL_AS)).applyUpdate(
      update4([P], attrs([], '192.0.2.4', { localPref: 200 })),
    );
    locRib.commit();
    expect(locRib.get(P)?.best?.peer.id).to.equal('192.0.2.4');
  });

  it('uses the IGP cost of the next hop and leaves out routes whose next hop does not resolve', () => {
    const costs = new Map<string, number>([
      ['192.0.2.1', 10],
      ['192.0.2.2', 5],
    ]);
    const igpCost = (nh: IpAddress) => costs.get(nh.toString());
    const { locRib, adjRibIn, events } = setup({ igpCost });
    const one = adjRibIn(peer('192.0.2.1', 'internal', LOCAL_AS));
    const two = adjRibIn(peer('192.0.2.2', 'internal', LOCAL_AS));
    one.applyUpdate(update4([P], attrs([65100], '192.0.2.1')));
    two.applyUpdate(update4([P], attrs([65100], '192.0.2.2')));
    locRib.commit();
    expect(locRib.get(P)?.best?.peer.id).to.equal('192.0.2.2');
    costs.delete('192.0.2.2');
    costs.delete('192.0.2.1');
    locRib.igpCostsChanged();
    expect(locRib.get(P)?.best).to.equal(undefined);
    expect(events.map((e) => e.kind)).to.deep.equal(['added', 'removed']);
    costs.set('192.0.2.1', 1);
    locRib.igpCostsChanged();
    expect(locRib.get(P)?.best?.peer.id).to.equal('192.0.2.1');
  });

  it('decides again only the prefixes touched since the last commit, each once', () => {
    const { locRib, adjRibIn } = setup();
    const one = adjRibIn(ebgp1);
    const two = adjRibIn(ebgp2);
    const prefixes = Array.from({ length: 50 }, (_, i) => v4(`10.0.${i}.0/24`));
    one.applyUpdate(update4(prefixes, attrs([65001], '192.0.2.1')));
    two.applyUpdate(update4(prefixes, attrs([65002], '192.0.2.2')));
    locRib.commit();
    expect(locRib.decidedCount).to.equal(50);
    const Q = v4('10.0.7.0/24');
    two.applyUpdate(update4([Q], attrs([65002, 65002], '192.0.2.2')));
    one.applyUpdate(withdraw4([Q]));
    two.applyUpdate(update4([Q], attrs([65002], '192.0.2.2')));
    const changes = locRib.commit();
    expect(locRib.decidedCount).to.equal(51);
    expect(changes.map(summary)).to.deep.equal(['changed 10.0.7.0/24 via 192.0.2.2']);
    expect(locRib.get(v4('10.0.8.0/24'))?.best?.peer.id).to.equal('192.0.2.1');
  });

  it('limits the multipath set to maxPaths, best first', () => {
    const { locRib, adjRibIn } = setup({ maxPaths: 2 });
    for (const n of [3, 1, 2]) {
      adjRibIn(peer(`192.0.2.${n}`, 'external', 65001)).applyUpdate(
        update4([P], attrs([65001], `192.0.2.${n}`)),
      );
    }
    locRib.commit();
    expect(locRib.get(P)?.multipath.map((r) => r.peer.id)).to.deep.equal(['192.0.2.1', '192.0.2.2']);
  });

  it("breaks ties between one peer's ADD-PATH paths by Path Identifier", () => {
    const { locRib, adjRibIn } = setup({ maxPaths: 1 });
    const one = adjRibIn(ebgp2);
    one.applyUpdate(update4([{ prefix: P, pathId: 7 }], attrs([65002], '192.0.2.7')));
    one.applyUpdate(update4([{ prefix: P, pathId: 3 }], attrs([65002], '192.0.2.8')));
    locRib.commit();
    expect(locRib.get(P)?.best?.pathId).to.equal(3);
  });
});
