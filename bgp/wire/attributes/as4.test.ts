import { expect } from 'chai';
import { IPv4Address } from '../../../common/index.js';
import { encodeMessage } from '../encode.js';
import type { UpdateMessage } from '../model.js';
import { attribute, CTX2, decodeOk, ipv4Nlri, nlri4, updateFrame } from '../testing/build.js';
import { countAsNumbers, mergeAs4Path } from './as4.js';
import { splitUpdate } from '../testing/mutate.js';
import type { AsPathSegment } from './types.js';

const seq = (...asns: number[]): AsPathSegment => ({ type: 'as-sequence', asns });
const set = (...asns: number[]): AsPathSegment => ({ type: 'as-set', asns });
const confed = (...asns: number[]): AsPathSegment => ({ type: 'as-confed-sequence', asns });

const origin = attribute(0x40, 1, '00');
const nextHop = attribute(0x40, 3, '0a000001');

/** Decodes an UPDATE from an OLD speaker with the given raw AS_PATH / AS4_PATH / aggregator values. */
function fromOldSpeaker(values: {
  asPath: string;
  as4Path?: string;
  aggregator?: string;
  as4Aggregator?: string;
}) {
  const attributes = [origin, attribute(0x40, 2, values.asPath), nextHop];
  if (values.aggregator !== undefined) attributes.push(attribute(0xc0, 7, values.aggregator));
  if (values.as4Path !== undefined) attributes.push(attribute(0xc0, 17, values.as4Path));
  if (values.as4Aggregator !== undefined) attributes.push(attribute(0xc0, 18, values.as4Aggregator));
  const r = decodeOk(updateFrame({ attributes, nlri: ipv4Nlri('10.0.0.0/8') }), CTX2);
  expect(r.report?.findings.map((f) => f.message)).to.deep.equal([]);
  return r.message.type === 'update' ? r.message.attributes : expect.fail('not an UPDATE');
}

describe('RFC 6793 between NEW and OLD speakers', () => {
  describe('§4.2.3 receiving: AS_PATH and AS4_PATH merged', () => {
    it('the leading AS numbers of AS_PATH, then AS4_PATH', () => {
      const attrs = fromOldSpeaker({ asPath: '02 03 fde9 5ba0 5ba0', as4Path: '02 02 fa56ea01 fa56ea02' });
      expect(attrs.asPath).to.deep.equal([seq(65001, 4200000001, 4200000002)]);
    });
    it('AS4_PATH is ignored when AS_PATH has fewer AS numbers', () => {
      const attrs = fromOldSpeaker({ asPath: '02 01 5ba0', as4Path: '02 02 fa56ea01 fa56ea02' });
      expect(attrs.asPath).to.deep.equal([seq(23456)]);
    });
    it('an AS_SET counts as one AS number', () => {
      expect(countAsNumbers([seq(1, 2), set(3, 4, 5), confed(6, 7)])).to.equal(3);
      const attrs = fromOldSpeaker({
        asPath: '02 01 fde9 01 02 5ba0 fdea',
        as4Path: '01 02 fa56ea01 0000fdea',
      });
      expect(attrs.asPath).to.deep.equal([seq(65001), set(4200000001, 65002)]);
    });
    it('a leading confederation segment is kept, and not counted', () => {
      expect(mergeAs4Path([confed(64512), seq(65001, 23456)], [seq(4200000001)])).to.deep.equal([
        confed(64512),
        seq(65001, 4200000001),
      ]);
    });
    it('AGGREGATOR with AS_TRANS: AS4_AGGREGATOR is the aggregator', () => {
      const attrs = fromOldSpeaker({
        asPath: '02 01 5ba0',
        aggregator: '5ba0 0aff0001',
        as4Path: '02 01 fa56ea01',
        as4Aggregator: 'fa56ea01 0aff0001',
      });
      expect(attrs.aggregator).to.deep.equal({ asn: 4200000001, address: IPv4Address.parse('10.255.0.1') });
      expect(attrs.asPath).to.deep.equal([seq(4200000001)]);
    });
    it('AGGREGATOR without AS_TRANS next to AS4_AGGREGATOR: both AS4_* attributes are ignored', () => {
      const attrs = fromOldSpeaker({
        asPath: '02 02 fde9 5ba0',
        aggregator: 'fde9 0aff0001',
        as4Path: '02 01 fa56ea01',
        as4Aggregator: 'fa56ea01 0aff0001',
      });
      expect(attrs.aggregator).to.deep.equal({ asn: 65001, address: IPv4Address.parse('10.255.0.1') });
      expect(attrs.asPath).to.deep.equal([seq(65001, 23456)]);
    });
    it('§3: confederation segments in AS4_PATH are discarded and the rest is used', () => {
      const attrs = fromOldSpeaker({ asPath: '02 02 fde9 5ba0', as4Path: '03 01 0000fc00 02 01 fa56ea01' });
      expect(attrs.asPath).to.deep.equal([seq(65001, 4200000001)]);
    });
  });

  describe('§4.2.2 sending to an OLD speaker', () => {
    const message: UpdateMessage = {
      type: 'update',
      withdrawnRoutes: [],
      attributes: {
        origin: 'igp',
        asPath: [seq(65001, 4200000001)],
        nextHop: IPv4Address.parse('10.0.0.1'),
        aggregator: { asn: 4200000001, address: IPv4Address.parse('10.255.0.1') },
      },
      nlri: [nlri4('10.0.0.0/8')],
    };
    const attributesOf = (bytes: Buffer) =>
      (splitUpdate(bytes)?.attributes ?? []).map((a) => a.toString('hex'));

    it('AS_TRANS in AS_PATH and AGGREGATOR, the real AS numbers in AS4_PATH and AS4_AGGREGATOR', () => {
      const bytes = encodeMessage(message, CTX2);
      expect(attributesOf(bytes)).to.deep.equal([
        '400101' + '00',
        '400206' + '0202fde95ba0',
        '400304' + '0a000001',
        'c00706' + '5ba00aff0001',
        'c0110a' + '0202' + '0000fde9fa56ea01',
        'c01208' + 'fa56ea010aff0001',
      ]);
      expect(decodeOk(bytes, CTX2).message).to.deep.equal(message);
    });
    it('no AS4_PATH when every AS number fits 2 octets', () => {
      const small: UpdateMessage = {
        ...message,
        attributes: { ...message.attributes, asPath: [seq(65001)], aggregator: undefined },
      };
      const bytes = encodeMessage(small, CTX2);
      expect(attributesOf(bytes).some((a) => a.startsWith('c011'))).to.equal(false);
    });
    it('§3: confederation segments stay out of AS4_PATH', () => {
      const withConfed: UpdateMessage = {
        ...message,
        attributes: { ...message.attributes, asPath: [confed(64512), seq(4200000001)] },
      };
      const as4 = attributesOf(encodeMessage(withConfed, CTX2)).find((a) => a.startsWith('c011'));
      expect(as4).to.equal('c01106' + '0201fa56ea01');
    });
  });
});
