import { expect } from 'chai';

import { IPv4Address } from '../../common/index.js';
import { AFI_IPV6, SAFI_UNICAST } from '../wire/constants.js';
import type { UpdateMessage } from '../wire/model.js';
import { AdjRibIn, type PathSink } from './adj-rib-in.js';
import { AttributeStore } from './attribute-store.js';
import type { RibRoute } from './rib-route.js';
import { attrs, LOCAL_AS, peer, ROUTER_ID, update4, update6, v4, v6, withdraw4 } from './testing/fixtures.js';

class RecordingSink implements PathSink {
  readonly log: string[] = [];
  pathUpdated(route: RibRoute): void {
    this.log.push(`+${route.prefix.toString()}#${route.pathId}`);
  }
  pathRemoved(route: RibRoute): void {
    this.log.push(`-${route.prefix.toString()}#${route.pathId}`);
  }
}

function setup(allowasIn = 0) {
  const store = new AttributeStore();
  const sink = new RecordingSink();
  const rib = new AdjRibIn(
    peer('192.0.2.1', 'external', 65001),
    store,
    { localAs: LOCAL_AS, routerId: ROUTER_ID, allowasIn },
    sink,
  );
  return { store, sink, rib };
}

const A = attrs([65001], '192.0.2.1');
const B = attrs([65001, 65010], '192.0.2.1');

