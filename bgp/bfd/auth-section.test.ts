import { expect } from 'chai';

import { expectTwillError } from '../../common/testing/expect-error.js';
import { verifyAuthSection, type BfdAuthConfig } from './auth-section.js';
import { sequenceAcceptable } from './auth-sequence.js';
import { decodeControlPacket, encodeControlPacket, type BfdPacketFields } from './control-packet.js';

const FIELDS: BfdPacketFields = {
  diag: 0,
  state: 'Down',
  poll: false,
  final: false,
  controlPlaneIndependent: false,
  demand: false,
  detectMult: 3,
  myDiscriminator: 7,
  yourDiscriminator: 0,
  desiredMinTxUs: 1_000_000,
  requiredMinRxUs: 300_000,
  requiredMinEchoRxUs: 0,
};

describe('bgp/bfd authentication (RFC 5880 §4.2–§4.4, §6.7)', () => {
  const cases: [BfdAuthConfig, number][] = [
    [{ type: 'simple-password', keyId: 1, secret: 'pw' }, 24 + 5],
    [{ type: 'keyed-md5', keyId: 2, secret: 'md5key' }, 24 + 24],
    [{ type: 'meticulous-keyed-md5', keyId: 2, secret: 'md5key' }, 24 + 24],
    [{ type: 'keyed-sha1', keyId: 3, secret: 'sha1-key-of-20-bytes' }, 24 + 28],
    [{ type: 'meticulous-keyed-sha1', keyId: 3, secret: 's' }, 24 + 28],
  ];
  for (const [config, length] of cases) {
    it(`${config.type}: sets A and Length, and verifies only with the same key`, () => {
      const b = encodeControlPacket(FIELDS, { config, sequence: 41 });
      expect(b.length).to.equal(length);
      expect(b[3]).to.equal(length);
      expect((b[1] as number) & 4).to.equal(4);
      const p = decodeControlPacket(b);
      expect(p.auth?.type).to.equal(config.type);
      expect(p.auth?.keyId).to.equal(config.keyId);
      if (p.auth?.type !== 'simple-password') expect(p.auth?.sequence).to.equal(41);
      expect(verifyAuthSection(b, p.auth!, config)).to.equal(true);
      expect(verifyAuthSection(b, p.auth!, { ...config, secret: 'other' })).to.equal(false);
      expect(verifyAuthSection(b, p.auth!, { ...config, keyId: config.keyId + 1 })).to.equal(false);
      // Any change to the packet breaks a digest (a password does not cover the packet).
      const tampered = Buffer.from(b);
      tampered[2] = 4;
      if (config.type !== 'simple-password')
        expect(verifyAuthSection(tampered, decodeControlPacket(tampered).auth!, config)).to.equal(false);
    });
  }

  it('Keyed SHA1 digest is SHA1 over the packet with the zero-padded key in the digest field', async () => {
    const { createHash } = await import('node:crypto');
    const config: BfdAuthConfig = { type: 'keyed-sha1', keyId: 5, secret: 'abc' };
    const b = encodeControlPacket(FIELDS, { config, sequence: 1 });
    const withKey = Buffer.from(b);
    withKey.fill(0, 32);
    withKey.write('abc', 32);
    expect(b.subarray(32).toString('hex')).to.equal(createHash('sha1').update(withKey).digest('hex'));
  });

  it('refuses an unknown Auth Type and a wrong Auth Len', () => {
    const b = encodeControlPacket(FIELDS, {
      config: { type: 'keyed-md5', keyId: 1, secret: 'k' },
      sequence: 1,
    });
    const t = Buffer.from(b);
    t[24] = 9;
    expectTwillError(() => decodeControlPacket(t), 'BAD_AUTH', 'Auth Type 9');
    const l = Buffer.from(b);
    l[25] = 20;
    expectTwillError(() => decodeControlPacket(l), 'BAD_LENGTH', 'Auth Len 20');
  });

  it('keeps the sequence window: keyed [seq, seq+3M], meticulous (seq, seq+3M], modulo 2^32', () => {
    expect(sequenceAcceptable(undefined, 5, 3, true)).to.equal(true);
    expect(sequenceAcceptable(10, 10, 3, false)).to.equal(true);
    expect(sequenceAcceptable(10, 10, 3, true)).to.equal(false);
    expect(sequenceAcceptable(10, 19, 3, true)).to.equal(true);
    expect(sequenceAcceptable(10, 20, 3, false)).to.equal(false);
    expect(sequenceAcceptable(10, 9, 3, false)).to.equal(false);
    expect(sequenceAcceptable(0xffff_fffe, 2, 3, true)).to.equal(true);
  });
});
