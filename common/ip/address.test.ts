import { expect } from 'chai';

import { expectTwillError } from '../testing/expect-error.js';
import {
  addressBits,
  compareIpAddresses,
  ipAddressFromBigInt,
  ipAddressFromBytes,
  parseIpAddress,
  tryParseIpAddress,
} from './address.js';
import { IPv4Address } from './ipv4.js';
import { IPv6Address } from './ipv6.js';

describe('IpAddress (either family)', () => {
  it('parseIpAddress picks the family from the text', () => {
    const v4 = parseIpAddress('10.0.0.1');
    const v6 = parseIpAddress('2001:db8::1');
    expect(v4).to.be.instanceOf(IPv4Address);
    expect(v4.family).to.equal(4);
    expect(v6).to.be.instanceOf(IPv6Address);
    expect(v6.family).to.equal(6);
    expect(parseIpAddress('::ffff:10.0.0.1')).to.be.instanceOf(IPv6Address);
  });

  it('parseIpAddress explains failures for the family the text looks like', () => {
    expectTwillError(
      () => parseIpAddress('10.0.0.256'),
      'INVALID_IP_ADDRESS',
      '"10.0.0.256"',
      'IPv4',
      '"256"',
    );
    expectTwillError(() => parseIpAddress('2001:db8:::1'), 'INVALID_IP_ADDRESS', 'IPv6', '"::"');
    expectTwillError(() => parseIpAddress('localhost'), 'INVALID_IP_ADDRESS', '"localhost"');
    expectTwillError(() => parseIpAddress(null as unknown as string), 'INVALID_IP_ADDRESS', 'got null');
  });

  it('tryParseIpAddress returns undefined instead of throwing', () => {
    expect(tryParseIpAddress('1.2.3.4')?.toString()).to.equal('1.2.3.4');
    expect(tryParseIpAddress('fe80::1')?.toString()).to.equal('fe80::1');
    expect(tryParseIpAddress('example.com')).to.equal(undefined);
    expect(tryParseIpAddress('01.2.3.4')).to.equal(undefined);
  });

  it('ipAddressFromBytes picks the family from the length', () => {
    expect(ipAddressFromBytes(Uint8Array.from([1, 2, 3, 4])).toString()).to.equal('1.2.3.4');
    const v6 = ipAddressFromBytes(new Uint8Array(16).fill(0xff));
    expect(v6.family).to.equal(6);
    expect(v6.equals(IPv6Address.MAX)).to.equal(true);
    expectTwillError(
      () => ipAddressFromBytes(new Uint8Array(5)),
      'INVALID_IP_ADDRESS',
      '4 or 16 bytes, got 5',
    );
    expectTwillError(() => ipAddressFromBytes(new Uint8Array(0)), 'INVALID_IP_ADDRESS', 'got 0');
  });

  it('ipAddressFromBigInt builds the requested family', () => {
    const v4: IPv4Address = ipAddressFromBigInt(4, 0x0a000001n);
    expect(v4.toString()).to.equal('10.0.0.1');
    expect(ipAddressFromBigInt(6, 0x0a000001n).toString()).to.equal('::a00:1');
    expectTwillError(() => ipAddressFromBigInt(4, 1n << 32n), 'INVALID_IP_ADDRESS');
  });

  it('addressBits', () => {
    expect(addressBits(4)).to.equal(32);
    expect(addressBits(6)).to.equal(128);
    expectTwillError(() => addressBits(5 as 4), 'UNREACHABLE', '5');
  });

  it('compareIpAddresses sorts IPv4 before IPv6, numerically within each', () => {
    const texts = [
      'fe80::1',
      '10.0.0.2',
      '::',
      '255.255.255.255',
      '9.255.255.255',
      '::ffff:0.0.0.1',
      '0.0.0.0',
      '10.0.0.10',
    ];
    const sorted = texts.map(parseIpAddress).sort(compareIpAddresses).map(String);
    expect(sorted).to.deep.equal([
      '0.0.0.0',
      '9.255.255.255',
      '10.0.0.2',
      '10.0.0.10',
      '255.255.255.255',
      '::',
      '::ffff:0.0.0.1',
      'fe80::1',
    ]);
  });

  it('compare is antisymmetric and consistent with equals', () => {
    const all = ['0.0.0.0', '1.2.3.4', '255.255.255.255', '::', '::1', 'ffff::'].map(parseIpAddress);
    for (const a of all) {
      for (const b of all) {
        expect(Math.sign(a.compare(b))).to.equal(-Math.sign(b.compare(a)));
        expect(a.compare(b) === 0).to.equal(a.equals(b));
      }
    }
  });
});
