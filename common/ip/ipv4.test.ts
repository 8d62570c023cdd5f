import { expect } from 'chai';

import { expectTwillError } from '../testing/expect-error.js';
import { IPv4Address } from './ipv4.js';
import { IPv6Address } from './ipv6.js';

describe('IPv4Address', () => {
  describe('parse/format', () => {
    const valid: Array<[string, number]> = [
      ['0.0.0.0', 0],
      ['255.255.255.255', 0xffffffff],
      ['10.0.0.1', 0x0a000001],
      ['192.168.1.254', 0xc0a801fe],
      ['128.0.0.0', 0x80000000],
      ['1.2.3.4', 0x01020304],
      ['100.64.0.0', 0x64400000],
    ];
    for (const [text, value] of valid) {
      it(`parses ${text}`, () => {
        const address = IPv4Address.parse(text);
        expect(address.value).to.equal(value);
        expect(address.family).to.equal(4);
        expect(address.toString()).to.equal(text);
      });
    }

    const invalid: Array<[string, string]> = [
      ['', 'it is empty'],
      ['1.2.3', 'it has 3 octets, expected 4'],
      ['1', 'it has 1 octet, expected 4'],
      ['1.2.3.4.5', 'more than 4 octets'],
      ['01.2.3.4', 'octet 1 "01" has a leading zero'],
      ['1.2.3.04', 'octet 4 "04" has a leading zero'],
      ['00.0.0.0', 'leading zero'],
      ['256.0.0.0', 'octet 1 "256" is greater than 255'],
      ['1.2.3.256', 'octet 4 "256" is greater than 255'],
      ['1234.1.1.1', 'greater than 255'],
      ['99999999999999999999.1.1.1', 'greater than 255'],
      [' 1.2.3.4', 'unexpected character " " at position 0'],
      ['1.2.3.4 ', 'unexpected character " " at position 7'],
      ['1.2.3.4\n', 'unexpected character "\\n"'],
      ['1..2.3', 'unexpected character "." at position 2'],
      ['1.2.3.', 'octet 4 is missing'],
      ['.1.2.3', 'unexpected character "."'],
      ['1.2.3.4/32', 'unexpected character "/"'],
      ['0x1.2.3.4', 'unexpected character "x"'],
      ['+1.2.3.4', 'unexpected character "+"'],
      ['1.2.3.-4', 'unexpected character "-"'],
      ['\uff11.2.3.4', 'unexpected character'], // fullwidth digit one
      ['::1', 'unexpected character ":"'],
    ];
    for (const [text, reason] of invalid) {
      it(`rejects ${JSON.stringify(text)}: ${reason}`, () => {
        const err = expectTwillError(() => IPv4Address.parse(text), 'INVALID_IP_ADDRESS', reason);
        expect(err.message).to.include(`invalid IPv4 address ${JSON.stringify(text)}`);
        expect(err.details).to.deep.equal({ input: text });
      });
    }

    it('rejects non-string input from untyped callers', () => {
      expectTwillError(
        () => IPv4Address.parse(undefined as unknown as string),
        'INVALID_IP_ADDRESS',
        'expected a string',
      );
    });
  });

  describe('numbers and bytes', () => {
    it('fromNumber validates the range', () => {
      expect(IPv4Address.fromNumber(0x7f000001).toString()).to.equal('127.0.0.1');
      for (const bad of [-1, 2 ** 32, 1.5, NaN]) {
        expectTwillError(() => IPv4Address.fromNumber(bad), 'INVALID_IP_ADDRESS');
      }
    });

    it('fromBigInt validates the range', () => {
      expect(IPv4Address.fromBigInt(0xffffffffn).toString()).to.equal('255.255.255.255');
      expectTwillError(() => IPv4Address.fromBigInt(1n << 32n), 'INVALID_IP_ADDRESS');
      expectTwillError(() => IPv4Address.fromBigInt(-1n), 'INVALID_IP_ADDRESS');
    });

    it('round-trips network-order bytes, including from an offset view', () => {
      const address = IPv4Address.parse('192.0.2.200');
      expect([...address.toBytes()]).to.deep.equal([192, 0, 2, 200]);
      const backing = Uint8Array.from([9, 9, 192, 0, 2, 200, 9]);
      expect(IPv4Address.fromBytes(backing.subarray(2, 6)).equals(address)).to.equal(true);
    });

    it('fromBytes wants exactly 4 bytes', () => {
      expectTwillError(() => IPv4Address.fromBytes(new Uint8Array(3)), 'INVALID_IP_ADDRESS', 'got 3');
      expectTwillError(() => IPv4Address.fromBytes(new Uint8Array(16)), 'INVALID_IP_ADDRESS', 'got 16');
    });

    it('toBytes returns a fresh buffer each time', () => {
      const address = IPv4Address.parse('1.2.3.4');
      address.toBytes().fill(0);
      expect(address.toString()).to.equal('1.2.3.4');
    });

    it('toBigInt and toJSON', () => {
      expect(IPv4Address.parse('0.0.1.0').toBigInt()).to.equal(256n);
      expect(JSON.stringify({ a: IPv4Address.parse('10.1.2.3') })).to.equal('{"a":"10.1.2.3"}');
    });
  });

  describe('equals/compare', () => {
    it('compares numerically, not textually', () => {
      const a = IPv4Address.parse('9.0.0.0');
      const b = IPv4Address.parse('10.0.0.0');
      expect(a.compare(b)).to.be.lessThan(0);
      expect(b.compare(a)).to.be.greaterThan(0);
      expect(a.compare(IPv4Address.parse('9.0.0.0'))).to.equal(0);
      // Above 128.0.0.0 the top bit is set; a signed comparison would get this wrong.
      expect(IPv4Address.parse('200.0.0.0').compare(IPv4Address.parse('100.0.0.0'))).to.be.greaterThan(0);
    });

    it('sorts before every IPv6 address and is never equal to one', () => {
      const v4 = IPv4Address.MAX;
      const v6 = IPv6Address.ANY;
      expect(v4.compare(v6)).to.be.lessThan(0);
      expect(v4.equals(v6)).to.equal(false);
      expect(IPv4Address.ANY.equals(IPv6Address.parse('::'))).to.equal(false);
    });

    it('equals by value', () => {
      expect(IPv4Address.parse('1.2.3.4').equals(IPv4Address.fromNumber(0x01020304))).to.equal(true);
      expect(IPv4Address.parse('1.2.3.4').equals(IPv4Address.parse('1.2.3.5'))).to.equal(false);
    });
  });

  describe('next/prev/add', () => {
    it('steps across octet boundaries', () => {
      expect(IPv4Address.parse('10.0.0.255').next().toString()).to.equal('10.0.1.0');
      expect(IPv4Address.parse('10.1.0.0').prev().toString()).to.equal('10.0.255.255');
      expect(IPv4Address.parse('127.255.255.255').next().toString()).to.equal('128.0.0.0');
    });

    it('next() of 0.0.0.0 and prev() of 255.255.255.255 work', () => {
      expect(IPv4Address.ANY.next().toString()).to.equal('0.0.0.1');
      expect(IPv4Address.MAX.prev().toString()).to.equal('255.255.255.254');
    });

    it('throws ADDRESS_OVERFLOW after 255.255.255.255', () => {
      expectTwillError(
        () => IPv4Address.parse('255.255.255.255').next(),
        'ADDRESS_OVERFLOW',
        '255.255.255.255',
      );
    });

    it('throws ADDRESS_UNDERFLOW before 0.0.0.0', () => {
      expectTwillError(() => IPv4Address.parse('0.0.0.0').prev(), 'ADDRESS_UNDERFLOW', '0.0.0.0');
    });

    it('add() takes numbers and bigints, negative too, and checks both ends', () => {
      const base = IPv4Address.parse('10.0.0.0');
      expect(base.add(256).toString()).to.equal('10.0.1.0');
      expect(base.add(-1n).toString()).to.equal('9.255.255.255');
      expect(base.add(0).equals(base)).to.equal(true);
      expect(IPv4Address.ANY.add(0xffffffff).equals(IPv4Address.MAX)).to.equal(true);
      expectTwillError(() => IPv4Address.MAX.add(1), 'ADDRESS_OVERFLOW');
      expectTwillError(() => IPv4Address.ANY.add(-1), 'ADDRESS_UNDERFLOW');
      expectTwillError(() => base.add(0.5), 'INVALID_ARGUMENT');
    });
  });

  describe('classification', () => {
    it('recognises unspecified, loopback and link-local', () => {
      expect(IPv4Address.parse('0.0.0.0').isUnspecified()).to.equal(true);
      expect(IPv4Address.parse('0.0.0.1').isUnspecified()).to.equal(false);
      expect(IPv4Address.parse('127.8.9.10').isLoopback()).to.equal(true);
      expect(IPv4Address.parse('128.0.0.1').isLoopback()).to.equal(false);
      expect(IPv4Address.parse('169.254.3.4').isLinkLocal()).to.equal(true);
      expect(IPv4Address.parse('169.255.0.1').isLinkLocal()).to.equal(false);
    });
  });

  it('is immutable', () => {
    const address = IPv4Address.parse('1.2.3.4');
    expect(Object.isFrozen(address)).to.equal(true);
    expect(() => {
      (address as { value: number }).value = 5;
    }).to.throw(TypeError);
  });
});
