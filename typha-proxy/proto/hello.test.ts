import { expect } from 'chai';

import {
  agreeFeatures,
  chooseVersion,
  decodeClientHello,
  decodeServerHello,
  encodeClientHello,
  encodeServerHello,
} from './hello.js';
import { protocolErrorCode as codeOf } from '../testing/protocol-error-code.js';

describe('typha hello', () => {
  it('round-trips a client hello, positions as decimal strings', () => {
    const hello = {
      versions: [1, 2],
      features: ['deflate', 'future-thing'],
      kinds: ['IPPool' as const],
      resume: { epoch: 'abc', position: 2 ** 50 },
      name: 'node-1',
    };
    const wire = encodeClientHello(hello);
    expect(JSON.parse(wire.toString()).resume.position).to.equal(String(2 ** 50));
    expect(decodeClientHello(wire)).to.deep.equal(hello);
  });

  it('ignores unknown fields and unknown kinds (a newer client), and rejects wrong shapes', () => {
    const hello = decodeClientHello(
      Buffer.from('{"versions":[1],"features":[],"kinds":["IPPool","Gadget"],"x":1}'),
    );
    expect(hello.kinds).to.deep.equal(['IPPool']);
    expect(codeOf(() => decodeClientHello(Buffer.from('[1]')))).to.equal('MALFORMED_FRAME');
    expect(codeOf(() => decodeClientHello(Buffer.from('{"versions":"1","features":[]}')))).to.equal(
      'MALFORMED_FRAME',
    );
    expect(
      codeOf(() =>
        decodeClientHello(Buffer.from('{"versions":[1],"features":[],"resume":{"epoch":"a","position":-1}}')),
      ),
    ).to.equal('MALFORMED_FRAME');
  });

  it('chooses the highest common version or refuses', () => {
    expect(chooseVersion([1, 5])).to.equal(1);
    expect(codeOf(() => chooseVersion([2, 3]))).to.equal('UNSUPPORTED_VERSION');
    expect(codeOf(() => chooseVersion([]))).to.equal('UNSUPPORTED_VERSION');
  });

  it('agrees only on features both sides advertised', () => {
    expect(agreeFeatures(['deflate', 'resume', 'kinds'], ['kinds', 'brotli', 'deflate'])).to.deep.equal([
      'deflate',
      'kinds',
    ]);
  });

  it('round-trips a server hello and refuses a version this side does not speak', () => {
    const hello = {
      version: 1 as const,
      features: ['resume' as const],
      epoch: 'e',
      start: 'resume' as const,
    };
    expect(decodeServerHello(encodeServerHello(hello))).to.deep.equal(hello);
    expect(
      codeOf(() =>
        decodeServerHello(Buffer.from('{"version":9,"features":[],"epoch":"e","start":"snapshot"}')),
      ),
    ).to.equal('UNSUPPORTED_VERSION');
  });
});
