import { expect } from 'chai';
import { IPv4Address } from '../../../common/index.js';
import { decodeMessage } from '../decode.js';
import { encodeMessage } from '../encode.js';
import { attributesOf, finding, nextHop, originIgp, route } from '../testing/attribute-cases.js';
import { attribute, CTX2, CTX4, hex, IBGP4, ipv4Nlri, mandatory, updateFrame } from '../testing/build.js';

describe('optional path attributes (RFC 4271 §5, RFC 7606 §7)', () => {
  describe('MULTI_EXIT_DISC (RFC 4271 §5.1.4, RFC 7606 §7.4)', () => {
    it('round trip', () => {
      expect(attributesOf([attribute(0x80, 4, '00000032')]).multiExitDisc).to.equal(50);
    });
    it('a length other than 4 is treat-as-withdraw', () => {
      finding([attribute(0x80, 4, '0032')], {
        code: 'ATTRIBUTE_LENGTH_ERROR',
        subcode: 5,
        treatment: 'treat-as-withdraw',
      });
    });
  });

  describe('AGGREGATOR (RFC 4271 §5.1.7, RFC 6793, RFC 7606 §7.7)', () => {
    it('8 octets with 4-octet AS numbers, 6 without', () => {
      const address = IPv4Address.parse('10.255.0.1');
      expect(attributesOf([attribute(0xc0, 7, 'fa56ea01 0aff0001')]).aggregator).to.deep.equal({
        asn: 4200000001,
        address,
      });
      expect(attributesOf([attribute(0xc0, 7, 'fde8 0aff0001')], CTX2).aggregator).to.deep.equal({
        asn: 65000,
        address,
      });
    });
    it('a wrong length is attribute discard', () => {
      finding([attribute(0xc0, 7, 'fde8 0aff0001')], {
        code: 'ATTRIBUTE_LENGTH_ERROR',
        subcode: 5,
        treatment: 'attribute-discard',
      });
    });
    it('RFC 7607 §2: AS 0 is attribute discard', () => {
      finding([attribute(0xc0, 7, '00000000 0aff0001')], {
        code: 'OPTIONAL_ATTRIBUTE_ERROR',
        subcode: 9,
        treatment: 'attribute-discard',
      });
    });
  });

  describe('COMMUNITIES (RFC 1997, RFC 7606 §7.8)', () => {
    it('round trip', () => {
      expect(attributesOf([attribute(0xc0, 8, 'fde80064 ffffff01')]).communities).to.deep.equal([
        0xfde80064, 0xffffff01,
      ]);
    });
    for (const value of ['', 'fde800']) {
      it(`a length of ${value.length / 2} (not a non-zero multiple of 4) is treat-as-withdraw`, () => {
        finding([attribute(0xc0, 8, value)], {
          code: 'ATTRIBUTE_LENGTH_ERROR',
          subcode: 5,
          treatment: 'treat-as-withdraw',
        });
      });
    }
  });

  describe('ORIGINATOR_ID and CLUSTER_LIST (RFC 4456 §8, RFC 7606 §7.9, §7.10)', () => {
    it('round trip', () => {
      const attrs = attributesOf(
        [attribute(0x80, 9, '0aff0006'), attribute(0x80, 10, '0aff0002 0aff0003')],
        IBGP4,
      );
      expect(attrs.originatorId).to.deep.equal(IPv4Address.parse('10.255.0.6'));
      expect(attrs.clusterList).to.deep.equal([
        IPv4Address.parse('10.255.0.2'),
        IPv4Address.parse('10.255.0.3'),
      ]);
    });
    it('ORIGINATOR_ID of a length other than 4 is treat-as-withdraw', () => {
      finding(
        [attribute(0x80, 9, '0aff00')],
        { code: 'ATTRIBUTE_LENGTH_ERROR', subcode: 5, treatment: 'treat-as-withdraw' },
        IBGP4,
      );
    });
    it('CLUSTER_LIST of a length that is not a non-zero multiple of 4 is treat-as-withdraw', () => {
      finding(
        [attribute(0x80, 10, '0aff0002 00')],
        { code: 'ATTRIBUTE_LENGTH_ERROR', subcode: 5, treatment: 'treat-as-withdraw' },
        IBGP4,
      );
    });
  });

  describe('LARGE_COMMUNITY (RFC 8092 §3, §6)', () => {
    it('round trip, duplicates allowed', () => {
      const value = 'fa56ea01 00000001 00000002'.repeat(2);
      expect(attributesOf([attribute(0xc0, 32, value)]).largeCommunities).to.deep.equal([
        { globalAdministrator: 4200000001, localData1: 1, localData2: 2 },
        { globalAdministrator: 4200000001, localData1: 1, localData2: 2 },
      ]);
    });
    it('RFC 8092 §6: a length that is not a non-zero multiple of 12 is treat-as-withdraw', () => {
      finding([attribute(0xc0, 32, 'fa56ea01 00000001 000000')], {
        code: 'ATTRIBUTE_LENGTH_ERROR',
        subcode: 5,
        treatment: 'treat-as-withdraw',
      });
    });
  });

  describe('AS4_PATH and AS4_AGGREGATOR (RFC 6793 §3, §6)', () => {
    it('from a 4-octet AS speaker they are discarded', () => {
      const r = route([attribute(0xc0, 17, '02 01 fa56ea01')]);
      expect(r.report?.findings.map((f) => [f.code, f.treatment])).to.deep.equal([
        ['AS4_ATTRIBUTE_FROM_NEW_SPEAKER', 'attribute-discard'],
      ]);
    });
    it('§6: a malformed AS4_PATH is attribute discard and the AS_PATH stands', () => {
      const base = [originIgp, attribute(0x40, 2, '02 01 5ba0'), nextHop];
      const f = finding(
        [attribute(0xc0, 17, '02 02 fa56ea01')],
        { code: 'MALFORMED_AS_PATH', subcode: 11, treatment: 'attribute-discard' },
        CTX2,
        base,
      );
      expect(f.attributeCode).to.equal(17);
    });
    it('§6: AS4_AGGREGATOR of a length other than 8 is attribute discard', () => {
      const base = [originIgp, attribute(0x40, 2, '02 01 fde8'), nextHop];
      finding(
        [attribute(0xc0, 18, 'fde8 0aff0001')],
        { code: 'ATTRIBUTE_LENGTH_ERROR', subcode: 5, treatment: 'attribute-discard' },
        CTX2,
        base,
      );
    });
  });

  describe('unknown attributes (RFC 4271 §5, §6.3)', () => {
    it('an optional transitive one is kept and passed on with the Partial bit set', () => {
      const r = route([attribute(0xc0, 99, 'abcdef')]);
      const message = r.message.type === 'update' ? r.message : expect.fail('not an UPDATE');
      expect(message.attributes.unknown).to.deep.equal([{ code: 99, value: hex('abcdef') }]);
      const out = encodeMessage(message, CTX4);
      expect(out.includes(hex('e063 03 abcdef'))).to.equal(true);
    });
    it('an optional non-transitive one is quietly dropped', () => {
      expect(attributesOf([attribute(0x80, 99, 'abcdef')])).to.not.have.property('unknown');
    });
    it('§6.3: a well-known one is Unrecognized Well-known Attribute, a session reset with the attribute as data', () => {
      const bad = attribute(0x40, 99, 'abcdef');
      const r = decodeMessage(
        updateFrame({ attributes: [...mandatory(), bad], nlri: ipv4Nlri('10.0.0.0/8') }),
        CTX4,
      );
      expect(!r.ok && r.error.notification).to.deep.equal({ code: 3, subcode: 2, data: bad });
    });
  });
});