describe('AdjRibIn', () => {
  it('applies withdrawals before announcements and tells the sink only about changes', () => {
    const { rib, sink } = setup();
    rib.applyUpdate(update4([v4('10.0.0.0/24'), v4('10.0.1.0/24')], A));
    rib.applyUpdate(update4([v4('10.0.0.0/24')], A)); // the same again: nothing for the Loc-RIB
    rib.applyUpdate(update4([v4('10.0.1.0/24')], B, [v4('10.0.1.0/24'), v4('10.9.9.0/24')]));
    expect(sink.log).to.deep.equal(['+10.0.0.0/24#0', '+10.0.1.0/24#0', '-10.0.1.0/24#0', '+10.0.1.0/24#0']);
    expect(rib.get('ipv4-unicast', v4('10.0.1.0/24'))?.attributes.value.asPath).to.deep.equal(B.asPath);
    expect(rib.receivedCount('ipv4-unicast')).to.equal(2);
  });

  it('keeps ADD-PATH paths of one prefix apart by Path Identifier (RFC 7911)', () => {
    const { rib } = setup();
    const p = v4('10.0.0.0/24');
    rib.applyUpdate(update4([{ prefix: p, pathId: 1 }], A));
    rib.applyUpdate(update4([{ prefix: p, pathId: 2 }], B));
    expect(rib.receivedCount('ipv4-unicast')).to.equal(2);
    rib.applyUpdate(withdraw4([{ prefix: p, pathId: 1 }]));
    expect(rib.get('ipv4-unicast', p, 1)).to.equal(undefined);
    expect(rib.get('ipv4-unicast', p, 2)?.attributes.value.asPath).to.deep.equal(B.asPath);
  });

  it('takes IPv6 routes from MP_REACH_NLRI with its next hop, and withdraws them from MP_UNREACH_NLRI', () => {
    const { rib } = setup();
    rib.applyUpdate(update6([v6('2001:db8:1::/48')], { origin: 'igp', asPath: [] }, '2001:db8::1'));
    const route = rib.get('ipv6-unicast', v6('2001:db8:1::/48'));
    expect(route?.attributes.value.nextHop?.toString()).to.equal('2001:db8::1');
    expect(rib.receivedCount('ipv4-unicast')).to.equal(0);
    rib.applyUpdate(update6([], {}, '::', [v6('2001:db8:1::/48')]));
    expect(rib.receivedCount('ipv6-unicast')).to.equal(0);
  });

  it('treat-as-withdraw (RFC 7606 §2) withdraws what the UPDATE announces', () => {
    const { rib, sink } = setup();
    rib.applyUpdate(update4([v4('10.0.0.0/24')], A));
    const outcome = rib.applyUpdate(update4([v4('10.0.0.0/24'), v4('10.0.1.0/24')], B), {
      treatAsWithdraw: true,
    });
    expect(outcome).to.deep.equal({ announced: 0, withdrawn: 1, endOfRib: undefined });
    expect(rib.receivedCount('ipv4-unicast')).to.equal(0);
    expect(sink.log).to.deep.equal(['+10.0.0.0/24#0', '-10.0.0.0/24#0']);
  });

  it('AFI/SAFI disable (RFC 4760 §7) drops the family and ignores it afterwards', () => {
    const { rib } = setup();
    rib.applyUpdate(update6([v6('2001:db8:1::/48')], { origin: 'igp', asPath: [] }, '2001:db8::1'));
    rib.applyUpdate(update4([v4('10.0.0.0/24')], A), {
      disabledFamilies: [{ afi: AFI_IPV6, safi: SAFI_UNICAST }],
    });
    rib.applyUpdate(update6([v6('2001:db8:2::/48')], { origin: 'igp', asPath: [] }, '2001:db8::1'));
    expect(rib.receivedCount('ipv6-unicast')).to.equal(0);
    expect(rib.receivedCount('ipv4-unicast')).to.equal(1);
  });

  it('recognises End-of-RIB per family (RFC 4724 §2)', () => {
    const { rib } = setup();
    const eor4: UpdateMessage = { type: 'update', withdrawnRoutes: [], attributes: {}, nlri: [] };
    const eor6: UpdateMessage = { ...eor4, mpUnreach: { family: 'ipv6-unicast', withdrawnRoutes: [] } };
    expect(rib.applyUpdate(eor6).endOfRib).to.equal('ipv6-unicast');
    expect(rib.endOfRibReceived('ipv4-unicast')).to.equal(false);
    expect(rib.applyUpdate(eor4).endOfRib).to.equal('ipv4-unicast');
    expect(rib.endOfRibReceived('ipv4-unicast')).to.equal(true);
    expect(rib.applyUpdate({ ...eor4, attributes: { origin: 'igp' } }).endOfRib).to.equal(undefined);
  });

  it('marks routes stale and sweeps those not announced again (graceful restart mechanism)', () => {
    const { rib, sink } = setup();
    rib.applyUpdate(update4([v4('10.0.0.0/24'), v4('10.0.1.0/24'), v4('10.0.2.0/24')], A));
    rib.markStale();
    rib.applyUpdate(update4([v4('10.0.0.0/24')], A)); // unchanged: fresh again, nothing for the Loc-RIB
    rib.applyUpdate(update4([v4('10.0.1.0/24')], B)); // changed
    const stale = [...rib.routes('ipv4-unicast')]
      .filter((r) => rib.isStale(r))
      .map((r) => r.prefix.toString());
    expect(stale).to.deep.equal(['10.0.2.0/24']);
    sink.log.length = 0;
    expect(rib.sweepStale('ipv4-unicast')).to.equal(1);
    expect(sink.log).to.deep.equal(['-10.0.2.0/24#0']);
    expect([...rib.routes('ipv4-unicast')].map((r) => r.prefix.toString())).to.deep.equal([
      '10.0.0.0/24',
      '10.0.1.0/24',
    ]);
  });

  describe('AS_PATH loop detection with allowas-in (RFC 4271 §9.1.2)', () => {
    const looped = attrs([65001, LOCAL_AS, 65002], '192.0.2.1');
    const twice = attrs([65001, LOCAL_AS, LOCAL_AS], '192.0.2.1');

    it('keeps a looped route as received but not accepted, and does not pass it on', () => {
      const { rib, sink } = setup();
      rib.applyUpdate(update4([v4('10.0.0.0/24')], A));
      rib.applyUpdate(update4([v4('10.0.0.0/24')], looped));
      expect(rib.receivedCount('ipv4-unicast')).to.equal(1);
      expect(rib.acceptedCount('ipv4-unicast')).to.equal(0);
      expect(rib.get('ipv4-unicast', v4('10.0.0.0/24'))?.rejection).to.equal('as-path-loop');
      expect(sink.log).to.deep.equal(['+10.0.0.0/24#0', '-10.0.0.0/24#0']);
    });

    it('accepts our AS up to allowas-in times', () => {
      const { rib } = setup(1);
      rib.applyUpdate(update4([v4('10.0.0.0/24')], looped));
      rib.applyUpdate(update4([v4('10.0.1.0/24')], twice));
      expect(rib.get('ipv4-unicast', v4('10.0.0.0/24'))?.accepted).to.equal(true);
      expect(rib.get('ipv4-unicast', v4('10.0.1.0/24'))?.rejection).to.equal('as-path-loop');
    });

    it('re-runs import when allowas-in changes', () => {
      const { rib, sink } = setup(0);
      rib.applyUpdate(update4([v4('10.0.0.0/24')], looped));
      rib.reimport({ localAs: LOCAL_AS, routerId: ROUTER_ID, allowasIn: 1 });
      expect(rib.acceptedCount('ipv4-unicast')).to.equal(1);
      rib.reimport({ localAs: LOCAL_AS, routerId: ROUTER_ID, allowasIn: 0 });
      expect(rib.acceptedCount('ipv4-unicast')).to.equal(0);
      expect(sink.log).to.deep.equal(['+10.0.0.0/24#0', '-10.0.0.0/24#0']);
    });

    it('refuses a route carrying our BGP Identifier as ORIGINATOR_ID (RFC 4456 §8)', () => {
      const { rib } = setup();
      rib.applyUpdate(
        update4([v4('10.0.0.0/24')], { ...A, originatorId: IPv4Address.parse(ROUTER_ID.toString()) }),
      );
      expect(rib.get('ipv4-unicast', v4('10.0.0.0/24'))?.rejection).to.equal('originator-id-loop');
    });
  });

  it('refuses a prefix of the wrong family with a typed error', () => {
    const { rib } = setup();
    expect(() => rib.announceNlri('ipv6-unicast', [{ prefix: v4('10.0.0.0/24') }], A))
      .to.throw()
      .with.property('code', 'WRONG_FAMILY');
  });
});
