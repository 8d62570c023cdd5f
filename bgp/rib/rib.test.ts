import { expect } from 'chai';

import { IPv4Address, IPv6Address } from '../../common/index.js';
import { RouteRefreshSubtype, type UpdateMessage } from '../wire/model.js';
import { Rib, type PeerOptions } from './rib.js';
import { attrs, LOCAL_AS, peer, ROUTER_ID, update4, update6, v4, v6, withdraw4 } from './testing/fixtures.js';
import { conservativeUpdateSize } from './testing/update-size-estimate.js';

const PACK = { maxMessageLength: 4096, sizeOf: conservativeUpdateSize };
const SELF = { ipv4: IPv4Address.parse('192.0.2.254'), ipv6: IPv6Address.parse('2001:db8::fe') };
const BOTH: PeerOptions = { export: { families: ['ipv4-unicast', 'ipv6-unicast'], selfNextHop: SELF } };
const ebgp1 = peer('192.0.2.1', 'external', 65001);
const ebgp2 = peer('192.0.2.2', 'external', 65002);
const ibgp3 = peer('192.0.2.3', 'internal', LOCAL_AS);
const ibgp4 = peer('192.0.2.4', 'internal', LOCAL_AS);

function rib(): Rib {
  const r = new Rib({ localAs: LOCAL_AS, routerId: ROUTER_ID });
  for (const p of [ebgp1, ebgp2, ibgp3, ibgp4]) r.addPeer(p, BOTH);
  return r;
}

/** What a peer would hold after applying the messages: prefix → AS_PATH text, for IPv4. */
function apply(messages: readonly UpdateMessage[], table = new Map<string, string>()): Map<string, string> {
  for (const m of messages) {
    for (const n of m.withdrawnRoutes) table.delete(n.prefix.toString());
    for (const n of m.nlri)
      table.set(n.prefix.toString(), (m.attributes.asPath ?? []).map((s) => s.asns.join(' ')).join(';'));
  }
  return table;
}

