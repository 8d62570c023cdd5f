import { expect } from 'chai';

import { FakeClock, IPv4Address, nullLogger } from '../../common/index.js';
import type { DownCause } from '../fsm/index.js';
import { endOfRib, Rib, type PeerOptions } from '../rib/index.js';
import { attrs, LOCAL_AS, peer, ROUTER_ID, update4, v4 } from '../rib/testing/fixtures.js';
import { GracefulRestartHelper, type GracefulRestartCapability } from './graceful-restart-helper.js';

const OPTS: PeerOptions = {
  export: {
    families: ['ipv4-unicast', 'ipv6-unicast'],
    selfNextHop: { ipv4: IPv4Address.parse('192.0.2.254') },
  },
};
const P = peer('192.0.2.1', 'external', 65001);
const TCP_RESET: DownCause = { event: 'TcpConnectionFails' };
const cap = (restartTimeSec: number, forwarding = true): GracefulRestartCapability => ({
  name: 'graceful-restart',
  restartState: false,
  notification: false,
  restartTimeSec,
  families: [{ afi: 1, safi: 1, forwardingState: forwarding }],
});

function setup() {
  const clock = new FakeClock();
  const rib = new Rib({ localAs: LOCAL_AS, routerId: ROUTER_ID });
  let changes = 0;
  const helper = new GracefulRestartHelper(rib, clock, nullLogger, { changed: () => changes++ });
  rib.addPeer(P, OPTS);
  rib.applyUpdate(P.id, update4([v4('10.1.0.0/24'), v4('10.2.0.0/24')], attrs([65001], '192.0.2.1')));
  rib.commit();
  const best = () =>
    [...rib.best('ipv4-unicast')].map((r) => r.prefix.toString()).sort((a, b) => a.localeCompare(b));
  const stale = () => rib.adjRibIn(P.id).staleCount('ipv4-unicast');
  return { clock, rib, helper, best, stale, changes: () => changes };
}

describe('GracefulRestartHelper (RFC 4724 §4.2)', () => {
  it('keeps a restarting peer routes stale and in use, and removes them when the restart timer ends', () => {
    const { clock, rib, helper, best, stale } = setup();
    expect(helper.peerDown(P.id, cap(120), ['ipv4-unicast'], TCP_RESET)).to.equal(true);
    rib.commit();
    expect(best()).to.deep.equal(['10.1.0.0/24', '10.2.0.0/24']);
    expect(stale()).to.equal(2);
    expect(rib.hasAdjRibOut(P.id)).to.equal(false);
    expect(helper.status(P.id)).to.deep.include({ state: 'restarting', timerRemainingSec: 120 });
    clock.advance(119_000);
    rib.commit();
    expect(best()).to.have.length(2);
    clock.advance(1_000);
    rib.commit();
    expect(best()).to.deep.equal([]);
    expect(rib.peerIds()).to.not.include(P.id);
    expect(helper.status(P.id)).to.equal(undefined);
  });

  it('on re-establishment, re-sent routes are fresh and End-of-RIB sweeps the rest', () => {
    const { clock, rib, helper, best, stale } = setup();
    helper.peerDown(P.id, cap(120), ['ipv4-unicast'], TCP_RESET);
    clock.advance(5_000);
    rib.addPeer(P, OPTS); // the session is back: the Adj-RIB-In (stale routes) is kept
    helper.peerEstablished(P.id, cap(120), 360);
    expect(helper.status(P.id)).to.deep.include({ state: 'refreshing', staleFamilies: ['ipv4-unicast'] });
    rib.applyUpdate(P.id, update4([v4('10.1.0.0/24')], attrs([65001], '192.0.2.1')));
    expect(stale()).to.equal(1);
    clock.advance(200_000); // the old restart timer no longer counts
    rib.commit();
    expect(best()).to.deep.equal(['10.1.0.0/24', '10.2.0.0/24']);
    const outcome = rib.applyUpdate(P.id, endOfRib('ipv4-unicast'));
    expect(outcome.endOfRib).to.equal('ipv4-unicast');
    helper.endOfRib(P.id, 'ipv4-unicast');
    rib.commit();
    expect(best()).to.deep.equal(['10.1.0.0/24']);
    expect(stale()).to.equal(0);
    expect(helper.status(P.id)).to.equal(undefined);
  });

  it('sweeps at the stale-routes timer when End-of-RIB never comes', () => {
    const { clock, rib, helper, best } = setup();
    helper.peerDown(P.id, cap(120), ['ipv4-unicast'], TCP_RESET);
    rib.addPeer(P, OPTS);
    helper.peerEstablished(P.id, cap(120), 30);
    rib.applyUpdate(P.id, update4([v4('10.2.0.0/24')], attrs([65001], '192.0.2.1')));
    clock.advance(29_000);
    rib.commit();
    expect(best()).to.have.length(2);
    clock.advance(1_000);
    rib.commit();
    expect(best()).to.deep.equal(['10.2.0.0/24']);
  });

  it('flushes a family at once when the peer comes back without the F bit for it', () => {
    const { rib, helper, best } = setup();
    helper.peerDown(P.id, cap(120), ['ipv4-unicast'], TCP_RESET);
    rib.addPeer(P, OPTS);
    helper.peerEstablished(P.id, cap(120, false), 360);
    rib.commit();
    expect(best()).to.deep.equal([]);
    expect(helper.status(P.id)).to.equal(undefined);
  });

  it('keeps nothing after a NOTIFICATION, or for a peer without the capability', () => {
    for (const [c, cause] of [
      [cap(120), { event: 'NotifMsg', received: { code: 6, subcode: 2 } }],
      [cap(120), { event: 'AutomaticStop', sent: { code: 6, subcode: 1 } }],
      [undefined, TCP_RESET],
    ] as const) {
      const { helper } = setup();
      expect(helper.peerDown(P.id, c, ['ipv4-unicast'], cause as DownCause)).to.equal(false);
    }
    // Our hold timer expiring is what a peer that died without closing TCP looks like: it counts.
    const { helper } = setup();
    const holdExpired: DownCause = { event: 'HoldTimer_Expires', sent: { code: 4, subcode: 0 } };
    expect(helper.peerDown(P.id, cap(120), ['ipv4-unicast'], holdExpired)).to.equal(true);
  });
});
