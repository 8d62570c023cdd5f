import { expect } from 'chai';

import { isTwillError } from '../../common/index.js';
import { parseBgpdConfig } from './config.js';

const base = (bfd: string) => `
localAs: 65010
routerId: 10.0.0.10
controlSocket: /tmp/bgpd.sock
peers:
  - address: 10.0.0.1
    asn: 65000
    bfd: ${bfd}
`;

function problems(text: string): string[] {
  try {
    parseBgpdConfig(text);
  } catch (err) {
    if (isTwillError(err, 'INVALID_CONFIG')) return (err.details?.problems as string[] | undefined) ?? [];
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}

describe('twill-bgpd config: peers[].bfd', () => {
  it('reads every field', () => {
    const c = parseBgpdConfig(
      base(
        '{ enabled: true, minTxMs: 100, minRxMs: 200, multiplier: 5, multihop: true, auth: { type: keyed-sha1, keyId: 7, secret: s3cret } }',
      ),
    );
    expect(c.peers[0]?.bfd).to.deep.equal({
      enabled: true,
      minTxMs: 100,
      minRxMs: 200,
      multiplier: 5,
      multihop: true,
      auth: { type: 'keyed-sha1', keyId: 7, secret: 's3cret' },
    });
  });

  it('treats a bare block as enabled with defaults, and enabled: false as off', () => {
    expect(parseBgpdConfig(base('{}')).peers[0]?.bfd).to.deep.equal({ enabled: true });
    expect(parseBgpdConfig(base('{ enabled: false }')).peers[0]?.bfd).to.deep.equal({ enabled: false });
  });

  it('names each bad field with its path', () => {
    expect(
      problems(
        base(
          '{ enabled: yes, minTxMs: 5, multiplier: 256, multihop: 1, speed: 3, auth: { type: md5, secret: "" } }',
        ),
      ),
    ).to.deep.equal([
      'peers[0].bfd.speed: unknown field (known: enabled, minTxMs, minRxMs, multiplier, multihop, auth)',
      'peers[0].bfd.enabled: must be true or false, got "yes"',
      'peers[0].bfd.minTxMs: must be an integer 10..60000, got 5',
      'peers[0].bfd.multiplier: must be an integer 1..255, got 256',
      'peers[0].bfd.multihop: must be true or false, got 1',
      'peers[0].bfd.auth.type: must be one of simple-password, keyed-md5, meticulous-keyed-md5, keyed-sha1, meticulous-keyed-sha1, got "md5"',
      'peers[0].bfd.auth.secret: must be a non-empty string, got ""',
    ]);
    expect(problems(base('{ auth: { type: simple-password, secret: "seventeen-bytes!!" } }'))).to.deep.equal([
      'peers[0].bfd.auth.secret: must be 1..16 bytes for simple-password, got 17',
    ]);
  });
});
