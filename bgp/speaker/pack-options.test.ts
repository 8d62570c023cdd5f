import { expect } from 'chai';

import { IPv4Address, parsePrefix } from '../../common/index.js';
import { decodeMessage, DEFAULT_CONTEXT, Framer, type UpdateMessage } from '../wire/index.js';
import { packOptions } from './pack-options.js';

function update(prefixCount: number): UpdateMessage {
  const nlri = Array.from({ length: prefixCount }, (_, i) => ({
    prefix: parsePrefix(`10.${i >> 8}.${i & 255}.0/24`),
  }));
  return {
    type: 'update',
    withdrawnRoutes: [],
    attributes: { origin: 'igp', asPath: [], nextHop: IPv4Address.parse('192.0.2.1') },
    nlri: nlri as UpdateMessage['nlri'],
  };
}

describe('session packing', () => {
  it('sends the very bytes the packer measured, instead of encoding the UPDATE again', () => {
    const packing = packOptions(DEFAULT_CONTEXT);
    const message = update(10);
    const size = packing.sizeOf(message);
    const [first, ...rest] = packing.bytesOf(message);
    expect(rest).to.have.length(0);
    expect(first?.length).to.equal(size);
    expect(packing.bytesOf(message)[0]).to.equal(first); // the same Buffer object, not a new encoding
  });

  it('encodes (and splits to the limit) a message the packer never measured', () => {
    const packing = packOptions(DEFAULT_CONTEXT);
    const big = update(2000); // ~8 KB of NLRI: more than one 4096-octet message
    const frames = packing.bytesOf(big);
    expect(frames.length).to.be.greaterThan(1);
    const framer = new Framer();
    let prefixes = 0;
    for (const bytes of frames) {
      expect(bytes.length).to.be.at.most(packing.maxMessageLength);
      framer.push(bytes);
    }
    for (const result of framer.frames()) {
      if (!result.ok) throw new Error('a frame the framer refused');
      const decoded = decodeMessage(result.frame, DEFAULT_CONTEXT);
      if (decoded.ok && decoded.message.type === 'update') prefixes += decoded.message.nlri.length;
    }
    expect(prefixes).to.equal(2000);
  });
});
