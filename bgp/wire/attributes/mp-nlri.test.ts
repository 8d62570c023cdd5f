import { expect } from 'chai';
import { IPv6Address } from '../../../common/index.js';
import { codecContext, type CodecContext } from '../context.js';
import { decodeMessage } from '../decode.js';
import { asPath65001, expectByteExact, originIgp } from '../testing/attribute-cases.js';
import { attribute, CTX4, decodeOk, updateFrame } from '../testing/build.js';

describe('multiprotocol attributes (RFC 4760, RFC 8950, RFC 7911)', () => {
  describe('MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760 §3, §4, RFC 7606 §7.11, §5.3)', () => {
    const v6 = (value: string, ctx: CodecContext = CTX4) =>
      decodeMessage(updateFrame({ attributes: [attribute(0x90, 14, value), originIgp, asPath65001] }), ctx);
    it('IPv6 unicast with a global and a link-local next hop (RFC 2545 §3)', () => {
      const value =
        '0002 01 20 20010db8000000000000000000000001 fe800000000000000000000000000001 00 30 20010db81001';
      const r = v6(value);
      if (!r.ok || r.message.type !== 'update') return expect.fail('expected an UPDATE');
      expect(r.message.mpReach?.nextHop).to.deep.equal(IPv6Address.parse('2001:db8::1'));
      expect(r.message.mpReach?.linkLocalNextHop).to.deep.equal(IPv6Address.parse('fe80::1'));
      expect(r.message.mpReach?.nlri.map((n) => String(n.prefix))).to.deep.equal(['2001:db8:1001::/48']);
      expectByteExact(updateFrame({ attributes: [attribute(0x90, 14, value), originIgp, asPath65001] }));
    });
    it('RFC 7911 §3: path identifiers before each prefix when ADD-PATH is negotiated for the family', () => {
      const r = v6(
        '0002 01 10 20010db8000000000000000000000001 00 00000007 30 20010db81001',
        codecContext({ fourOctetAs: true, addPath: ['ipv6-unicast'] }),
      );
      expect(r.ok && r.message.type === 'update' && r.message.mpReach?.nlri[0]?.pathId).to.equal(7);
    });
    it('RFC 8950: IPv4 NLRI with an IPv6 next hop when extended next hop is negotiated', () => {
      const value = '0001 01 10 20010db8000000000000000000000001 00 18 0a0100';
      const enhe = v6(value, codecContext({ fourOctetAs: true, extendedNextHop: ['ipv4-unicast'] }));
      expect(enhe.ok && enhe.message.type === 'update' && String(enhe.message.mpReach?.nextHop)).to.equal(
        '2001:db8::1',
      );
      const without = v6(value);
      expect(
        without.ok && without.report?.findings.map((f) => [f.code, f.treatment, f.afiSafi]),
      ).to.deep.equal([['OPTIONAL_ATTRIBUTE_ERROR', 'afi-safi-disable', { afi: 1, safi: 1 }]]);
    });
    it('RFC 7606 §7.11: an inconsistent next hop length is AFI/SAFI disable', () => {
      const r = v6('0002 01 04 0a000001 00 30 20010db81001');
      expect(r.ok && r.report?.disabledFamilies).to.deep.equal([{ afi: 2, safi: 1 }]);
      expect(r.ok && r.report?.findings[0]?.notification).to.deep.include({ code: 3, subcode: 9 });
      // The decoder names the attribute once; the codec must not repeat it.
      expect(r.ok && r.report?.findings[0]?.message).to.equal('MP_REACH_NLRI: next hop length 4');
    });
    it('RFC 7606 §5.3: unparsable NLRI in MP_REACH_NLRI is AFI/SAFI disable', () => {
      const r = v6('0002 01 10 20010db8000000000000000000000001 00 81 20010db8');
      expect(r.ok && r.report?.treatment).to.equal('afi-safi-disable');
    });
    it('RFC 7606 §7.11: too short to name a family is a session reset', () => {
      const r = v6('0002');
      expect(!r.ok && [r.error.code, r.error.treatment, r.error.notification.subcode]).to.deep.equal([
        'OPTIONAL_ATTRIBUTE_ERROR',
        'session-reset',
        9,
      ]);
    });
    it('a family this codec does not decode is discarded, not an error for the session', () => {
      const r = v6('0001 80 0c 000000000000000000000000 00 00');
      expect(r.ok && r.report?.findings.map((f) => [f.code, f.treatment])).to.deep.equal([
        ['UNSUPPORTED_ADDRESS_FAMILY', 'attribute-discard'],
      ]);
    });
    it('MP_UNREACH_NLRI round trip and AFI/SAFI disable for unparsable withdrawn routes', () => {
      const ok = decodeOk(updateFrame({ attributes: [attribute(0x80, 15, '0002 01 30 20010db81001')] }));
      expect(
        ok.message.type === 'update' && ok.message.mpUnreach?.withdrawnRoutes.map((n) => String(n.prefix)),
      ).to.deep.equal(['2001:db8:1001::/48']);
      const bad = decodeOk(updateFrame({ attributes: [attribute(0x80, 15, '0002 01 30 20010db8')] }));
      expect(bad.report?.disabledFamilies).to.deep.equal([{ afi: 2, safi: 1 }]);
    });
  });
});
