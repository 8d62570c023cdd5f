import { expect } from 'chai';

import { FakeClock } from '../../common/index.js';
import { createPrng } from '../../common/testing/prng.js';
import { resolveCollision } from './collision.js';
import { FsmHarness, peerOpen } from './testing/fsm-harness.js';

const SEC = 1000;

/** Connect, exchange OPENs (peer proposes `peerHoldSec`) and KEEPALIVEs: Established. */
function establish(h: FsmHarness, peerHoldSec = 9): FsmHarness {
  return h.feed({ type: 'Tcp_CR_Acked' }, peerOpen(peerHoldSec), { type: 'KeepAliveMsg' });
}

describe('FSM sessions on a FakeClock', () => {
  it('active open → Established → hold timer expiry → NOTIFICATION 4/0 → Idle → damped reconnects', () => {
    const h = new FsmHarness({ config: { holdTimeSec: 90, idleHoldTimeSec: 5, maxIdleHoldTimeSec: 20 } });
    h.feed({ type: 'ManualStart' });
    expect(h.state.bgpState).to.equal('Connect');
    expect(h.connectAttemptsAtMs).to.deep.equal([0]);

    h.feed({ type: 'Tcp_CR_Acked' });
    expect(h.state.bgpState).to.equal('OpenSent');
    expect(h.sentKinds()).to.deep.equal(['OPEN']);

    h.feed(peerOpen(9)); // min(90, 9) = 9 s, keepalive 3 s
    expect(h.state.bgpState).to.equal('OpenConfirm');
    h.feed({ type: 'KeepAliveMsg' });
    expect(h.state.bgpState).to.equal('Established');
    expect(h.sessionsUp).to.deep.equal([{ atMs: 0, holdTimeSec: 9, keepaliveTimeSec: 3 }]);

    // The peer goes silent. We keep sending KEEPALIVEs every 3 s until the HoldTimer fires at 9 s.
    h.advanceSec(9);
    expect(h.sentKinds()).to.deep.equal(['OPEN', 'KEEPALIVE', 'KEEPALIVE', 'KEEPALIVE', 'NOTIFICATION 4/0']);
    expect(h.sent.filter((r) => r.kind === 'KEEPALIVE').map((r) => r.atMs)).to.deep.equal([
      0,
      3 * SEC,
      6 * SEC,
    ]);
    expect(h.state.bgpState).to.equal('Idle');
    expect(h.sessionsDown.map((d) => d.cause.event)).to.deep.equal(['HoldTimer_Expires']);
    expect(h.state.connectRetryCounter).to.equal(1);

    // IdleHoldTime 5 s, then a reconnect attempt.
    h.advanceSec(4.999);
    expect(h.connectAttemptsAtMs).to.have.length(1);
    h.advanceSec(0.001);
    expect(h.state.bgpState).to.equal('Connect');
    expect(h.connectAttemptsAtMs).to.deep.equal([0, 14 * SEC]);

    // The peer refuses: each further failure doubles the wait (10 s, then 20 s, capped at 20 s).
    h.feed({ type: 'TcpConnectionFails' });
    h.advanceSec(10);
    expect(h.connectAttemptsAtMs.at(-1)).to.equal(24 * SEC);
    h.feed({ type: 'TcpConnectionFails' });
    h.advanceSec(20);
    expect(h.connectAttemptsAtMs.at(-1)).to.equal(44 * SEC);
    h.feed({ type: 'TcpConnectionFails' });
    h.advanceSec(19.9);
    expect(h.state.bgpState).to.equal('Idle');
    h.advanceSec(0.1);
    expect(h.connectAttemptsAtMs.at(-1)).to.equal(64 * SEC);

    // The peer is back and the session stays up past stableSessionSec: damping is forgotten.
    establish(h);
    expect(h.state.bgpState).to.equal('Established');
    h.feed({ type: 'KeepAliveMsg' });
    for (let i = 0; i < 30; i++) h.advanceSec(2).feed({ type: 'KeepAliveMsg' }); // 60 s, peer alive
    expect(h.state.bgpState).to.equal('Established');
    expect(h.state.idleHoldTimeSec).to.equal(5);
    h.feed({ type: 'NotifMsg', code: 6, subcode: 2 });
    expect(h.sessionsDown.at(-1)?.cause.received).to.deep.equal({ code: 6, subcode: 2 });
    const downAt = h.clock.now();
    h.advanceSec(5);
    expect(h.connectAttemptsAtMs.at(-1)).to.equal(downAt + 5 * SEC);
  });

  it('jitters ConnectRetryTimer and KeepaliveTimer within 0.75..1.0 of their base (seed 11)', () => {
    const prng = createPrng(11);
    const h = new FsmHarness({
      random: () => prng.u32() / 0xffff_ffff,
      config: { connectRetryTimeSec: 120 },
    });
    h.feed({ type: 'ManualStart' });
    // The SYN goes unanswered: ConnectRetryTimer_Expires starts a new attempt each time.
    h.advanceSec(120 * 10);
    const gaps = h.connectAttemptsAtMs.slice(1).map((t, i) => t - (h.connectAttemptsAtMs[i] as number));
    expect(gaps.length).to.be.at.least(10);
    for (const gap of gaps) expect(gap).to.be.within(90 * SEC, 120 * SEC);
    expect(new Set(gaps).size, 'a new factor each time').to.be.greaterThan(1);

    h.feed({ type: 'Tcp_CR_Acked' }, peerOpen(90), { type: 'KeepAliveMsg' });
    const start = h.sent.length;
    for (let i = 0; i < 20; i++) h.advanceSec(10).feed({ type: 'KeepAliveMsg' });
    const times = h.sent
      .slice(start - 1)
      .filter((r) => r.kind === 'KEEPALIVE')
      .map((r) => r.atMs);
    const keepaliveGaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(keepaliveGaps.length).to.be.at.least(5);
    for (const gap of keepaliveGaps) expect(gap).to.be.within(22.5 * SEC, 30 * SEC);
  });

  it('a passive peer never connects; it waits in Active for the peer', () => {
    const h = new FsmHarness();
    h.feed({ type: 'ManualStart_with_PassiveTcpEstablishment' });
    expect(h.state.bgpState).to.equal('Active');
    h.advanceSec(3600);
    expect(h.connectAttemptsAtMs).to.deep.equal([]);
    expect(h.runner.runningTimers()).to.deep.equal([]);

    h.feed({ type: 'TcpConnectionConfirmed' });
    expect(h.state.bgpState).to.equal('OpenSent');
    // The TCP connection drops before the OPEN: back to listening, still no attempt of our own.
    h.feed({ type: 'TcpConnectionFails' });
    expect(h.state.bgpState).to.equal('Active');
    h.advanceSec(3600);
    expect(h.connectAttemptsAtMs).to.deep.equal([]);
    h.feed({ type: 'TcpConnectionConfirmed' }, peerOpen(90), { type: 'KeepAliveMsg' });
    expect(h.state.bgpState).to.equal('Established');
    // After an error the automatic restart is passive too.
    h.feed({ type: 'HoldTimer_Expires' });
    h.advanceSec(h.config.idleHoldTimeSec);
    expect(h.state.bgpState).to.equal('Active');
    expect(h.connectAttemptsAtMs).to.deep.equal([]);
  });

  it('refuses a Hold Time of 1 or 2 s with OPEN Message Error / Unacceptable Hold Time (2/6)', () => {
    for (const holdTimeSec of [1, 2]) {
      const h = new FsmHarness();
      h.feed({ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, peerOpen(holdTimeSec));
      expect(h.state.bgpState, `hold ${holdTimeSec}`).to.equal('Idle');
      expect(h.sentKinds()).to.deep.equal(['OPEN', 'NOTIFICATION 2/6']);
      expect(h.sessionsUp).to.deep.equal([]);
    }
  });

  it('a Hold Time of 0 means no KEEPALIVEs and no HoldTimer, however long the silence', () => {
    const h = new FsmHarness();
    h.feed({ type: 'ManualStart' });
    establish(h, 0);
    expect(h.state.bgpState).to.equal('Established');
    expect(h.sessionsUp[0]).to.include({ holdTimeSec: 0, keepaliveTimeSec: 0 });
    h.advanceSec(24 * 3600);
    expect(h.state.bgpState).to.equal('Established');
    // Only the KEEPALIVE that answers the OPEN (§8.2.2 OpenSent) was sent.
    expect(h.sentKinds()).to.deep.equal(['OPEN', 'KEEPALIVE']);
  });

  it('the peer never sends its OPEN: the large HoldTimer (4 min) fires in OpenSent', () => {
    const h = new FsmHarness();
    h.feed({ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' });
    h.advanceSec(239);
    expect(h.state.bgpState).to.equal('OpenSent');
    h.advanceSec(1);
    expect(h.state.bgpState).to.equal('Idle');
    expect(h.sentKinds()).to.deep.equal(['OPEN', 'NOTIFICATION 4/0']);
  });

  it('disabling stops with Cease and does not come back; enabling starts at once', () => {
    const h = new FsmHarness();
    h.feed({ type: 'ManualStart' });
    establish(h);
    h.feed({ type: 'ManualStop', ceaseSubcode: 2 });
    expect(h.sentKinds().at(-1)).to.equal('NOTIFICATION 6/2');
    expect(h.state).to.include({ bgpState: 'Idle', automaticRestart: false, connectRetryCounter: 0 });
    expect(h.runner.runningTimers()).to.deep.equal([]);
    h.advanceSec(3600);
    expect(h.connectAttemptsAtMs).to.have.length(1);

    h.feed({ type: 'ManualStart' });
    expect(h.connectAttemptsAtMs).to.have.length(2);
  });

  it('disabling while waiting out IdleHoldTime cancels the pending restart', () => {
    const h = new FsmHarness();
    h.feed({ type: 'ManualStart' }, { type: 'TcpConnectionFails' });
    expect(h.runner.runningTimers()).to.deep.equal(['IdleHoldTimer']);
    h.feed({ type: 'ManualStop' });
    h.advanceSec(3600);
    expect(h.state.bgpState).to.equal('Idle');
    expect(h.connectAttemptsAtMs).to.have.length(1);
  });

  describe('connection collision (§6.8)', () => {
    const LOCAL_AS = 65001;
    const REMOTE_AS = 65002;

    /**
     * Our outgoing connection reaches OpenConfirm; then the peer's own connection comes in on a second FSM
     * and its OPEN arrives. The driver's rule 6 (driver-contract.ts) decides which one to dump.
     */
    function collide(localId: number, remoteId: number) {
      const clock = new FakeClock();
      const outgoing = new FsmHarness({ clock });
      const incoming = new FsmHarness({ clock });
      outgoing.feed({ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, peerOpen(90, remoteId));
      expect(outgoing.state.bgpState).to.equal('OpenConfirm');

      incoming.feed({ type: 'ManualStart_with_PassiveTcpEstablishment' }, { type: 'TcpConnectionConfirmed' });
      expect(incoming.state.bgpState).to.equal('OpenSent');
      const resolution = resolveCollision({
        localBgpIdentifier: localId,
        remoteBgpIdentifier: remoteId,
        localAs: LOCAL_AS,
        remoteAs: REMOTE_AS,
        arrivingInitiatedBy: 'remote',
        otherState: outgoing.state.bgpState,
      });
      if (resolution === 'DumpArriving') {
        incoming.feed({ type: 'OpenCollisionDump' });
      } else {
        incoming.feed(peerOpen(90, remoteId));
        outgoing.feed({ type: 'OpenCollisionDump' });
      }
      return { outgoing, incoming, resolution };
    }

    it('the peer has the higher identifier: our connection is dumped with Cease 6/7, theirs carries on', () => {
      const { outgoing, incoming, resolution } = collide(0x0a000001, 0x0a000002);
      expect(resolution).to.equal('DumpOther');
      expect(outgoing.state.bgpState).to.equal('Idle');
      expect(outgoing.sentKinds().at(-1)).to.equal('NOTIFICATION 6/7');
      // The loser does not restart itself: the peer is served by the other connection.
      expect(outgoing.runner.runningTimers()).to.deep.equal([]);
      incoming.feed({ type: 'KeepAliveMsg' });
      expect(incoming.state.bgpState).to.equal('Established');
      expect(incoming.state.peerBgpIdentifier).to.equal(0x0a000002);
    });

    it('we have the higher identifier: the incoming connection is dumped, ours reaches Established', () => {
      const { outgoing, incoming, resolution } = collide(0x0a000009, 0x0a000002);
      expect(resolution).to.equal('DumpArriving');
      expect(incoming.state.bgpState).to.equal('Idle');
      expect(incoming.sentKinds()).to.deep.equal(['OPEN', 'NOTIFICATION 6/7']);
      expect(incoming.runner.runningTimers()).to.deep.equal([]);
      outgoing.feed({ type: 'KeepAliveMsg' });
      expect(outgoing.state.bgpState).to.equal('Established');
    });

    it('a connection arriving for an Established session is dumped, the session is untouched', () => {
      const h = new FsmHarness();
      h.feed({ type: 'ManualStart' });
      establish(h);
      h.feed({ type: 'TcpConnection_Valid' }); // tracked by the driver only
      expect(h.state.bgpState).to.equal('Established');
      const resolution = resolveCollision({
        localBgpIdentifier: 1,
        remoteBgpIdentifier: 2,
        localAs: LOCAL_AS,
        remoteAs: REMOTE_AS,
        arrivingInitiatedBy: 'remote',
        otherState: h.state.bgpState,
      });
      expect(resolution).to.equal('DumpArriving');
    });
  });
});
