import { expect } from 'chai';
import { Reader, Writer } from '../../../common/index.js';
import { expectTwillError } from '../../../common/testing/expect-error.js';
import { hex } from '../testing/build.js';
import { decodeCapability, encodeCapability } from './registry.js';
import type { Capability } from './types.js';

/** Encodes a capability TLV and checks it decodes back to the same model. */
function roundTrip(capability: Capability, expectedHex: string): void {
  const w = new Writer();
  encodeCapability(capability, w);
  const bytes = w.toBuffer();
  expect(bytes.toString('hex')).to.equal(expectedHex.replace(/\s+/g, ''));
  const r = new Reader(bytes);
  const code = r.u8();
  const value = r.slice(r.u8());
  expect(decodeCapability(code, value)).to.deep.equal(capability);
}

function decodeValue(code: number, valueHex: string): Capability {
  const v = hex(valueHex);
  return decodeCapability(code, new Reader(v));
}

describe('capabilities (RFC 5492 §4)', () => {
  it('RFC 4760 §8 multiprotocol: AFI, reserved, SAFI', () => {
    roundTrip({ name: 'multiprotocol', afi: 2, safi: 1 }, '01 04 0002 00 01');
  });
  it('RFC 2918 §2 route refresh and RFC 7313 §3.1 enhanced route refresh: empty', () => {
    roundTrip({ name: 'route-refresh' }, '02 00');
    roundTrip({ name: 'enhanced-route-refresh' }, '46 00');
  });
  it('RFC 8654 §3 extended message: empty', () => {
    roundTrip({ name: 'extended-message' }, '06 00');
  });
  it('RFC 6793 §3 four-octet AS', () => {
    roundTrip({ name: 'four-octet-as', asn: 4200000001 }, '41 04 fa56ea01');
  });
  it('RFC 4724 §3 graceful restart: R and N bits, 12-bit time, per-family F bit', () => {
    roundTrip(
      {
        name: 'graceful-restart',
        restartState: true,
        notification: true,
        restartTimeSec: 120,
        families: [
          { afi: 1, safi: 1, forwardingState: true },
          { afi: 2, safi: 1, forwardingState: false },
        ],
      },
      '40 0a c078 0001 01 80 0002 01 00',
    );
  });
  it('RFC 4724 §3 graceful restart: reserved bits are ignored on receipt', () => {
    expect(decodeValue(64, '3fff')).to.deep.equal({
      name: 'graceful-restart',
      restartState: false,
      notification: false,
      restartTimeSec: 4095,
      families: [],
    });
  });
  it('RFC 9494 §3 long-lived graceful restart: per family F bit and 24-bit stale time', () => {
    roundTrip(
      {
        name: 'long-lived-graceful-restart',
        families: [
          { afi: 1, safi: 1, forwardingState: true, staleTimeSec: 0x123456 },
          { afi: 2, safi: 1, forwardingState: false, staleTimeSec: 3600 },
        ],
      },
      '47 0e 0001 01 80 123456 0002 01 00 000e10',
    );
    expect(() => decodeValue(71, '000101800000')).to.throw(/multiple of 7/);
  });
  it('RFC 7911 §4 ADD-PATH: receive, send, both', () => {
    roundTrip(
      {
        name: 'add-path',
        families: [
          { afi: 1, safi: 1, direction: 'receive' },
          { afi: 2, safi: 1, direction: 'send' },
          { afi: 1, safi: 2, direction: 'both' },
        ],
      },
      '45 0c 0001 01 01 0002 01 02 0001 02 03',
    );
  });
  it('RFC 8950 §3 extended next hop: 2-octet NLRI SAFI', () => {
    roundTrip(
      { name: 'extended-next-hop', entries: [{ afi: 1, safi: 1, nextHopAfi: 2 }] },
      '05 06 0001 0001 0002',
    );
  });
  it('RFC 5492 §4: an unknown capability is kept as raw bytes and re-encoded unchanged', () => {
    roundTrip({ name: 'unknown', code: 73, value: hex('02766d00') }, '49 04 02766d00');
  });

  const malformed: Array<[string, number, string]> = [
    ['RFC 4760 multiprotocol of 3 octets', 1, '000101'],
    ['RFC 2918 route refresh with a value', 2, '00'],
    ['RFC 6793 four-octet AS of 2 octets', 65, 'fde8'],
    ['RFC 4724 graceful restart with a partial family', 64, '0078000101'],
    ['RFC 7911 ADD-PATH with Send/Receive 4', 69, '00010104'],
    ['RFC 8950 extended next hop of 4 octets', 5, '00010001'],
  ];
  for (const [what, code, value] of malformed) {
    it(`rejects ${what}`, () => {
      expectTwillError(() => decodeValue(code, value), 'MALFORMED_CAPABILITY');
    });
  }
});
