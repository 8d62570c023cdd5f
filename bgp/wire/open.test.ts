import { expect } from 'chai';
import { IPv4Address } from '../../common/index.js';
import type { Capability } from './capabilities/types.js';
import { DEFAULT_CONTEXT } from './context.js';
import { decodeMessage } from './decode.js';
import { encodeMessage } from './encode.js';
import type { OpenMessage } from './model.js';
import { openAs } from './open.js';
import { decodeOk, frame, hex } from './testing/build.js';

const base: OpenMessage = {
  type: 'open',
  version: 4,
  myAs: 23456,
  holdTimeSec: 90,
  bgpIdentifier: IPv4Address.parse('10.255.0.1'),
  capabilities: [
    { name: 'multiprotocol', afi: 1, safi: 1 },
    { name: 'route-refresh' },
    { name: 'four-octet-as', asn: 4200000001 },
  ],
};

/** OPEN body: version 4, My AS, Hold Time, BGP Identifier, then the given optional parameters. */
function openFrame(params: string, fields = '04 fde8 005a 0aff0001'): Buffer {
  const p = hex(params);
  return frame(1, Buffer.concat([hex(fields), Uint8Array.of(p.length), p]));
}

function openError(bytes: Buffer) {
  const r = decodeMessage(bytes, DEFAULT_CONTEXT);
  if (r.ok) return expect.fail('expected an OPEN error');
  expect(r.error.treatment).to.equal('session-reset');
  return r.error;
}

