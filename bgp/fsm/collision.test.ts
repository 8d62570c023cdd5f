import { expect } from 'chai';

import { expectTwillError } from '../../common/testing/expect-error.js';
import { resolveCollision, type CollisionInput } from './collision.js';
import { BGP_STATES } from './states.js';

const LOW = 0x0a000001; // 10.0.0.1
const HIGH = 0x0a000002; // 10.0.0.2
const ABOVE_SIGNED = 0xc0a80001; // 192.168.0.1: above 2^31, must not compare as negative

function input(overrides: Partial<CollisionInput>): CollisionInput {
  return {
    localBgpIdentifier: LOW,
    remoteBgpIdentifier: HIGH,
    localAs: 65001,
    remoteAs: 65002,
    arrivingInitiatedBy: 'remote',
    otherState: 'OpenConfirm',
    ...overrides,
  };
}

describe('resolveCollision (RFC 4271 §6.8)', () => {
  it('keeps the connection initiated by the higher BGP Identifier', () => {
    // Remote is higher: its connection (the arriving one here) survives, ours is dumped.
    expect(resolveCollision(input({ arrivingInitiatedBy: 'remote' }))).to.equal('DumpOther');
    expect(resolveCollision(input({ arrivingInitiatedBy: 'local' }))).to.equal('DumpArriving');
    // Local is higher: our connection survives.
    const localHigh = { localBgpIdentifier: HIGH, remoteBgpIdentifier: LOW };
    expect(resolveCollision(input({ ...localHigh, arrivingInitiatedBy: 'remote' }))).to.equal('DumpArriving');
    expect(resolveCollision(input({ ...localHigh, arrivingInitiatedBy: 'local' }))).to.equal('DumpOther');
  });

  it('compares identifiers as unsigned 32-bit integers', () => {
    const r = resolveCollision(
      input({ localBgpIdentifier: ABOVE_SIGNED, remoteBgpIdentifier: LOW, arrivingInitiatedBy: 'local' }),
    );
    expect(r).to.equal('DumpOther');
  });

  it('both speakers, deciding alone, keep the same connection', () => {
    for (const [a, b] of [
      [LOW, HIGH],
      [HIGH, LOW],
      [ABOVE_SIGNED, LOW],
    ] as const) {
      // Connection X was opened by A; connection Y by B. A sees the OPEN on Y arrive while X is in
      // OpenConfirm; B sees the OPEN on X arrive while Y is in OpenConfirm.
      const atA = resolveCollision(
        input({ localBgpIdentifier: a, remoteBgpIdentifier: b, arrivingInitiatedBy: 'remote' }),
      );
      const atB = resolveCollision(
        input({ localBgpIdentifier: b, remoteBgpIdentifier: a, arrivingInitiatedBy: 'remote' }),
      );
      const survivorAtA = atA === 'DumpArriving' ? 'X' : 'Y';
      const survivorAtB = atB === 'DumpArriving' ? 'Y' : 'X';
      expect(survivorAtA, `A=${a} B=${b}`).to.equal(survivorAtB);
    }
  });

  it('breaks equal identifiers on the AS number (RFC 6286 §2.3), and keeps the existing one if both are equal', () => {
    const same = { localBgpIdentifier: HIGH, remoteBgpIdentifier: HIGH };
    expect(
      resolveCollision(input({ ...same, localAs: 65010, remoteAs: 65002, arrivingInitiatedBy: 'local' })),
    ).to.equal('DumpOther');
    expect(
      resolveCollision(input({ ...same, localAs: 65001, remoteAs: 65002, arrivingInitiatedBy: 'local' })),
    ).to.equal('DumpArriving');
    expect(resolveCollision(input({ ...same, localAs: 65001, remoteAs: 65001 }))).to.equal('DumpArriving');
  });

  it('only resolves against OpenConfirm, and against Established only when asked to', () => {
    for (const otherState of BGP_STATES) {
      const r = resolveCollision(input({ otherState, arrivingInitiatedBy: 'remote' }));
      const expected =
        otherState === 'OpenConfirm'
          ? 'DumpOther'
          : otherState === 'Established'
            ? 'DumpArriving'
            : 'NoCollision';
      expect(r, otherState).to.equal(expected);
    }
    // With CollisionDetectEstablishedState the Established connection can lose too.
    expect(
      resolveCollision(input({ otherState: 'Established', collisionDetectEstablishedState: true })),
    ).to.equal('DumpOther');
  });

  it('refuses identifiers that are not unsigned 32-bit integers', () => {
    expectTwillError(() => resolveCollision(input({ remoteBgpIdentifier: -1 })), 'INVALID_BGP_IDENTIFIER');
    expectTwillError(
      () => resolveCollision(input({ localBgpIdentifier: 2 ** 32 })),
      'INVALID_BGP_IDENTIFIER',
    );
  });
});
