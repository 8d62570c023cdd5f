import { expect } from 'chai';

import { isAllowedPeer, uriSans } from './peer-identity.js';

describe('peer identity', () => {
  it('extracts URI SANs, quoted ones included', () => {
    expect(
      uriSans('DNS:a.example, URI:spiffe://t/node, IP Address:10.0.0.1, URI:"spiffe://t/x,y"'),
    ).to.deep.equal(['spiffe://t/node', 'spiffe://t/x,y']);
    expect(uriSans('DNS:only')).to.deep.equal([]);
  });

  it('allows a matching CN or any matching URI SAN', () => {
    const allowed = { commonNames: ['node'], uriSans: ['spiffe://t/node'] };
    expect(isAllowedPeer({ commonName: 'node', uriSans: [] }, allowed)).to.equal(true);
    expect(
      isAllowedPeer({ commonName: 'x', uriSans: ['spiffe://t/other', 'spiffe://t/node'] }, allowed),
    ).to.equal(true);
    expect(isAllowedPeer({ commonName: 'x', uriSans: ['spiffe://t/other'] }, allowed)).to.equal(false);
    expect(isAllowedPeer({ commonName: undefined, uriSans: [] }, allowed)).to.equal(false);
    expect(isAllowedPeer({ commonName: 'x', uriSans: [] }, { commonNames: [], uriSans: [] })).to.equal(true);
  });
});
