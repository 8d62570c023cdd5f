import { expect } from 'chai';

import { expectTwillError } from '../testing/expect-error.js';
import { IPv4Address } from './ipv4.js';
import { IPv6Address } from './ipv6.js';

const ALL_ONES = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';

describe('IPv6Address', () => {
  describe('parse + RFC 5952 canonical format', () => {
    // [input, canonical output]
    const cases: Array<[string, string]> = [
      ['::', '::'],
      ['0:0:0:0:0:0:0:0', '::'],
      ['::1', '::1'],
      ['0:0:0:0:0:0:0:1', '::1'],
      ['1::', '1::'],
      ['1:0:0:0:0:0:0:0', '1::'],
      // §4.1: leading zeros suppressed.
      ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['2001:0db8::0001', '2001:db8::1'],
      // §4.2.1: "::" used to its maximum capability.
      ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
      ['2001:db8::0:1', '2001:db8::1'],
      // §4.2.2: a single 16-bit 0 field is not shortened.
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['2001:db8::1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
      ['1:2:3:4:5:6:7:0', '1:2:3:4:5:6:7:0'],
      ['0:1:2:3:4:5:6:7', '0:1:2:3:4:5:6:7'],
      // §4.2.3: the longest run wins, and the leftmost on a tie.
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
      ['0:0:1:0:0:0:1:1', '0:0:1::1:1'],
      ['1:0:0:0:1:0:0:0', '1::1:0:0:0'],
      // §4.3: lowercase.
      ['2001:DB8::AAAA', '2001:db8::aaaa'],
      ['FE80::A:b:C:d', 'fe80::a:b:c:d'],
      [ALL_ONES.toUpperCase(), ALL_ONES],
      // Embedded IPv4 input forms; only IPv4-mapped keeps dotted output (§5).
      ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
      ['::FFFF:0102:0304', '::ffff:1.2.3.4'],
      ['0:0:0:0:0:ffff:192.0.2.1', '::ffff:192.0.2.1'],
      ['::ffff:0.0.0.0', '::ffff:0.0.0.0'],
      ['::1.2.3.4', '::102:304'],
      ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
      ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
      ['1::255.255.255.255', '1::ffff:ffff'],
      ['::1:ffff:1.2.3.4', '::1:ffff:102:304'],
      ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
      ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    ];
    for (const [input, canonical] of cases) {
      it(`${input} -> ${canonical}`, () => {
        const address = IPv6Address.parse(input);
        expect(address.family).to.equal(6);
        expect(address.toString()).to.equal(canonical);
        // The canonical form must parse back to the same value.
        expect(IPv6Address.parse(canonical).value).to.equal(address.value);
      });
    }

    it('parses to the expected 128-bit value', () => {
      expect(IPv6Address.parse('::1').value).to.equal(1n);
      expect(IPv6Address.parse('1::').value).to.equal(1n << 112n);
      expect(IPv6Address.parse('2001:db8::ff00:42:8329').value).to.equal(0x20010db8000000000000ff0000428329n);
      expect(IPv6Address.parse(ALL_ONES).value).to.equal((1n << 128n) - 1n);
    });
  });

  describe('rejections', () => {
    const invalid: Array<[string, string]> = [
      ['', 'it is empty'],
      [':', 'single ":"'],
      [':::', '"::" may appear at most once'],
      ['1:::2', '"::" may appear at most once'],
      ['1::2::3', '"::" may appear at most once'],
      [':1:2:3:4:5:6:7', 'starts with a single ":"'],
      [':1::2', 'starts with a single ":"'],
      ['1:2:3:4:5:6:7:', 'ends with a single ":"'],
      ['1::2:', 'ends with a single ":"'],
      ['1:2:3:4:5:6:7', 'it has 7 groups, expected 8'],
      ['1:2:3:4:5:6:7:8:9', 'it has 9 groups, expected 8'],
      ['1::2:3:4:5:6:7:8', '8 groups besides "::"'],
      ['::1:2:3:4:5:6:7:8', '8 groups besides "::"'],
      ['1:2:3:4:5:6:7:1.2.3.4', 'it has 9 groups'],
      ['1:2:3:4:5:6:1.2.3.4::', 'only allowed as the last 32 bits'],
      ['12345::', 'group "12345" is not 1 to 4 hex digits'],
      ['g::', 'group "g"'],
      ['0x1::', 'group "0x1"'],
      ['::-1', 'group "-1"'],
      ['+1::', 'group "+1"'],
      [' ::1', 'group " "'],
      ['::1 ', 'group "1 "'],
      ['::ffff:01.2.3.4', 'embedded IPv4 "01.2.3.4" is invalid: octet 1 "01" has a leading zero'],
      ['::ffff:1.2.3', 'embedded IPv4 "1.2.3" is invalid: it has 3 octets'],
      ['::ffff:1.2.3.256', 'greater than 255'],
      ['1.2.3.4::', 'only allowed as the last 32 bits'],
      ['::1.2.3.4:5', 'only allowed as the last 32 bits'],
      ['fe80::1%eth0', 'zone identifiers'],
      ['1.2.3.4', 'it has 2 groups, expected 8'],
    ];
    for (const [text, reason] of invalid) {
      it(`rejects ${JSON.stringify(text)}: ${reason}`, () => {
        expectTwillError(
          () => IPv6Address.parse(text),
          'INVALID_IP_ADDRESS',
          `invalid IPv6 address ${JSON.stringify(text)}`,
          reason,
        );
      });
    }
  });

  describe('bytes and bigints', () => {
    it('round-trips network-order bytes', () => {
      const address = IPv6Address.parse('2001:db8::ff00:42:8329');
      const bytes = address.toBytes();
      expect(bytes.toString('hex')).to.equal('20010db8000000000000ff0000428329');
      expect(IPv6Address.fromBytes(bytes).equals(address)).to.equal(true);
    });

    it('reads from a view at a non-zero offset', () => {
      const backing = new Uint8Array(20).fill(0xee);
      backing.set(IPv6Address.parse('fe80::1').toBytes(), 3);
      expect(IPv6Address.fromBytes(backing.subarray(3, 19)).toString()).to.equal('fe80::1');
    });

    it('fromBytes wants exactly 16 bytes', () => {
      expectTwillError(() => IPv6Address.fromBytes(new Uint8Array(4)), 'INVALID_IP_ADDRESS', 'got 4');
    });

    it('fromBigInt validates the range', () => {
      expect(IPv6Address.fromBigInt(2n).toString()).to.equal('::2');
      expectTwillError(() => IPv6Address.fromBigInt(1n << 128n), 'INVALID_IP_ADDRESS');
      expectTwillError(() => IPv6Address.fromBigInt(-1n), 'INVALID_IP_ADDRESS');
    });
  });

  describe('next/prev/add at the edges', () => {
    it('steps across group boundaries', () => {
      expect(IPv6Address.parse('::ffff').next().toString()).to.equal('::1:0');
      expect(IPv6Address.parse('1::').prev().toString()).to.equal('0:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    });

    it(':: has a next but no prev', () => {
      expect(IPv6Address.parse('::').next().toString()).to.equal('::1');
      expectTwillError(() => IPv6Address.parse('::').prev(), 'ADDRESS_UNDERFLOW', '::');
    });

    it('ffff:...:ffff has a prev but no next', () => {
      const max = IPv6Address.parse(ALL_ONES);
      expect(max.prev().toString()).to.equal('ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe');
      expectTwillError(() => max.next(), 'ADDRESS_OVERFLOW', ALL_ONES);
    });

    it('add() checks both ends', () => {
      expect(
        IPv6Address.parse('2001:db8::')
          .add(1n << 64n)
          .toString(),
      ).to.equal('2001:db8:0:1::');
      expect(IPv6Address.parse('::1').add(-1).toString()).to.equal('::');
      expectTwillError(() => IPv6Address.MAX.add(1n), 'ADDRESS_OVERFLOW');
      expectTwillError(() => IPv6Address.ANY.add(-1n), 'ADDRESS_UNDERFLOW');
    });
  });

  describe('compare/equals', () => {
    it('orders numerically and after all IPv4', () => {
      const sorted = ['::', '::1', '1::', '2001:db8::', 'fe80::', ALL_ONES].map((t) => IPv6Address.parse(t));
      for (let i = 1; i < sorted.length; i++) {
        expect((sorted[i - 1] as IPv6Address).compare(sorted[i] as IPv6Address)).to.be.lessThan(0);
        expect((sorted[i] as IPv6Address).compare(sorted[i - 1] as IPv6Address)).to.be.greaterThan(0);
      }
      expect(IPv6Address.ANY.compare(IPv4Address.MAX)).to.be.greaterThan(0);
      // ::ffff:1.2.3.4 is a different value from 1.2.3.4, even though it denotes the same host.
      expect(IPv6Address.parse('::ffff:1.2.3.4').equals(IPv4Address.parse('1.2.3.4'))).to.equal(false);
    });
  });

  describe('IPv4-mapped and classification', () => {
    it('converts to and from IPv4-mapped form', () => {
      const mapped = IPv6Address.fromIPv4Mapped(IPv4Address.parse('192.0.2.1'));
      expect(mapped.toString()).to.equal('::ffff:192.0.2.1');
      expect(mapped.isIPv4Mapped()).to.equal(true);
      expect(mapped.toIPv4Mapped()?.toString()).to.equal('192.0.2.1');
      expect(IPv6Address.parse('::1:ffff:0:0').toIPv4Mapped()).to.equal(undefined);
      expect(IPv6Address.parse('::1.2.3.4').isIPv4Mapped()).to.equal(false);
    });

    it('recognises link-local fe80::/10 exactly', () => {
      expect(IPv6Address.parse('fe80::1').isLinkLocal()).to.equal(true);
      expect(IPv6Address.parse('febf:ffff::').isLinkLocal()).to.equal(true);
      expect(IPv6Address.parse('fec0::').isLinkLocal()).to.equal(false);
      expect(IPv6Address.parse('fe7f::').isLinkLocal()).to.equal(false);
    });

    it('recognises loopback and unspecified', () => {
      expect(IPv6Address.parse('::1').isLoopback()).to.equal(true);
      expect(IPv6Address.parse('::2').isLoopback()).to.equal(false);
      expect(IPv6Address.parse('::').isUnspecified()).to.equal(true);
      expect(IPv6Address.parse('::1').isUnspecified()).to.equal(false);
    });
  });
});
