import { expect } from 'chai';

import { expectTwillError } from '../../common/testing/expect-error.js';
import type { FsmAction } from './actions.js';
import { fsmConfig } from './config.js';
import type { FsmEvent } from './events.js';
import { initialFsmState, type FsmState } from './fsm-state.js';
import { step } from './step.js';
import type { BgpState } from './states.js';

const config = fsmConfig({ holdTimeSec: 90, connectRetryTimeSec: 120, idleHoldTimeSec: 5 });
const ctx = { config };

/** Drives a fresh FSM through `events` and returns the state reached. */
function reach(...events: FsmEvent[]): FsmState {
  let s = initialFsmState(config);
  for (const e of events) s = step(s, e, ctx).state;
  return s;
}

const OPEN: FsmEvent = { type: 'BGPOpen', open: { holdTimeSec: 90, bgpIdentifier: 2 } };
const AT: Record<BgpState, FsmEvent[]> = {
  Idle: [],
  Connect: [{ type: 'ManualStart' }],
  // Connected, then the connection failed before the peer's OPEN (§8.2.2 OpenSent, TcpConnectionFails).
  Active: [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, { type: 'TcpConnectionFails' }],
  OpenSent: [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }],
  OpenConfirm: [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, OPEN],
  Established: [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, OPEN, { type: 'KeepAliveMsg' }],
};

const kinds = (actions: readonly FsmAction[]) =>
  actions.map((a) =>
    a.type === 'StartTimer'
      ? `Start ${a.timer} ${a.durationSec}`
      : a.type === 'StopTimer'
        ? `Stop ${a.timer}`
        : a.type === 'SendNotification'
          ? `NOTIFICATION ${a.notification.code}/${a.notification.subcode}`
          : a.type,
  );

