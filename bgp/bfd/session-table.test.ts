import { expect } from 'chai';

import { FakeClock } from '../../common/index.js';
import { expectTwillError } from '../../common/testing/expect-error.js';
import { BFD_DEFAULTS } from './bfd-config.js';
import { decodeControlPacket, encodeControlPacket, type BfdPacketFields } from './control-packet.js';
import { BfdSession } from './session.js';
import { BfdSessionTable } from './session-table.js';

const FROM_PEER: BfdPacketFields = {
  diag: 0,
  state: 'Down',
  poll: false,
  final: false,
  controlPlaneIndependent: false,
  demand: false,
  detectMult: 3,
  myDiscriminator: 77,
  yourDiscriminator: 0,
  desiredMinTxUs: 1_000_000,
  requiredMinRxUs: 300_000,
  requiredMinEchoRxUs: 0,
};

describe('bgp/bfd session table (demultiplexing, RFC 5880 §6.3)', () => {
  const clock = new FakeClock();
  const table = new BfdSessionTable();
  const mk = () =>
    new BfdSession({
      config: BFD_DEFAULTS,
      localDiscriminator: table.allocateDiscriminator(),
      clock,
      send: () => undefined,
    });
  const s1 = mk();
  table.add({ peer: '10.0.0.1', multihop: false }, s1);
  const s2 = mk();
  table.add({ peer: '10.0.0.1', multihop: true }, s2);

  it('gives distinct nonzero discriminators', () => {
    expect(s1.localDiscriminator).to.not.equal(0);
    expect(s1.localDiscriminator).to.not.equal(s2.localDiscriminator);
  });

  it('selects by source address and hop mode while Your Discriminator is 0', () => {
    const raw = encodeControlPacket(FROM_PEER);
    expect(table.dispatch(decodeControlPacket(raw), raw, { peer: '10.0.0.1', multihop: false })).to.equal(s1);
    expect(table.dispatch(decodeControlPacket(raw), raw, { peer: '10.0.0.1', multihop: true })).to.equal(s2);
    expect(s1.state).to.equal('Init');
    expectTwillError(
      () => table.select(decodeControlPacket(raw), { peer: '10.0.0.9', multihop: false }),
      'NO_SESSION',
    );
  });

  it('selects by Your Discriminator, and drops it from another address', () => {
    const raw = encodeControlPacket({
      ...FROM_PEER,
      state: 'Init',
      yourDiscriminator: s1.localDiscriminator,
    });
    expect(table.select(decodeControlPacket(raw), { peer: '10.0.0.1', multihop: false })).to.equal(s1);
    expectTwillError(
      () => table.select(decodeControlPacket(raw), { peer: '10.0.0.2', multihop: false }),
      'NO_SESSION',
      'belongs to',
    );
    const unknown = encodeControlPacket({ ...FROM_PEER, state: 'Init', yourDiscriminator: 12345 });
    expectTwillError(
      () => table.select(decodeControlPacket(unknown), { peer: '10.0.0.1', multihop: false }),
      'NO_SESSION',
    );
  });

  it('refuses a second session for the same peer, and forgets removed ones', () => {
    expectTwillError(() => table.add({ peer: '10.0.0.1', multihop: false }, mk()), 'INVALID_CONFIG');
    expect(table.remove({ peer: '10.0.0.1', multihop: true })).to.equal(s2);
    expect(table.size).to.equal(1);
  });
});
