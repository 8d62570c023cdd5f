import { expect } from 'chai';

import { FakeClock, IPv4Address, nullLogger } from '../../common/index.js';
import type { DownCause } from '../fsm/index.js';
import { endOfRib, LLGR_STALE, NO_LLGR, Rib, type PeerOptions } from '../rib/index.js';
import { conservativeUpdateSize } from '../rib/testing/update-size-estimate.js';
import { attrs, LOCAL_AS, peer, ROUTER_ID, update4, v4 } from '../rib/testing/fixtures.js';
import {
  GracefulRestartHelper,
  type GracefulRestartCapability,
  type PeerRestartCapabilities,
} from './graceful-restart-helper.js';

const OPTS: PeerOptions = {
  export: {
    families: ['ipv4-unicast', 'ipv6-unicast'],
    selfNextHop: { ipv4: IPv4Address.parse('192.0.2.254') },
  },
};
const P = peer('192.0.2.1', 'external', 65001);
const PACK = { maxMessageLength: 4096, sizeOf: conservativeUpdateSize };
const TCP_RESET: DownCause = { event: 'TcpConnectionFails' };
const grCap = (restartTimeSec: number, forwarding = true): GracefulRestartCapability => ({
  name: 'graceful-restart',
  restartState: false,
  notification: false,
  restartTimeSec,
  families: [{ afi: 1, safi: 1, forwardingState: forwarding }],
});
const cap = (restartTimeSec: number, forwarding = true): PeerRestartCapabilities => ({
  gr: grCap(restartTimeSec, forwarding),
  llgr: undefined,
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
      [{ gr: undefined, llgr: undefined }, TCP_RESET],
    ] as const) {
      const { helper } = setup();
      expect(helper.peerDown(P.id, c, ['ipv4-unicast'], cause as DownCause)).to.equal(false);
    }
    // Our hold timer expiring is what a peer that died without closing TCP looks like: it counts.
    const { helper } = setup();
    const holdExpired: DownCause = { event: 'HoldTimer_Expires', sent: { code: 4, subcode: 0 } };
    expect(helper.peerDown(P.id, cap(120), ['ipv4-unicast'], holdExpired)).to.equal(true);
  });

  it('after a BFD failure keeps routes only when the peer BFD shares fate with its control plane (RFC 5882 §4.3)', () => {
    const bfdDown: DownCause = { event: 'ManualStop', sent: { code: 6, subcode: 10 } };
    const independent = setup();
    expect(independent.helper.peerDown(P.id, cap(120), ['ipv4-unicast'], bfdDown, false)).to.equal(false);
    const sharedFate = setup();
    expect(sharedFate.helper.peerDown(P.id, cap(120), ['ipv4-unicast'], bfdDown, true)).to.equal(true);
    sharedFate.rib.commit();
    expect(sharedFate.stale()).to.equal(2);
    expect(sharedFate.best()).to.deep.equal(['10.1.0.0/24', '10.2.0.0/24']);
    // Without the capability nothing is kept, BFD or not.
    const noGr = setup();
    expect(
      noGr.helper.peerDown(P.id, { gr: undefined, llgr: undefined }, ['ipv4-unicast'], bfdDown, true),
    ).to.equal(false);
  });
});