describe('step(): RFC 4271 §8.2.2 transitions', () => {
  it('reaches each state the way the RFC does', () => {
    for (const [state, events] of Object.entries(AT))
      expect(reach(...events).bgpState, state).to.equal(state);
  });

  it('Idle + ManualStart: ConnectRetryTimer, connect, Connect', () => {
    const { state, actions } = step(reach(), { type: 'ManualStart' }, ctx);
    expect(state.bgpState).to.equal('Connect');
    expect(kinds(actions)).to.deep.equal([
      'Stop IdleHoldTimer',
      'Start ConnectRetryTimer 120',
      'InitiateTcpConnection',
    ]);
  });

  it('Connect + TcpConnectionConfirmed: OPEN, large HoldTimer, OpenSent', () => {
    const { state, actions } = step(reach(...AT.Connect), { type: 'TcpConnectionConfirmed' }, ctx);
    expect(state.bgpState).to.equal('OpenSent');
    expect(kinds(actions)).to.deep.equal(['Stop ConnectRetryTimer', 'SendOpen', 'Start HoldTimer 240']);
  });

  it('Connect + ConnectRetryTimer_Expires: drop, restart the timer, connect again, stay', () => {
    const { state, actions } = step(reach(...AT.Connect), { type: 'ConnectRetryTimer_Expires' }, ctx);
    expect(state.bgpState).to.equal('Connect');
    expect(kinds(actions)).to.deep.equal([
      'DropTcpConnection',
      'Start ConnectRetryTimer 120',
      'InitiateTcpConnection',
    ]);
  });

  it('Active + ConnectRetryTimer_Expires: connect, Connect', () => {
    const { state, actions } = step(reach(...AT.Active), { type: 'ConnectRetryTimer_Expires' }, ctx);
    expect(state.bgpState).to.equal('Connect');
    expect(kinds(actions)).to.deep.equal(['Start ConnectRetryTimer 120', 'InitiateTcpConnection']);
  });

  it('OpenSent + BGPOpen: KEEPALIVE, negotiated timers, OpenConfirm with the peer identifier', () => {
    const { state, actions } = step(
      reach(...AT.OpenSent),
      { type: 'BGPOpen', open: { holdTimeSec: 30, bgpIdentifier: 7 } },
      ctx,
    );
    expect(state).to.include({ bgpState: 'OpenConfirm', peerBgpIdentifier: 7 });
    expect(state.negotiated).to.deep.equal({ holdTimeSec: 30, keepaliveTimeSec: 10 });
    expect(kinds(actions)).to.deep.equal(['SendKeepalive', 'Start KeepaliveTimer 10', 'Start HoldTimer 30']);
  });

  it('OpenSent + TcpConnectionFails: back to Active, ConnectRetryTimer restarted', () => {
    const { state, actions } = step(reach(...AT.OpenSent), { type: 'TcpConnectionFails' }, ctx);
    expect(state.bgpState).to.equal('Active');
    expect(kinds(actions)).to.deep.equal([
      'Stop HoldTimer',
      'DropTcpConnection',
      'ReleaseResources',
      'Start ConnectRetryTimer 120',
    ]);
  });

  it('OpenConfirm + KeepAliveMsg: Established, HoldTimer restarted, session up', () => {
    const { state, actions } = step(reach(...AT.OpenConfirm), { type: 'KeepAliveMsg' }, ctx);
    expect(state.bgpState).to.equal('Established');
    expect(kinds(actions)).to.deep.equal([
      'Start HoldTimer 90',
      'Start IdleHoldResetTimer 60',
      'SessionEstablished',
    ]);
  });

  it('Established + UpdateMsg: process it and restart the HoldTimer', () => {
    const { state, actions } = step(reach(...AT.Established), { type: 'UpdateMsg' }, ctx);
    expect(state.bgpState).to.equal('Established');
    expect(kinds(actions)).to.deep.equal(['ProcessUpdate', 'Start HoldTimer 90']);
  });

  it('Established + UpdateMsgErr: NOTIFICATION 3/subcode with data, routes dropped, damped restart', () => {
    const data = new Uint8Array([1, 2]);
    const { state, actions } = step(
      reach(...AT.Established),
      { type: 'UpdateMsgErr', subcode: 11, data },
      ctx,
    );
    expect(state).to.include({ bgpState: 'Idle', connectRetryCounter: 1, idleHoldTimeSec: 10 });
    expect(kinds(actions)).to.deep.equal([
      'NOTIFICATION 3/11',
      'Stop HoldTimer',
      'Stop KeepaliveTimer',
      'Stop IdleHoldResetTimer',
      'DropTcpConnection',
      'ReleaseResources',
      'SessionDown',
      'Start IdleHoldTimer 5',
    ]);
    expect(actions[0]).to.deep.equal({
      type: 'SendNotification',
      notification: { code: 3, subcode: 11, data },
    });
  });

  it('unexpected messages get FSM Error with the RFC 6608 subcode of the state', () => {
    const cases: Array<[BgpState, FsmEvent, string]> = [
      ['OpenSent', { type: 'KeepAliveMsg' }, 'NOTIFICATION 5/1'],
      ['OpenSent', { type: 'UpdateMsg' }, 'NOTIFICATION 5/1'],
      ['OpenConfirm', { type: 'UpdateMsg' }, 'NOTIFICATION 5/2'],
      ['OpenConfirm', OPEN, 'NOTIFICATION 5/2'],
      ['Established', OPEN, 'NOTIFICATION 5/3'],
      // Not a message: unspecific subcode 0.
      ['OpenSent', { type: 'ConnectRetryTimer_Expires' }, 'NOTIFICATION 5/0'],
    ];
    for (const [state, event, expected] of cases) {
      const { state: next, actions } = step(reach(...AT[state]), event, ctx);
      expect(next.bgpState, `${state} + ${event.type}`).to.equal('Idle');
      expect(kinds(actions)[0], `${state} + ${event.type}`).to.equal(expected);
    }
  });

  it('a NOTIFICATION received is never answered with one', () => {
    for (const state of ['OpenSent', 'OpenConfirm', 'Established'] as const) {
      const { state: next, actions } = step(
        reach(...AT[state]),
        { type: 'NotifMsg', code: 6, subcode: 4 },
        ctx,
      );
      expect(next.bgpState).to.equal('Idle');
      expect(next.lastDownCause?.received).to.deep.equal({ code: 6, subcode: 4 });
      expect(
        actions.some((a) => a.type === 'SendNotification'),
        state,
      ).to.equal(false);
    }
  });

  it('start events outside Idle change nothing', () => {
    for (const state of ['Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'] as const) {
      const before = reach(...AT[state]);
      for (const type of [
        'ManualStart',
        'AutomaticStart',
        'ManualStart_with_PassiveTcpEstablishment',
      ] as const) {
        expect(step(before, { type }, ctx)).to.deep.equal({ state: before, actions: [] });
      }
    }
  });

  it('Idle ignores everything but start events, ManualStop and its own IdleHoldTimer', () => {
    const idle = reach();
    for (const event of [
      { type: 'TcpConnectionConfirmed' },
      OPEN,
      { type: 'HoldTimer_Expires' },
    ] as FsmEvent[]) {
      expect(step(idle, event, ctx)).to.deep.equal({ state: idle, actions: [] });
    }
    // Without a start in force, an IdleHoldTimer expiry does not start anything.
    expect(step(idle, { type: 'IdleHoldTimer_Expires' }, ctx).state.bgpState).to.equal('Idle');
  });

  it('ManualStart clears damping; AutomaticStart keeps it', () => {
    const damped = reach(
      { type: 'ManualStart' },
      { type: 'TcpConnectionFails' },
      { type: 'IdleHoldTimer_Expires' },
      { type: 'TcpConnectionFails' },
    );
    expect(damped).to.include({ bgpState: 'Idle', idleHoldTimeSec: 20 });
    expect(step(damped, { type: 'AutomaticStart' }, ctx).state.idleHoldTimeSec).to.equal(20);
    expect(step(damped, { type: 'ManualStart' }, ctx).state.idleHoldTimeSec).to.equal(5);
  });

  it('without DampPeerOscillations the IdleHoldTime stays put', () => {
    const flat = { config: fsmConfig({ dampPeerOscillations: false, idleHoldTimeSec: 5 }) };
    let s = initialFsmState(flat.config);
    for (const e of [
      { type: 'ManualStart' },
      { type: 'TcpConnectionFails' },
      { type: 'IdleHoldTimer_Expires' },
      { type: 'TcpConnectionFails' },
    ] as FsmEvent[]) {
      s = step(s, e, flat).state;
    }
    expect(s.idleHoldTimeSec).to.equal(5);
  });
});

describe('fsmConfig', () => {
  it('refuses what RFC 4271 forbids, naming every problem', () => {
    expectTwillError(() => fsmConfig({ holdTimeSec: 2 }), 'INVALID_FSM_CONFIG', 'holdTimeSec', '§4.2');
    expectTwillError(
      () => fsmConfig({ connectRetryTimeSec: 0, idleHoldTimeSec: 10, maxIdleHoldTimeSec: 5 }),
      'INVALID_FSM_CONFIG',
      'connectRetryTimeSec',
      'maxIdleHoldTimeSec',
    );
  });
});
