import { expect } from 'chai';

import { FakeClock, IPv4Address } from '../../common/index.js';
import { Rib } from '../rib/index.js';
import { attrs, LOCAL_AS, peer, ROUTER_ID, update4, v4 } from '../rib/testing/fixtures.js';
import type { GracefulRestartCapability } from './graceful-restart-helper.js';
import { SelectionDeferral, type DeferralEnd } from './selection-deferral.js';

const GR = (restartState: boolean): GracefulRestartCapability => ({
  name: 'graceful-restart',
  restartState,
  notification: false,
  restartTimeSec: 120,
  families: [{ afi: 1, safi: 1, forwardingState: true }],
});

describe('SelectionDeferral (RFC 4724 §4.1)', () => {
  it('ends when every GR peer sent End-of-RIB for each family in use', () => {
    const clock = new FakeClock();
    const ended: DeferralEnd[] = [];
    const d = new SelectionDeferral(clock, 60, (by) => ended.push(by));
    d.addPeer('a');
    d.addPeer('b');
    d.established('a', GR(false), ['ipv4-unicast', 'ipv6-unicast']);
    d.established('b', GR(false), ['ipv4-unicast']);
    d.endOfRib('a', 'ipv4-unicast');
    d.endOfRib('b', 'ipv4-unicast');
    expect(d.active).to.equal(true);
    expect(d.pendingPeers()).to.deep.equal(['a']);
    d.endOfRib('a', 'ipv6-unicast');
    expect(ended).to.deep.equal(['end-of-rib']);
    expect(d.active).to.equal(false);
    expect(clock.pending()).to.equal(0);
  });

  it('does not wait for peers without the capability or restarting themselves (R bit); waits for absent ones', () => {
    const clock = new FakeClock();
    const ended: DeferralEnd[] = [];
    const d = new SelectionDeferral(clock, 60, (by) => ended.push(by));
    for (const p of ['plain', 'restarting', 'absent']) d.addPeer(p);
    d.established('plain', undefined, ['ipv4-unicast']);
    d.established('restarting', GR(true), ['ipv4-unicast']);
    expect(d.pendingPeers()).to.deep.equal(['absent']);
    clock.advance(59_000);
    expect(ended).to.deep.equal([]);
    expect(d.remainingSec()).to.equal(1);
    clock.advance(1_000);
    expect(ended).to.deep.equal(['timer']);
  });

  it('with the RIB: deferred commits decide nothing; the end delivers every change at once', () => {
    const rib = new Rib({ localAs: LOCAL_AS, routerId: ROUTER_ID });
    const p = peer('192.0.2.1', 'external', 65001);
    rib.addPeer(p, {
      export: { families: ['ipv4-unicast'], selfNextHop: { ipv4: IPv4Address.parse('192.0.2.254') } },
    });
    const seen: string[] = [];
    rib.subscribe((changes) => seen.push(...changes.map((c) => c.prefix.toString())));
    rib.deferSelection(true);
    rib.applyUpdate(p.id, update4([v4('10.1.0.0/24')], attrs([65001], '192.0.2.1')));
    rib.originate(v4('10.9.0.0/24'));
    expect(rib.commit()).to.deep.equal([]);
    expect([...rib.best('ipv4-unicast')]).to.deep.equal([]);
    expect(seen).to.deep.equal([]);
    rib.deferSelection(false);
    expect(seen.sort((a, b) => a.localeCompare(b))).to.deep.equal(['10.1.0.0/24', '10.9.0.0/24']);
  });
});