describe('GracefulRestartHelper: long-lived graceful restart (RFC 9494)', () => {
  const SELF = { ipv4: IPv4Address.parse('192.0.2.254') };
  const Q = peer('192.0.2.2', 'external', 65002);
  const R = peer('192.0.2.3', 'external', 65003);
  const S = peer('192.0.2.4', 'external', 65004);
  const llgrCaps = (restartTimeSec: number, staleTimeSec: number): PeerRestartCapabilities => ({
    gr: grCap(restartTimeSec),
    llgr: {
      name: 'long-lived-graceful-restart',
      families: [{ afi: 1, safi: 1, forwardingState: true, staleTimeSec }],
    },
  });

  function setupLlgr() {
    const s = setup();
    s.rib.applyUpdate(
      P.id,
      update4([v4('10.3.0.0/24')], attrs([65001], '192.0.2.1', { communities: [NO_LLGR] })),
    );
    // Q's path to 10.1.0.0/24 is longer: P's wins until P's is LLGR_STALE.
    s.rib.addPeer(Q, { export: { families: ['ipv4-unicast'], selfNextHop: SELF } });
    s.rib.applyUpdate(Q.id, update4([v4('10.1.0.0/24')], attrs([65002, 65009], '192.0.2.2')));
    s.rib.addPeer(R, { export: { families: ['ipv4-unicast'], selfNextHop: SELF } });
    s.rib.addPeer(S, { export: { families: ['ipv4-unicast'], selfNextHop: SELF, llgr: true } });
    s.rib.commit();
    const bestPeer = (prefix: string) =>
      [...s.rib.best('ipv4-unicast')].find((r) => r.prefix.toString() === prefix)?.peer.id;
    const sent = (to: string) =>
      new Map(
        s.rib
          .flush(to, 'ipv4-unicast', PACK)
          .flatMap((m) => m.nlri.map((n) => [n.prefix.toString(), m.attributes.communities ?? []] as const)),
      );
    return { ...s, bestPeer, sent };
  }

  it('after the restart time, keeps routes marked LLGR_STALE and least preferred, drops NO_LLGR ones, until the stale time', () => {
    const { clock, rib, helper, bestPeer } = setupLlgr();
    expect(bestPeer('10.1.0.0/24')).to.equal(P.id);
    helper.peerDown(P.id, llgrCaps(10, 100), ['ipv4-unicast'], TCP_RESET);
    clock.advance(10_000);
    rib.commit();
    expect(helper.status(P.id)).to.deep.include({ state: 'long-lived-stale', timerRemainingSec: 100 });
    const kept = rib.adjRibIn(P.id).get('ipv4-unicast', v4('10.2.0.0/24'));
    expect(kept?.attributes.value.communities).to.deep.equal([LLGR_STALE]);
    expect(rib.adjRibIn(P.id).get('ipv4-unicast', v4('10.3.0.0/24'))).to.equal(undefined);
    // §4.3: the LLGR_STALE path loses to Q's longer AS_PATH.
    expect(bestPeer('10.1.0.0/24')).to.equal(Q.id);
    expect(bestPeer('10.2.0.0/24')).to.equal(P.id);
    clock.advance(99_000);
    rib.commit();
    expect(bestPeer('10.2.0.0/24')).to.equal(P.id);
    clock.advance(1_000);
    rib.commit();
    expect(bestPeer('10.2.0.0/24')).to.equal(undefined);
    expect(rib.peerIds()).to.not.include(P.id);
  });

  it('advertises LLGR_STALE routes only to peers that negotiated LLGR (§4.5)', () => {
    const { clock, rib, helper, sent } = setupLlgr();
    expect(sent(R.id).has('10.2.0.0/24')).to.equal(true);
    expect(sent(S.id).has('10.2.0.0/24')).to.equal(true);
    helper.peerDown(P.id, llgrCaps(10, 100), ['ipv4-unicast'], TCP_RESET);
    clock.advance(10_000);
    rib.commit();
    const toR = rib.flush(R.id, 'ipv4-unicast', PACK);
    expect(toR.flatMap((m) => m.withdrawnRoutes.map((n) => n.prefix.toString()))).to.include('10.2.0.0/24');
    expect(sent(S.id).get('10.2.0.0/24')).to.include(LLGR_STALE);
  });

  it('goes to long-lived stale at once for a restart time of 0, and back to fresh after End-of-RIB', () => {
    const { rib, helper, bestPeer } = setupLlgr();
    helper.peerDown(P.id, llgrCaps(0, 100), ['ipv4-unicast'], TCP_RESET);
    expect(helper.status(P.id)?.state).to.equal('long-lived-stale');
    rib.addPeer(P, OPTS);
    helper.peerEstablished(P.id, llgrCaps(0, 100), 360);
    rib.applyUpdate(P.id, update4([v4('10.1.0.0/24')], attrs([65001], '192.0.2.1')));
    rib.applyUpdate(P.id, endOfRib('ipv4-unicast'));
    helper.endOfRib(P.id, 'ipv4-unicast');
    rib.commit();
    expect(bestPeer('10.1.0.0/24')).to.equal(P.id);
    expect(rib.adjRibIn(P.id).get('ipv4-unicast', v4('10.1.0.0/24'))?.attributes.value.communities).to.equal(
      undefined,
    );
    expect(bestPeer('10.2.0.0/24')).to.equal(undefined);
  });
});