describe('OPEN (RFC 4271 §4.2, RFC 5492)', () => {
  it('§4.2 round trip: the canonical form puts every capability in one parameter', () => {
    const bytes = encodeMessage(base, DEFAULT_CONTEXT);
    expect(bytes.toString('hex')).to.equal(
      'ffffffffffffffffffffffffffffffff' +
        '002d' +
        '01' +
        '04' +
        '5ba0' +
        '005a' +
        '0aff0001' +
        '10' +
        '020e' +
        '010400010001' +
        '0200' +
        '4104fa56ea01',
    );
    const r = decodeOk(bytes, DEFAULT_CONTEXT);
    expect(r.message).to.deep.equal(base);
    expect(openAs(base)).to.equal(4200000001);
  });

  it('RFC 5492 §4: capabilities spread over several parameters decode the same and keep their layout', () => {
    const bytes = openFrame('0206 010400010001 0202 0200 0206 4104fa56ea01');
    const r = decodeOk(bytes, DEFAULT_CONTEXT);
    expect(r.message).to.deep.include({ capabilities: base.capabilities });
    expect(r.layout).to.deep.equal({ kind: 'open', extendedParameters: false, capabilityGroups: [1, 1, 1] });
    expect(encodeMessage(r.message, DEFAULT_CONTEXT, r.layout).equals(bytes)).to.equal(true);
  });

  it('RFC 9072 §2: decodes and encodes extended optional parameters', () => {
    const body = hex('04 fde8 005a 0aff0001 ff ff 0009 02 0006 010400010001');
    const r = decodeOk(frame(1, body), DEFAULT_CONTEXT);
    expect(r.message).to.deep.include({ capabilities: [{ name: 'multiprotocol', afi: 1, safi: 1 }] });
    expect(r.layout).to.deep.include({ extendedParameters: true });
    expect(encodeMessage(r.message, DEFAULT_CONTEXT, r.layout).equals(frame(1, body))).to.equal(true);
  });

  it('RFC 9072 §2: switches to the extended encoding by itself when parameters exceed 255 octets', () => {
    const big: Capability[] = Array.from({ length: 60 }, (_, i) => ({
      name: 'multiprotocol',
      afi: i,
      safi: 1,
    }));
    const bytes = encodeMessage({ ...base, capabilities: big }, DEFAULT_CONTEXT);
    expect(bytes[28]).to.equal(255);
    expect(bytes[29]).to.equal(255);
    const r = decodeOk(bytes, DEFAULT_CONTEXT);
    expect(r.message).to.deep.include({ capabilities: big });
  });

  it('an OPEN without optional parameters', () => {
    const r = decodeOk(openFrame(''), DEFAULT_CONTEXT);
    expect(r.message).to.deep.include({ myAs: 65000, holdTimeSec: 90, capabilities: [] });
  });

  it('§6.2 Unsupported Version Number, with the largest supported version (4) as data', () => {
    const e = openError(openFrame('', '03 fde8 005a 0aff0001'));
    expect(e.code).to.equal('UNSUPPORTED_VERSION_NUMBER');
    expect(e.notification).to.deep.equal({ code: 2, subcode: 1, data: hex('0004') });
  });

  for (const hold of [1, 2]) {
    it(`§6.2 Unacceptable Hold Time for ${hold} second(s)`, () => {
      const e = openError(openFrame('', `04 fde8 000${hold} 0aff0001`));
      expect(e.code).to.equal('UNACCEPTABLE_HOLD_TIME');
      expect(e.notification).to.deep.include({ code: 2, subcode: 6 });
    });
  }

  it('§6.2 and RFC 6286: Bad BGP Identifier for 0.0.0.0', () => {
    const e = openError(openFrame('', '04 fde8 005a 00000000'));
    expect(e.code).to.equal('BAD_BGP_IDENTIFIER');
    expect(e.notification).to.deep.include({ code: 2, subcode: 3 });
  });

  it('RFC 7607 §2: Bad Peer AS for AS 0 in My Autonomous System or in the 4-octet AS capability', () => {
    expect(openError(openFrame('', '04 0000 005a 0aff0001')).notification).to.deep.include({
      code: 2,
      subcode: 2,
    });
    expect(openError(openFrame('0206 410400000000')).code).to.equal('BAD_PEER_AS');
  });

  it('§6.2 Unsupported Optional Parameter for a parameter type other than Capabilities', () => {
    const e = openError(openFrame('0102 0000'));
    expect(e.code).to.equal('UNSUPPORTED_OPTIONAL_PARAMETER');
    expect(e.notification).to.deep.include({ code: 2, subcode: 4 });
  });

  const malformed: Array<[string, string]> = [
    ['a parameter overruns Optional Parameters Length', '0208 0104000100'],
    ['a capability overruns its parameter', '0204 0106000100'],
    ['a parameter header is truncated', '02'],
    ['a recognized capability has the wrong length (multiprotocol, 3 octets)', '0205 0103000101'],
    ['RFC 7911 ADD-PATH with Send/Receive 0', '0206 450400010100'],
    ['RFC 9072 extended header is truncated', 'ff00'],
  ];
  for (const [what, params] of malformed) {
    it(`§6.2 Unspecific (subcode 0) for a malformed optional parameter: ${what}`, () => {
      const e = openError(openFrame(params));
      expect(e.notification).to.deep.include({ code: 2, subcode: 0 });
    });
  }

  it('§6.2 Unspecific when Optional Parameters Length disagrees with the message length', () => {
    const bytes = openFrame('0202 0200');
    bytes[28] = 3;
    expect(openError(bytes).code).to.equal('MALFORMED_OPTIONAL_PARAMETERS');
  });

  it('§6.1 Bad Message Length for an OPEN shorter than 29 octets', () => {
    const e = openError(frame(1, hex('04 fde8 005a 0aff00')));
    expect(e.code).to.equal('BAD_MESSAGE_LENGTH');
    expect(e.notification.data.readUInt16BE(0)).to.equal(27);
  });

  it('RFC 6793: refuses to encode a My Autonomous System that needs AS_TRANS', () => {
    expect(() => encodeMessage({ ...base, myAs: 4200000001 }, DEFAULT_CONTEXT)).to.throw(/AS_TRANS/);
  });
});
