import { expect } from 'chai';

import { expectTwillError } from '../../common/testing/expect-error.js';
import { decodeControlPacket, encodeControlPacket, type BfdPacketFields } from './control-packet.js';

const UP: BfdPacketFields = {
  diag: 0,
  state: 'Up',
  poll: true,
  final: false,
  controlPlaneIndependent: false,
  demand: false,
  detectMult: 3,
  myDiscriminator: 0x01020304,
  yourDiscriminator: 0xa0b0c0d0,
  desiredMinTxUs: 300_000,
  requiredMinRxUs: 300_000,
  requiredMinEchoRxUs: 0,
};

describe('bgp/bfd control packet (RFC 5880 §4.1)', () => {
  it('encodes the mandatory section bit for bit', () => {
    const b = encodeControlPacket(UP);
    // Vers 1, Diag 0 | Sta 3 (Up) P=1 | Detect Mult 3 | Length 24
    expect(b.toString('hex')).to.equal(
      '20' + 'e0' + '03' + '18' + '01020304' + 'a0b0c0d0' + '000493e0' + '000493e0' + '00000000',
    );
  });

  it('decodes what it encodes, every flag and field', () => {
    const fields: BfdPacketFields = {
      ...UP,
      diag: 7,
      state: 'AdminDown',
      poll: false,
      final: true,
      controlPlaneIndependent: true,
      demand: true,
      yourDiscriminator: 0,
      requiredMinEchoRxUs: 50_000,
    };
    const p = decodeControlPacket(encodeControlPacket(fields));
    expect(p).to.deep.equal({ ...fields, version: 1, multipoint: false });
  });

  it('discards what §6.8.6 says to discard, with a code', () => {
    const good = encodeControlPacket(UP);
    const bad = (mutate: (b: Buffer) => void) => {
      const b = Buffer.from(good);
      mutate(b);
      return () => decodeControlPacket(b);
    };
    expectTwillError(() => decodeControlPacket(good.subarray(0, 23)), 'BAD_LENGTH', 'shorter than');
    expectTwillError(
      bad((b) => (b[0] = 0x40)),
      'BAD_VERSION',
      'version 2',
    );
    expectTwillError(
      bad((b) => (b[3] = 20)),
      'BAD_LENGTH',
      'below 24',
    );
    expectTwillError(
      bad((b) => (b[3] = 30)),
      'BAD_LENGTH',
      'larger than',
    );
    expectTwillError(
      bad((b) => (b[2] = 0)),
      'ZERO_DETECT_MULT',
    );
    expectTwillError(
      bad((b) => (b[1] = (b[1] as number) | 1)),
      'MULTIPOINT',
    );
    expectTwillError(
      bad((b) => b.writeUInt32BE(0, 4)),
      'ZERO_MY_DISCRIMINATOR',
    );
    expectTwillError(
      bad((b) => b.writeUInt32BE(0, 8)),
      'ZERO_YOUR_DISCRIMINATOR',
      'state Up',
    );
    // A bit set but no room for an authentication section.
    expectTwillError(
      bad((b) => (b[1] = (b[1] as number) | 4)),
      'BAD_LENGTH',
      'below 26',
    );
  });

  it('accepts Your Discriminator 0 in Down (the first packets of a session)', () => {
    const p = decodeControlPacket(encodeControlPacket({ ...UP, state: 'Down', yourDiscriminator: 0 }));
    expect(p.state).to.equal('Down');
  });

  it('ignores bytes after Length (a larger UDP payload)', () => {
    const b = Buffer.concat([encodeControlPacket(UP), Buffer.from([1, 2, 3])]);
    expect(decodeControlPacket(b).myDiscriminator).to.equal(0x01020304);
  });
});
