import { expect } from 'chai';
import { IPv4Address } from '../../../common/index.js';
import { type CodecContext } from '../context.js';
import {
  attributesOf,
  asPath65001,
  expectByteExact,
  finding,
  nextHop,
  originIgp,
  route,
} from '../testing/attribute-cases.js';
import { attribute, CTX2, CTX4, decodeOk, IBGP4, ipv4Nlri, updateFrame } from '../testing/build.js';

describe('well-known path attributes (RFC 4271 §5.1, RFC 7606 §3, §7)', () => {
  describe('ORIGIN (RFC 4271 §5.1.1, RFC 7606 §7.1)', () => {
    it('decodes IGP, EGP and INCOMPLETE', () => {
      for (const [value, origin] of [
        ['00', 'igp'],
        ['01', 'egp'],
        ['02', 'incomplete'],
      ] as const) {
        const attrs = attributesOf([], CTX4);
        expect(attrs.origin).to.equal('igp');
        const r = decodeOk(
          updateFrame({
            attributes: [attribute(0x40, 1, value), asPath65001, nextHop],
            nlri: ipv4Nlri('10.0.0.0/8'),
          }),
        );
        expect(r.message.type === 'update' && r.message.attributes.origin).to.equal(origin);
      }
    });
    it('RFC 7606 §7.1: an undefined value is Invalid ORIGIN Attribute, treat-as-withdraw', () => {
      const bad = attribute(0x40, 1, '03');
      finding(
        [],
        { code: 'INVALID_ORIGIN_ATTRIBUTE', subcode: 6, treatment: 'treat-as-withdraw', data: bad },
        CTX4,
        [bad, asPath65001, nextHop],
      );
    });
    it('RFC 7606 §7.1: a length other than 1 is Attribute Length Error, treat-as-withdraw', () => {
      const bad = attribute(0x40, 1, '0000');
      finding(
        [],
        { code: 'ATTRIBUTE_LENGTH_ERROR', subcode: 5, treatment: 'treat-as-withdraw', data: bad },
        CTX4,
        [bad, asPath65001, nextHop],
      );
    });
  });

  describe('AS_PATH (RFC 4271 §5.1.2, RFC 7606 §7.2)', () => {
    it('decodes every segment type with 4-octet AS numbers (RFC 6793, RFC 5065)', () => {
      const path = attribute(
        0x40,
        2,
        '03 01 0000fde9  04 02 0000fdea 0000fdeb  02 02 fa56ea01 0000fde8  01 01 0000fdec',
      );
      const r = decodeOk(
        updateFrame({ attributes: [originIgp, path, nextHop], nlri: ipv4Nlri('10.0.0.0/8') }),
        IBGP4,
      );
      expect(r.message.type === 'update' && r.message.attributes.asPath).to.deep.equal([
        { type: 'as-confed-sequence', asns: [65001] },
        { type: 'as-confed-set', asns: [65002, 65003] },
        { type: 'as-sequence', asns: [4200000001, 65000] },
        { type: 'as-set', asns: [65004] },
      ]);
      expectByteExact(
        updateFrame({ attributes: [originIgp, path, nextHop], nlri: ipv4Nlri('10.0.0.0/8') }),
        IBGP4,
      );
    });
    it('decodes 2-octet AS numbers when RFC 6793 is not negotiated', () => {
      const path = attribute(0x40, 2, '02 02 fde8 fde9');
      const r = decodeOk(
        updateFrame({ attributes: [originIgp, path, nextHop], nlri: ipv4Nlri('10.0.0.0/8') }),
        CTX2,
      );
      expect(r.message.type === 'update' && r.message.attributes.asPath).to.deep.equal([
        { type: 'as-sequence', asns: [65000, 65001] },
      ]);
    });
    it('an empty AS_PATH is valid (routes originated inside the AS)', () => {
      const r = decodeOk(
        updateFrame({ attributes: [originIgp, attribute(0x40, 2), nextHop], nlri: ipv4Nlri('10.0.0.0/8') }),
        IBGP4,
      );
      expect(r.report?.findings).to.deep.equal([]);
      expect(r.message.type === 'update' && r.message.attributes.asPath).to.deep.equal([]);
    });
    const malformed: Array<[string, string, CodecContext]> = [
      ['an unrecognized segment type', '05 01 0000fde8', CTX4],
      ['a segment of length zero', '02 00', CTX4],
      ['a segment overrunning the attribute', '02 03 0000fde8 0000fde9', CTX4],
      ['a truncated segment header', '02 01 0000fde8 02', CTX4],
      ['AS 0 (RFC 7607 §2)', '02 02 0000fde8 00000000', CTX4],
      ['a confederation segment from an external peer', '03 01 0000fde8', CTX4],
    ];
    for (const [what, value, ctx] of malformed) {
      it(`RFC 7606 §7.2: ${what} is Malformed AS_PATH, treat-as-withdraw`, () => {
        const bad = attribute(0x40, 2, value);
        finding(
          [],
          { code: 'MALFORMED_AS_PATH', subcode: 11, treatment: 'treat-as-withdraw', data: bad },
          ctx,
          [originIgp, bad, nextHop],
        );
      });
    }
    it('RFC 7606 §7.2: confederation segments from an internal peer are fine', () => {
      const path = attribute(0x40, 2, '03 01 0000fde8');
      const r = decodeOk(
        updateFrame({ attributes: [originIgp, path, nextHop], nlri: ipv4Nlri('10.0.0.0/8') }),
        IBGP4,
      );
      expect(r.report?.findings).to.deep.equal([]);
    });
  });

  describe('NEXT_HOP (RFC 4271 §5.1.3, RFC 7606 §7.3)', () => {
    it('a length other than 4 is Attribute Length Error, treat-as-withdraw', () => {
      const bad = attribute(0x40, 3, '0a00000100');
      finding(
        [],
        { code: 'ATTRIBUTE_LENGTH_ERROR', subcode: 5, treatment: 'treat-as-withdraw', data: bad },
        CTX4,
        [originIgp, asPath65001, bad],
      );
    });
    for (const address of ['0.0.0.0', '127.0.0.1', '224.0.0.5', '255.255.255.255']) {
      it(`RFC 4271 §6.3: ${address} is Invalid NEXT_HOP Attribute, treat-as-withdraw`, () => {
        const bad = attribute(0x40, 3, IPv4Address.parse(address).toBytes());
        finding(
          [],
          { code: 'INVALID_NEXT_HOP_ATTRIBUTE', subcode: 8, treatment: 'treat-as-withdraw', data: bad },
          CTX4,
          [originIgp, asPath65001, bad],
        );
      });
    }
    it('RFC 7606 §5.2: without IPv4 NLRI a bad NEXT_HOP is only discarded', () => {
      const mp = attribute(0x90, 14, '0002 01 10 20010db8000000000000000000000001 00 30 20010db80001');
      const r = decodeOk(
        updateFrame({ attributes: [mp, originIgp, asPath65001, attribute(0x40, 3, '0a0000')] }),
      );
      expect(r.report?.findings.map((f) => [f.code, f.treatment])).to.deep.equal([
        ['ATTRIBUTE_LENGTH_ERROR', 'attribute-discard'],
      ]);
      expect(r.report?.treatAsWithdraw).to.equal(false);
    });
  });

  describe('LOCAL_PREF (RFC 4271 §5.1.5, RFC 7606 §7.5)', () => {
    it('round trip from an internal peer', () => {
      expect(attributesOf([attribute(0x40, 5, '000000c8')], IBGP4).localPref).to.equal(200);
    });
    it('RFC 7606 §7.5: from an external peer it is discarded', () => {
      const f = finding([attribute(0x40, 5, '000000c8')], {
        code: 'LOCAL_PREF_FROM_EXTERNAL_PEER',
        subcode: 1,
        treatment: 'attribute-discard',
      });
      expect(f.attributeCode).to.equal(5);
      expect(route([attribute(0x40, 5, '000000c8')]).message)
        .to.have.nested.property('attributes')
        .that.does.not.have.property('localPref');
    });
    it('a length other than 4 from an internal peer is treat-as-withdraw', () => {
      finding(
        [attribute(0x40, 5, '0000c8')],
        { code: 'ATTRIBUTE_LENGTH_ERROR', subcode: 5, treatment: 'treat-as-withdraw' },
        IBGP4,
      );
    });
  });

  describe('ATOMIC_AGGREGATE (RFC 4271 §5.1.6, RFC 7606 §7.6)', () => {
    it('round trip', () => {
      expect(attributesOf([attribute(0x40, 6)]).atomicAggregate).to.equal(true);
    });
    it('a length other than 0 is attribute discard', () => {
      finding([attribute(0x40, 6, '00')], {
        code: 'ATTRIBUTE_LENGTH_ERROR',
        subcode: 5,
        treatment: 'attribute-discard',
      });
    });
  });

  describe('Attribute Flags (RFC 7606 §3 c)', () => {
    it('an Optional or Transitive bit in conflict is treat-as-withdraw, with the attribute as data', () => {
      const bad = attribute(0xc0, 1, '00');
      finding(
        [],
        { code: 'ATTRIBUTE_FLAGS_ERROR', subcode: 4, treatment: 'treat-as-withdraw', data: bad },
        CTX4,
        [bad, asPath65001, nextHop],
      );
    });
    it('for AGGREGATOR it is attribute discard (RFC 7606 §3 f)', () => {
      finding([attribute(0x80, 7, 'fa56ea01 0aff0001')], {
        code: 'ATTRIBUTE_FLAGS_ERROR',
        subcode: 4,
        treatment: 'attribute-discard',
      });
    });
    it('the Partial bit and the unused low bits do not matter', () => {
      expect(attributesOf([attribute(0xe0 | 0x0f, 8, 'fde80064')]).communities).to.deep.equal([0xfde80064]);
    });
    it('Extended Length on a short attribute decodes, and the layout keeps it for re-encoding', () => {
      const bytes = updateFrame({
        attributes: [originIgp, attribute(0x50, 2, '02 01 0000fde9'), nextHop],
        nlri: ipv4Nlri('10.0.0.0/8'),
      });
      const r = decodeOk(bytes);
      expect(r.layout).to.deep.include({ extendedLength: [2] });
      expectByteExact(bytes);
    });
  });
});
