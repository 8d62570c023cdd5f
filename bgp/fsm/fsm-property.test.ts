import { expect } from 'chai';
import fc from 'fast-check';

import type { FsmEvent } from './events.js';
import { FsmHarness } from './testing/fsm-harness.js';
import { TIMERS_BY_STATE } from './transition.js';

const simpleEvents = [
  'ManualStart',
  'AutomaticStart',
  'ManualStart_with_PassiveTcpEstablishment',
  'AutomaticStart_with_PassiveTcpEstablishment',
  'ConnectRetryTimer_Expires',
  'HoldTimer_Expires',
  'KeepaliveTimer_Expires',
  'IdleHoldTimer_Expires',
  'IdleHoldResetTimer_Expires',
  'TcpConnection_Valid',
  'Tcp_CR_Acked',
  'TcpConnectionConfirmed',
  'TcpConnectionFails',
  'OpenCollisionDump',
  'NotifMsgVerErr',
  'KeepAliveMsg',
  'UpdateMsg',
] as const;

type Input = { kind: 'event'; event: FsmEvent } | { kind: 'advance'; sec: number };

const eventArb: fc.Arbitrary<FsmEvent> = fc.oneof(
  fc.constantFrom(...simpleEvents).map((type): FsmEvent => ({ type })),
  fc
    .record({ holdTimeSec: fc.constantFrom(0, 1, 2, 3, 9, 90, 240), bgpIdentifier: fc.nat() })
    .map((open): FsmEvent => ({ type: 'BGPOpen', open })),
  fc.constantFrom<FsmEvent>(
    { type: 'ManualStop' },
    { type: 'AutomaticStop', ceaseSubcode: 1 },
    { type: 'BGPHeaderErr', subcode: 2 },
    { type: 'BGPOpenMsgErr', subcode: 2 },
    { type: 'NotifMsg', code: 6, subcode: 2 },
    { type: 'UpdateMsgErr', subcode: 1 },
  ),
);

const inputArb: fc.Arbitrary<Input> = fc.oneof(
  { weight: 4, arbitrary: eventArb.map((event): Input => ({ kind: 'event', event })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 300 }).map((sec): Input => ({ kind: 'advance', sec })) },
);

describe('FSM properties (fast-check): any sequence of events and time', () => {
  it('never throws and keeps its invariants after every input', () => {
    fc.assert(
      fc.property(
        fc.array(inputArb, { maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (inputs, r) => {
          const h = new FsmHarness({
            random: () => r,
            config: { idleHoldTimeSec: 2, maxIdleHoldTimeSec: 16 },
          });
          for (const input of inputs) {
            if (input.kind === 'event') h.feed(input.event);
            else h.advanceSec(input.sec);
            const s = h.state;
            const where = `${s.bgpState} after ${input.kind === 'event' ? input.event.type : `${input.sec}s`}`;
            // Only the timers that belong to the state run (nothing leaks across transitions).
            for (const timer of h.runner.runningTimers())
              expect(TIMERS_BY_STATE[s.bgpState], where).to.include(timer);
            // Negotiated timers exist exactly while an OPEN has been accepted.
            expect(s.negotiated !== undefined, where).to.equal(
              s.bgpState === 'OpenConfirm' || s.bgpState === 'Established',
            );
            // Session up/down signals pair up, and match the state.
            const up = h.sessionsUp.length - h.sessionsDown.length;
            expect(up, where).to.equal(s.bgpState === 'Established' ? 1 : 0);
            // Damping stays within its bounds.
            expect(s.idleHoldTimeSec, where).to.be.within(2, 16);
            // Stopped on purpose: nothing is scheduled to bring it back.
            if (s.bgpState === 'Idle' && !s.automaticRestart)
              expect(h.runner.runningTimers(), where).to.deep.equal([]);
            // A negotiated Hold Time is never 1 or 2 s, and KEEPALIVEs run only with a non-zero one.
            if (s.negotiated !== undefined) {
              expect([1, 2], where).to.not.include(s.negotiated.holdTimeSec);
              expect(s.negotiated.keepaliveTimeSec === 0, where).to.equal(s.negotiated.holdTimeSec === 0);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