describe('Rib: Adj-RIB-In → Loc-RIB → Adj-RIB-Out', () => {
  it('advertises eBGP routes to the others, never back, not iBGP to iBGP, with End-of-RIB first time', () => {
    const r = rib();
    r.applyUpdate(ebgp1.id, update4([v4('10.1.0.0/24')], attrs([65001], '192.0.2.1')));
    r.applyUpdate(ibgp3.id, update4([v4('10.3.0.0/24')], attrs([], '192.0.2.3', { localPref: 100 })));
    r.commit();
    const toEbgp2 = r.flush(ebgp2.id, 'ipv4-unicast', PACK);
    expect([...apply(toEbgp2)]).to.deep.equal([
      ['10.1.0.0/24', `${LOCAL_AS} 65001`],
      ['10.3.0.0/24', `${LOCAL_AS}`],
    ]);
    expect(toEbgp2[toEbgp2.length - 1]).to.deep.equal({
      type: 'update',
      withdrawnRoutes: [],
      attributes: {},
      nlri: [],
    });
    expect([...apply(r.flush(ebgp1.id, 'ipv4-unicast', PACK)).keys()]).to.deep.equal(['10.3.0.0/24']);
    expect([...apply(r.flush(ibgp4.id, 'ipv4-unicast', PACK)).keys()]).to.deep.equal(['10.1.0.0/24']);
    // The next flush has no End-of-RIB, and nothing else when nothing changed.
    expect(r.flush(ebgp2.id, 'ipv4-unicast', PACK)).to.deep.equal([]);
  });

  it('sends diffs since the last flush: a change that is undone in between sends nothing', () => {
    const r = rib();
    r.applyUpdate(ebgp1.id, update4([v4('10.1.0.0/24')], attrs([65001], '192.0.2.1')));
    r.commit();
    const seen = apply(r.flush(ebgp2.id, 'ipv4-unicast', PACK));
    r.applyUpdate(ebgp1.id, withdraw4([v4('10.1.0.0/24')]));
    r.commit();
    r.applyUpdate(ebgp1.id, update4([v4('10.1.0.0/24')], attrs([65001], '192.0.2.1')));
    r.commit();
    expect(r.flush(ebgp2.id, 'ipv4-unicast', PACK)).to.deep.equal([]);
    r.applyUpdate(ebgp1.id, withdraw4([v4('10.1.0.0/24')]));
    r.commit();
    const withdrawal = r.flush(ebgp2.id, 'ipv4-unicast', PACK);
    expect(withdrawal.map((m) => m.withdrawnRoutes.map((n) => n.prefix.toString()))).to.deep.equal([
      ['10.1.0.0/24'],
    ]);
    expect(apply(withdrawal, seen).size).to.equal(0);
  });

  it('originates local routes to every peer, IPv6 in MP_REACH with the self next hop', () => {
    const r = rib();
    r.originate(v6('2001:db8:100::/48'));
    r.commit();
    const [first] = r.flush(ibgp3.id, 'ipv6-unicast', PACK);
    expect(first?.mpReach?.nextHop.toString()).to.equal('2001:db8::fe');
    expect(first?.attributes.localPref).to.equal(100);
    r.withdrawOriginated(v6('2001:db8:100::/48'));
    r.commit();
    const [withdrawal] = r.flush(ibgp3.id, 'ipv6-unicast', PACK);
    expect(withdrawal?.mpUnreach?.withdrawnRoutes.map((n) => n.prefix.toString())).to.deep.equal([
      '2001:db8:100::/48',
    ]);
  });

  it('seeds a peer that comes up later with the whole table', () => {
    const r = rib();
    r.applyUpdate(ebgp1.id, update4([v4('10.1.0.0/24'), v4('10.1.1.0/24')], attrs([65001], '192.0.2.1')));
    const late = peer('192.0.2.9', 'external', 65009);
    r.addPeer(late, BOTH);
    expect([...apply(r.flush(late.id, 'ipv4-unicast', PACK)).keys()]).to.deep.equal([
      '10.1.0.0/24',
      '10.1.1.0/24',
    ]);
    expect(() => r.addPeer(late, BOTH))
      .to.throw()
      .with.property('code', 'DUPLICATE_PEER');
  });

  it('answers route refresh with the whole Adj-RIB-Out, framed by BoRR/EoRR when enhanced (RFC 7313)', () => {
    const r = rib();
    r.applyUpdate(ebgp1.id, update4([v4('10.1.0.0/24'), v4('10.1.1.0/24')], attrs([65001], '192.0.2.1')));
    r.commit();
    r.flush(ebgp2.id, 'ipv4-unicast', PACK);
    r.applyUpdate(ebgp1.id, withdraw4([v4('10.1.1.0/24')]));
    r.commit();
    const answer = r.routeRefresh(ebgp2.id, 'ipv4-unicast', { ...PACK, enhanced: true });
    expect(answer[0]).to.deep.equal({
      type: 'route-refresh',
      afi: 1,
      safi: 1,
      subtype: RouteRefreshSubtype.BORR,
    });
    expect(answer[answer.length - 1]).to.deep.include({ subtype: RouteRefreshSubtype.EORR });
    const updates = answer.filter((m): m is UpdateMessage => m.type === 'update');
    expect([...apply(updates, new Map([['10.1.1.0/24', 'x']])).keys()]).to.deep.equal(['10.1.0.0/24']);
    const plain = r.routeRefresh(ebgp2.id, 'ipv4-unicast', { ...PACK, enhanced: false });
    expect(plain.every((m) => m.type === 'update')).to.equal(true);
    expect([...apply(plain as UpdateMessage[]).keys()]).to.deep.equal(['10.1.0.0/24']);
  });

  it('shows received, advertised and best views and per-peer counts', () => {
    const r = rib();
    r.applyUpdate(ebgp1.id, update4([v4('10.1.0.0/24')], attrs([65001], '192.0.2.1')));
    r.applyUpdate(ebgp2.id, update4([v4('10.1.0.0/24')], attrs([65002, 65001], '192.0.2.2')));
    r.applyUpdate(ebgp2.id, update4([v4('10.2.0.0/24')], attrs([65002, LOCAL_AS], '192.0.2.2'))); // loop
    r.applyUpdate(
      ebgp2.id,
      update6(
        [v6('2001:db8:2::/48')],
        { origin: 'igp', asPath: [{ type: 'as-sequence', asns: [65002] }] },
        '2001:db8::2',
      ),
    );
    r.commit();
    r.flush(ibgp3.id, 'ipv4-unicast', PACK);
    // Advertised counts what was flushed: nothing yet towards ebgp2.
    expect(r.counts(ebgp2.id, 'ipv4-unicast')).to.deep.equal({ received: 2, accepted: 1, advertised: 0 });
    r.flush(ebgp2.id, 'ipv4-unicast', PACK);
    expect(r.counts(ebgp2.id, 'ipv4-unicast')).to.deep.equal({ received: 2, accepted: 1, advertised: 1 });
    expect(r.counts(ebgp2.id, 'ipv6-unicast')).to.deep.equal({ received: 1, accepted: 1, advertised: 0 });
    expect(r.counts(ibgp3.id, 'ipv4-unicast')).to.deep.equal({ received: 0, accepted: 0, advertised: 1 });
    const received = [...r.received(ebgp2.id, 'ipv4-unicast')].map((row) => [
      row.prefix.toString(),
      row.rejection,
    ]);
    expect(received).to.deep.equal([
      ['10.1.0.0/24', undefined],
      ['10.2.0.0/24', 'as-path-loop'],
    ]);
    const best = [...r.best('ipv4-unicast')].map((row) => [row.prefix.toString(), row.peer.id]);
    expect(best).to.deep.equal([['10.1.0.0/24', ebgp1.id]]);
    const advertised = [...r.advertised(ibgp3.id, 'ipv4-unicast')];
    expect(advertised.map((row) => [row.prefix.toString(), row.attributes.localPref])).to.deep.equal([
      ['10.1.0.0/24', 100],
    ]);
  });

  it('gives every attribute set back when peers leave', () => {
    const r = rib();
    r.originate(v4('10.9.0.0/24'));
    r.applyUpdate(ebgp1.id, update4([v4('10.1.0.0/24'), v4('10.1.1.0/24')], attrs([65001], '192.0.2.1')));
    r.applyUpdate(ibgp3.id, update4([v4('10.3.0.0/24')], attrs([], '192.0.2.3', { localPref: 100 })));
    r.commit();
    for (const p of [ebgp1, ebgp2, ibgp3, ibgp4]) r.flush(p.id, 'ipv4-unicast', PACK);
    expect(r.store.size).to.be.above(3);
    const removed = r.removePeer(ebgp1.id);
    expect(removed.map((c) => c.kind)).to.deep.equal(['removed', 'removed']);
    for (const p of [ebgp2, ibgp3, ibgp4]) r.removePeer(p.id);
    r.withdrawOriginated(v4('10.9.0.0/24'));
    r.commit();
    expect(r.store.size).to.equal(0);
    expect(r.store.totalReferences()).to.equal(0);
    expect(() => r.applyUpdate(ebgp1.id, withdraw4([])))
      .to.throw()
      .with.property('code', 'UNKNOWN_PEER');
  });
});
