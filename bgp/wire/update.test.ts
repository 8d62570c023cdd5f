import { expect } from 'chai';
import { IPv4Address } from '../../common/index.js';
import { codecContext } from './context.js';
import { decodeMessage } from './decode.js';
import { encodeMessage } from './encode.js';
import type { UpdateMessage } from './model.js';
import { endOfRib, endOfRibMessage, routeChanges } from './routes.js';
import {
  attribute,
  CTX4,
  decodeOk,
  frame,
  hex,
  ipv4Nlri,
  mandatory,
  nlri4,
  updateFrame,
} from './testing/build.js';

const [origin, asPath, nextHop] = mandatory([65001]) as [Buffer, Buffer, Buffer];
const communities = attribute(0xc0, 8, 'fde80064');

function resetError(bytes: Buffer, ctx = CTX4) {
  const r = decodeMessage(bytes, ctx);
  if (r.ok) return expect.fail('expected a session reset');
  expect(r.error.treatment).to.equal('session-reset');
  return r.error;
}

describe('UPDATE (RFC 4271 §4.3, §6.3 as revised by RFC 7606)', () => {
  it('§4.3 round trip: withdrawn routes, attributes and NLRI', () => {
    const message: UpdateMessage = {
      type: 'update',
      withdrawnRoutes: [nlri4('192.0.2.0/24'), nlri4('0.0.0.0/0')],
      attributes: {
        origin: 'egp',
        asPath: [{ type: 'as-sequence', asns: [65001, 4200000001] }],
        nextHop: IPv4Address.parse('10.0.0.1'),
        multiExitDisc: 10,
        communities: [0xfde80064],
        largeCommunities: [{ globalAdministrator: 4200000001, localData1: 1, localData2: 2 }],
      },
      nlri: [nlri4('10.1.0.0/16'), nlri4('10.2.3.0/24'), nlri4('10.4.5.6/32')],
    };
    const bytes = encodeMessage(message, CTX4);
    const r = decodeOk(bytes);
    expect(r.message).to.deep.equal(message);
    expect(r.report?.findings).to.deep.equal([]);
  });

  it('RFC 7911 §3: path identifiers in the NLRI and Withdrawn Routes fields', () => {
    const ctx = codecContext({ fourOctetAs: true, addPath: ['ipv4-unicast'] });
    const bytes = updateFrame({
      withdrawn: hex('00000001 18 c00002'),
      attributes: mandatory(),
      nlri: hex('00000002 10 0a01'),
    });
    const r = decodeOk(bytes, ctx);
    expect(r.message.type === 'update' && r.message.withdrawnRoutes).to.deep.equal([
      nlri4('192.0.2.0/24', 1),
    ]);
    expect(r.message.type === 'update' && r.message.nlri).to.deep.equal([nlri4('10.1.0.0/16', 2)]);
    expect(encodeMessage(r.message, ctx).equals(bytes)).to.equal(true);
  });

  it('§6.1 Bad Message Length for an UPDATE shorter than 23 octets', () => {
    expect(resetError(frame(2, hex('0000'))).code).to.equal('BAD_MESSAGE_LENGTH');
  });

  it('§6.3 (unchanged by RFC 7606 §3 b): Withdrawn Routes Length overrunning the message is Malformed Attribute List', () => {
    const bytes = updateFrame({});
    bytes.writeUInt16BE(5, 19);
    expect(resetError(bytes).notification).to.deep.include({ code: 3, subcode: 1 });
  });

  it('§6.3: Total Path Attribute Length overrunning the message is Malformed Attribute List', () => {
    const bytes = updateFrame({ attributes: [origin] });
    bytes.writeUInt16BE(9, 21);
    expect(resetError(bytes).code).to.equal('MALFORMED_ATTRIBUTE_LIST');
  });

  for (const [field, parts] of [
    ['NLRI', { attributes: mandatory(), nlri: hex('21 0a000000 00') }],
    ['NLRI', { attributes: mandatory(), nlri: hex('18 0a00') }],
    ['Withdrawn Routes', { withdrawn: hex('20 0a00') }],
  ] as const) {
    it(`RFC 7606 §5.3: a syntactically incorrect ${field} field is a session reset with Invalid Network Field`, () => {
      const e = resetError(updateFrame(parts));
      expect([e.code, e.notification.code, e.notification.subcode]).to.deep.equal([
        'INVALID_NETWORK_FIELD',
        3,
        10,
      ]);
    });
  }

  it('RFC 4271 §4.3: irrelevant bits after the prefix length are cleared', () => {
    const r = decodeOk(updateFrame({ attributes: mandatory(), nlri: hex('09 0aff') }));
    expect(r.message.type === 'update' && String(r.message.nlri[0]?.prefix)).to.equal('10.128.0.0/9');
  });

  describe('RFC 7606 §4: attribute lengths against Total Path Attribute Length', () => {
    it('an attribute overrunning the field after others is treat-as-withdraw; the NLRI is still found', () => {
      const overrun = Buffer.concat([origin, asPath, hex('40 03 09 0a000001')]);
      const bytes = updateFrame({ attributes: [overrun], nlri: ipv4Nlri('10.1.0.0/16') });
      const r = decodeOk(bytes);
      expect(r.report?.treatment).to.equal('treat-as-withdraw');
      expect(r.report?.findings[0]).to.deep.include({
        code: 'MALFORMED_ATTRIBUTE_LIST',
        treatment: 'treat-as-withdraw',
      });
      expect(routeChanges(r.message as UpdateMessage, r.report!).withdrawn).to.deep.equal([
        { family: 'ipv4-unicast', nlri: [nlri4('10.1.0.0/16')] },
      ]);
    });
    it('too few octets left for an attribute header is treat-as-withdraw too', () => {
      const r = decodeOk(
        updateFrame({ attributes: [origin, asPath, nextHop, hex('c0 08')], nlri: ipv4Nlri('10.1.0.0/16') }),
      );
      expect(r.report?.treatAsWithdraw).to.equal(true);
    });
    it('an overrunning MP_REACH_NLRI cannot be parsed for treat-as-withdraw: session reset', () => {
      expect(resetError(updateFrame({ attributes: [hex('80 0e 40 0002 01')] })).code).to.equal(
        'MALFORMED_ATTRIBUTE_LIST',
      );
    });
  });

  describe('RFC 7606 §3', () => {
    it('(d) a missing ORIGIN, AS_PATH or NEXT_HOP is treat-as-withdraw with its type code as data', () => {
      const r = decodeOk(updateFrame({ attributes: [asPath], nlri: ipv4Nlri('10.1.0.0/16') }));
      expect(
        r.report?.findings.map((f) => [
          f.code,
          f.treatment,
          f.notification.subcode,
          f.notification.data.toString('hex'),
        ]),
      ).to.deep.equal([
        ['MISSING_WELL_KNOWN_ATTRIBUTE', 'treat-as-withdraw', 3, '01'],
        ['MISSING_WELL_KNOWN_ATTRIBUTE', 'treat-as-withdraw', 3, '03'],
      ]);
    });
    it('(d) with RFC 4760 NEXT_HOP is not needed when the routes are in MP_REACH_NLRI only', () => {
      const mp = attribute(0x90, 14, '0002 01 10 20010db8000000000000000000000001 00 30 20010db81001');
      expect(decodeOk(updateFrame({ attributes: [mp, origin, asPath] })).report?.findings).to.deep.equal([]);
    });
    it('(d) an UPDATE that only withdraws needs no attributes', () => {
      expect(decodeOk(updateFrame({ withdrawn: ipv4Nlri('10.1.0.0/16') })).report?.findings).to.deep.equal(
        [],
      );
    });
    it('(g) a repeated attribute is discarded after the first', () => {
      const r = decodeOk(
        updateFrame({
          attributes: [...mandatory(), communities, attribute(0xc0, 8, 'fde800c8')],
          nlri: ipv4Nlri('10.1.0.0/16'),
        }),
      );
      expect(r.message.type === 'update' && r.message.attributes.communities).to.deep.equal([0xfde80064]);
      expect(r.report?.findings.map((f) => [f.code, f.treatment])).to.deep.equal([
        ['DUPLICATE_ATTRIBUTE', 'attribute-discard'],
      ]);
    });
    it('(g) a repeated MP_REACH_NLRI is Malformed Attribute List, a session reset', () => {
      const mp = attribute(0x90, 14, '0002 01 10 20010db8000000000000000000000001 00');
      expect(resetError(updateFrame({ attributes: [mp, mp] })).notification).to.deep.include({
        code: 3,
        subcode: 1,
      });
    });
    it('(h) the strongest treatment wins: treat-as-withdraw over attribute discard', () => {
      const r = decodeOk(
        updateFrame({
          attributes: [attribute(0x40, 1, '07'), asPath, nextHop, attribute(0x40, 6, '00')],
          nlri: ipv4Nlri('10.1.0.0/16'),
        }),
      );
      expect(r.report?.findings.map((f) => f.treatment)).to.deep.equal([
        'treat-as-withdraw',
        'attribute-discard',
      ]);
      expect(r.report?.treatment).to.equal('treat-as-withdraw');
    });
    it('(h) AFI/SAFI disable is stronger than treat-as-withdraw', () => {
      const mp = attribute(0x90, 14, '0002 01 04 0a000001 00');
      const r = decodeOk(
        updateFrame({
          attributes: [mp, attribute(0x40, 1, '07'), asPath, nextHop],
          nlri: ipv4Nlri('10.1.0.0/16'),
        }),
      );
      expect(r.report?.treatment).to.equal('afi-safi-disable');
      expect(r.report?.treatAsWithdraw).to.equal(true);
      const changes = routeChanges(r.message as UpdateMessage, r.report!);
      expect(changes.disabled).to.deep.equal([{ afi: 2, safi: 1 }]);
      expect(changes.announced).to.deep.equal([]);
      expect(changes.withdrawn.map((w) => w.family)).to.deep.equal(['ipv4-unicast']);
    });
  });

  it('§6.3 leftmost AS check (when configured): another AS first is Malformed AS_PATH, treat-as-withdraw', () => {
    const bytes = updateFrame({ attributes: mandatory([65002, 65001]), nlri: ipv4Nlri('10.1.0.0/16') });
    expect(
      decodeOk(bytes, codecContext({ fourOctetAs: true, firstAs: 65002 })).report?.findings,
    ).to.deep.equal([]);
    const r = decodeOk(bytes, codecContext({ fourOctetAs: true, firstAs: 65001 }));
    expect(r.report?.findings.map((f) => [f.code, f.treatment])).to.deep.equal([
      ['MALFORMED_AS_PATH', 'treat-as-withdraw'],
    ]);
  });

  it('RFC 8654: an UPDATE over 4096 octets is Bad Message Length unless Extended Message is negotiated', () => {
    const nlri = Buffer.concat(
      Array.from({ length: 1500 }, (_, i) =>
        hex(`18 0a${(i >> 8).toString(16).padStart(2, '0')}${(i & 0xff).toString(16).padStart(2, '0')}`),
      ),
    );
    const bytes = updateFrame({ attributes: mandatory(), nlri });
    expect(resetError(bytes).code).to.equal('BAD_MESSAGE_LENGTH');
    const r = decodeOk(bytes, codecContext({ fourOctetAs: true, extendedMessage: true }));
    expect(r.message.type === 'update' && r.message.nlri).to.have.length(1500);
  });

  describe('End-of-RIB (RFC 4724 §2)', () => {
    it('an empty UPDATE is IPv4 unicast End-of-RIB', () => {
      const bytes = encodeMessage(endOfRibMessage('ipv4-unicast'), CTX4);
      expect(bytes.toString('hex')).to.equal(
        'ffffffffffffffffffffffffffffffff' + '0017' + '02' + '0000' + '0000',
      );
      expect(endOfRib(decodeOk(bytes).message as UpdateMessage)).to.equal('ipv4-unicast');
    });
    it("an UPDATE with only an empty MP_UNREACH_NLRI is that family's End-of-RIB", () => {
      const bytes = encodeMessage(endOfRibMessage('ipv6-unicast'), CTX4);
      expect(bytes.toString('hex')).to.equal(
        'ffffffffffffffffffffffffffffffff' + '001d' + '02' + '0000' + '0006' + '800f03000201',
      );
      expect(endOfRib(decodeOk(bytes).message as UpdateMessage)).to.equal('ipv6-unicast');
    });
    it('an UPDATE with routes is not End-of-RIB', () => {
      expect(
        endOfRib(decodeOk(updateFrame({ withdrawn: ipv4Nlri('10.0.0.0/8') })).message as UpdateMessage),
      ).to.equal(undefined);
    });
  });
});
