import { expect } from 'chai';

import { expectTwillError } from '../testing/expect-error.js';
import { parseIpAddress } from './address.js';
import { IPv4Address } from './ipv4.js';
import { IPv6Address } from './ipv6.js';
import { comparePrefixes, DEFAULT_SPLIT_MAX_COUNT, Prefix } from './prefix.js';
import { parsePrefix, parsePrefixLoose } from './prefix-parse.js';

const p = (text: string): Prefix => parsePrefix(text);
const a = parseIpAddress;

describe('Prefix', () => {
  describe('construction', () => {
    it('of() is strict, containing() masks, host() is /32 or /128', () => {
      expect(Prefix.of(a('10.1.0.0'), 16).toString()).to.equal('10.1.0.0/16');
      expectTwillError(() => Prefix.of(a('10.1.0.1'), 16), 'INVALID_PREFIX', 'did you mean 10.1.0.0/16?');
      expect(Prefix.containing(a('10.1.200.1'), 17).toString()).to.equal('10.1.128.0/17');
      expect(Prefix.containing(a('2001:db8:abcd::1'), 40).toString()).to.equal('2001:db8:ab00::/40');
      expect(Prefix.host(a('10.0.0.1')).toString()).to.equal('10.0.0.1/32');
      expect(Prefix.host(a('::1')).toString()).to.equal('::1/128');
      expect(Prefix.host(a('::1')).isHost()).to.equal(true);
      expect(p('::/127').isHost()).to.equal(false);
    });

    it('rejects invalid lengths', () => {
      for (const bad of [-1, 33, 1.5, NaN]) {
        expectTwillError(() => Prefix.containing(IPv4Address.ANY, bad), 'INVALID_PREFIX_LENGTH');
      }
      expectTwillError(() => Prefix.containing(IPv6Address.ANY, 129), 'INVALID_PREFIX_LENGTH', '0..128');
    });

    it('has default-route constants', () => {
      expect(Prefix.DEFAULT_IPV4.toString()).to.equal('0.0.0.0/0');
      expect(Prefix.DEFAULT_IPV6.toString()).to.equal('::/0');
    });
  });

  describe('size, last, mask, addressAt', () => {
    const cases: Array<[string, bigint, string, string]> = [
      ['10.0.0.0/8', 1n << 24n, '10.255.255.255', '255.0.0.0'],
      ['192.168.1.0/24', 256n, '192.168.1.255', '255.255.255.0'],
      ['192.168.1.4/31', 2n, '192.168.1.5', '255.255.255.254'],
      ['192.168.1.4/32', 1n, '192.168.1.4', '255.255.255.255'],
      ['0.0.0.0/0', 1n << 32n, '255.255.255.255', '0.0.0.0'],
      ['128.0.0.0/1', 1n << 31n, '255.255.255.255', '128.0.0.0'],
      ['2001:db8::/32', 1n << 96n, '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff::'],
      ['::/0', 1n << 128n, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '::'],
      ['fe80::1/128', 1n, 'fe80::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ];
    for (const [text, size, last, mask] of cases) {
      it(`${text}: size ${size}, last ${last}, mask ${mask}`, () => {
        const prefix = p(text);
        expect(prefix.size).to.equal(size);
        expect(prefix.last.toString()).to.equal(last);
        expect(prefix.broadcast.toString()).to.equal(last);
        expect(prefix.mask.toString()).to.equal(mask);
        expect(prefix.addressAt(0).equals(prefix.network)).to.equal(true);
        expect(prefix.addressAt(size - 1n).toString()).to.equal(last);
        expectTwillError(() => prefix.addressAt(size), 'INDEX_OUT_OF_RANGE', text);
      });
    }

    it('addressAt checks its index', () => {
      const prefix = p('10.0.0.0/30');
      expect(prefix.addressAt(2).toString()).to.equal('10.0.0.2');
      expect(prefix.addressAt(3n).toString()).to.equal('10.0.0.3');
      expectTwillError(() => prefix.addressAt(-1), 'INDEX_OUT_OF_RANGE', 'index -1');
      expectTwillError(() => prefix.addressAt(4), 'INDEX_OUT_OF_RANGE', 'index 4', '(4 addresses)');
      expectTwillError(() => prefix.addressAt(1.5), 'INVALID_ARGUMENT');
    });
  });

  describe('contains/containsPrefix/overlaps', () => {
    const containsCases: Array<[string, string, boolean]> = [
      ['10.0.0.0/8', '10.0.0.0', true],
      ['10.0.0.0/8', '10.255.255.255', true],
      ['10.0.0.0/8', '11.0.0.0', false],
      ['10.0.0.0/8', '9.255.255.255', false],
      ['0.0.0.0/0', '255.255.255.255', true],
      ['0.0.0.0/0', '::', false],
      ['192.168.1.1/32', '192.168.1.1', true],
      ['192.168.1.1/32', '192.168.1.2', false],
      ['128.0.0.0/1', '200.0.0.1', true],
      ['128.0.0.0/1', '127.255.255.255', false],
      ['2001:db8::/32', '2001:db8:ffff::1', true],
      ['2001:db8::/32', '2001:db9::', false],
      ['::/0', '0.0.0.0', false],
      ['::ffff:0:0/96', '::ffff:1.2.3.4', true],
      ['::ffff:0:0/96', '1.2.3.4', false],
    ];
    for (const [prefix, address, expected] of containsCases) {
      it(`${prefix} ${expected ? 'contains' : 'does not contain'} ${address}`, () => {
        expect(p(prefix).contains(a(address))).to.equal(expected);
      });
    }

    it('containsPrefix and overlaps', () => {
      expect(p('10.0.0.0/8').containsPrefix(p('10.1.0.0/16'))).to.equal(true);
      expect(p('10.0.0.0/8').containsPrefix(p('10.0.0.0/8'))).to.equal(true);
      expect(p('10.1.0.0/16').containsPrefix(p('10.0.0.0/8'))).to.equal(false);
      expect(p('10.0.0.0/8').containsPrefix(p('11.0.0.0/16'))).to.equal(false);
      expect(p('0.0.0.0/0').containsPrefix(p('::/0'))).to.equal(false);
      expect(p('10.1.0.0/16').overlaps(p('10.0.0.0/8'))).to.equal(true);
      expect(p('10.0.0.0/8').overlaps(p('10.1.0.0/16'))).to.equal(true);
      expect(p('10.0.0.0/16').overlaps(p('10.1.0.0/16'))).to.equal(false);
      expect(p('2001:db8::/48').overlaps(p('2001:db8:0:ff::/64'))).to.equal(true);
    });
  });

  describe('split', () => {
    it('splits an IPv4 prefix in address order', () => {
      expect([...p('10.0.0.0/24').split(26)].map(String)).to.deep.equal([
        '10.0.0.0/26',
        '10.0.0.64/26',
        '10.0.0.128/26',
        '10.0.0.192/26',
      ]);
    });

    it('splitting to the same length yields the prefix itself; to /32 yields every host', () => {
      expect([...p('10.0.0.0/24').split(24)].map(String)).to.deep.equal(['10.0.0.0/24']);
      expect([...p('10.0.0.252/30').split(32)].map(String)).to.deep.equal([
        '10.0.0.252/32',
        '10.0.0.253/32',
        '10.0.0.254/32',
        '10.0.0.255/32',
      ]);
    });

    it('handles the top of the IPv4 space without overflow', () => {
      const parts = [...p('0.0.0.0/0').split(2)].map(String);
      expect(parts).to.deep.equal(['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/2']);
    });

    it('splits an IPv6 prefix', () => {
      expect([...p('2001:db8::/47').split(48)].map(String)).to.deep.equal([
        '2001:db8::/48',
        '2001:db8:1::/48',
      ]);
      const last = [...p('ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124').split(126)].map(String);
      expect(last).to.deep.equal([
        'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/126',
        'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff4/126',
        'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff8/126',
        'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffc/126',
      ]);
    });

    it('is lazy: taking the first few of a large split is cheap', () => {
      const gen = p('10.0.0.0/8').split(24);
      expect(gen.next().value?.toString()).to.equal('10.0.0.0/24');
      expect(gen.next().value?.toString()).to.equal('10.0.1.0/24');
    });

    it('validates eagerly, before iteration', () => {
      expectTwillError(() => p('10.0.0.0/24').split(23), 'INVALID_PREFIX_LENGTH', 'between 24 and 32');
      expectTwillError(() => p('10.0.0.0/24').split(33), 'INVALID_PREFIX_LENGTH');
      expectTwillError(() => p('10.0.0.0/24').split(25.5), 'INVALID_PREFIX_LENGTH');
    });

    it('guards against huge counts', () => {
      expect(DEFAULT_SPLIT_MAX_COUNT).to.equal(65_536);
      expect(() => p('10.0.0.0/8').split(24)).not.to.throw(); // exactly 65536
      expectTwillError(() => p('10.0.0.0/8').split(25), 'SPLIT_TOO_LARGE', '131072', '65536');
      expectTwillError(() => p('2001:db8::/32').split(64), 'SPLIT_TOO_LARGE', '4294967296');
      expectTwillError(() => p('::/0').split(128), 'SPLIT_TOO_LARGE');
      expectTwillError(() => p('10.0.0.0/24').split(26, { maxCount: 3 }), 'SPLIT_TOO_LARGE');
      expect([...p('10.0.0.0/24').split(26, { maxCount: 4 })]).to.have.length(4);
      expectTwillError(() => p('10.0.0.0/24').split(26, { maxCount: 0 }), 'INVALID_ARGUMENT');
    });
  });

  describe('supernet', () => {
    it('returns the enclosing prefix', () => {
      expect(p('10.1.2.0/24').supernet(16).toString()).to.equal('10.1.0.0/16');
      expect(p('10.1.2.0/24').supernet(24).toString()).to.equal('10.1.2.0/24');
      expect(p('10.1.2.0/24').supernet(0).toString()).to.equal('0.0.0.0/0');
      expect(p('2001:db8:1::/48').supernet(32).toString()).to.equal('2001:db8::/32');
      expectTwillError(() => p('10.1.2.0/24').supernet(25), 'INVALID_PREFIX_LENGTH');
    });
  });

  describe('significant bytes (BGP NLRI form)', () => {
    const cases: Array<[string, string]> = [
      ['0.0.0.0/0', ''],
      ['10.0.0.0/8', '0a'],
      ['10.128.0.0/9', '0a80'],
      ['192.168.1.0/24', 'c0a801'],
      ['192.168.1.1/32', 'c0a80101'],
      ['2001:db8::/32', '20010db8'],
      ['2001:db8:8000::/33', '20010db880'],
      ['fe80::1/128', 'fe800000000000000000000000000001'],
    ];
    for (const [text, hex] of cases) {
      it(`${text} <-> ${hex || '(empty)'}`, () => {
        const prefix = p(text);
        expect(prefix.significantBytes().toString('hex')).to.equal(hex);
        const decoded = Prefix.fromSignificantBytes(prefix.family, prefix.length, Buffer.from(hex, 'hex'));
        expect(decoded.equals(prefix)).to.equal(true);
      });
    }

    it('clears the irrelevant trailing bits (RFC 4271 section 4.3)', () => {
      expect(Prefix.fromSignificantBytes(4, 9, Uint8Array.from([10, 0xff])).toString()).to.equal(
        '10.128.0.0/9',
      );
    });

    it('rejects a byte count that does not match the length', () => {
      expectTwillError(
        () => Prefix.fromSignificantBytes(4, 24, Uint8Array.from([10, 0])),
        'INVALID_PREFIX',
        'encoded in 3 bytes, got 2',
      );
      expectTwillError(() => Prefix.fromSignificantBytes(4, 8, Uint8Array.from([10, 0])), 'INVALID_PREFIX');
      expectTwillError(() => Prefix.fromSignificantBytes(4, 33, new Uint8Array(5)), 'INVALID_PREFIX_LENGTH');
    });
  });

  describe('equals/compare', () => {
    it('sorts IPv4 first, then by network, then shorter first', () => {
      const texts = [
        '10.1.0.0/16',
        '::/0',
        '10.0.0.0/16',
        '10.0.0.0/8',
        '9.0.0.0/8',
        '0.0.0.0/0',
        '2001:db8::/32',
      ];
      expect(texts.map(p).sort(comparePrefixes).map(String)).to.deep.equal([
        '0.0.0.0/0',
        '9.0.0.0/8',
        '10.0.0.0/8',
        '10.0.0.0/16',
        '10.1.0.0/16',
        '::/0',
        '2001:db8::/32',
      ]);
    });

    it('equals needs the same network and length', () => {
      expect(p('10.0.0.0/8').equals(parsePrefixLoose('10.9.9.9/8'))).to.equal(true);
      expect(p('10.0.0.0/8').equals(p('10.0.0.0/9'))).to.equal(false);
      expect(p('0.0.0.0/0').equals(p('::/0'))).to.equal(false);
      expect(p('10.0.0.0/8').compare(p('10.0.0.0/8'))).to.equal(0);
    });
  });

  it('narrows the family with isIPv4/isIPv6', () => {
    const prefix = p('10.0.0.0/8');
    expect(prefix.isIPv4()).to.equal(true);
    expect(prefix.isIPv6()).to.equal(false);
    if (prefix.isIPv4()) {
      const network: IPv4Address = prefix.network;
      expect(network.value).to.equal(0x0a000000);
    }
    expect(Object.isFrozen(prefix)).to.equal(true);
  });
});
