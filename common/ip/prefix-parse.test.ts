import { expect } from 'chai';

import { expectTwillError } from '../testing/expect-error.js';
import type { Prefix } from './prefix.js';
import { parsePrefix, parsePrefixLoose, tryParsePrefix } from './prefix-parse.js';

const p = (text: string): Prefix => parsePrefix(text);

describe('parsePrefix', () => {
  const valid: Array<[string, string]> = [
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['192.168.1.7/32', '192.168.1.7/32'],
    ['255.255.255.254/31', '255.255.255.254/31'],
    ['::/0', '::/0'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['2001:db8:0:0::/64', '2001:db8::/64'],
    ['fe80::1/128', 'fe80::1/128'],
    ['::ffff:10.0.0.0/104', '::ffff:10.0.0.0/104'],
  ];
  for (const [text, canonical] of valid) {
    it(`parses ${text}`, () => {
      expect(p(text).toString()).to.equal(canonical);
    });
  }

  const invalid: Array<[string, string]> = [
    ['10.0.0.0', 'missing "/length"'],
    ['10.0.0.0/', 'the length after "/" is empty'],
    ['10.0.0.0/8/8', 'more than one "/"'],
    ['10.0.0.0/33', 'length 33 is greater than 32'],
    ['::/129', 'length 129 is greater than 128'],
    ['10.0.0.0/08', 'not a decimal number without leading zeros'],
    ['10.0.0.0/-1', 'not a decimal number'],
    ['10.0.0.0/+8', 'not a decimal number'],
    ['10.0.0.0/ 8', 'not a decimal number'],
    ['10.0.0.0/8 ', 'not a decimal number'],
    ['10.0.0.0/1000', 'not a decimal number'],
    ['10.0.0.1/8', 'host bits are set (did you mean 10.0.0.0/8?)'],
    ['10.0.0.0/6', 'host bits are set (did you mean 8.0.0.0/6?)'],
    ['2001:db8::1/64', 'did you mean 2001:db8::/64?'],
    ['010.0.0.0/8', 'leading zero'],
    ['10.0.0/8', 'it has 3 octets'],
    ['/8', 'it is empty'],
    ['2001:db8:::/32', '"::" may appear at most once'],
  ];
  for (const [text, reason] of invalid) {
    it(`rejects ${JSON.stringify(text)}: ${reason}`, () => {
      expectTwillError(() => p(text), 'INVALID_PREFIX', `invalid prefix ${JSON.stringify(text)}`, reason);
    });
  }

  it('accepts 10.0.0.0/7 because the host bits really are zero', () => {
    // 10 = 0b00001010: the /7 boundary falls on the last bit, which is 0.
    expect(p('10.0.0.0/7').toString()).to.equal('10.0.0.0/7');
    expectTwillError(() => p('11.0.0.0/7'), 'INVALID_PREFIX', 'did you mean 10.0.0.0/7?');
  });

  it('loose parsing clears host bits', () => {
    expect(parsePrefixLoose('10.1.2.3/8').toString()).to.equal('10.0.0.0/8');
    expect(parsePrefix('10.1.2.3/8', { strict: false }).toString()).to.equal('10.0.0.0/8');
    expect(parsePrefixLoose('2001:db8::1/32').toString()).to.equal('2001:db8::/32');
    expect(parsePrefixLoose('1.2.3.4/0').toString()).to.equal('0.0.0.0/0');
    expectTwillError(() => parsePrefixLoose('1.2.3.4/40'), 'INVALID_PREFIX', 'greater than 32');
  });

  it('can require a family', () => {
    const v4: Prefix<4> = parsePrefix('10.0.0.0/8', { family: 4 });
    expect(v4.family).to.equal(4);
    expectTwillError(
      () => parsePrefix('::/0', { family: 4 }),
      'INVALID_PREFIX',
      'expected an IPv4 prefix, got IPv6',
    );
    expectTwillError(
      () => parsePrefixLoose('10.0.0.0/8', { family: 6 }),
      'INVALID_PREFIX',
      'expected an IPv6',
    );
  });

  it('tryParsePrefix returns undefined instead of throwing', () => {
    expect(tryParsePrefix('10.0.0.0/8')?.toString()).to.equal('10.0.0.0/8');
    expect(tryParsePrefix('10.0.0.1/8')).to.equal(undefined);
    expect(tryParsePrefix('10.0.0.1/8', { strict: false })?.toString()).to.equal('10.0.0.0/8');
  });

  it('serialises as text', () => {
    expect(JSON.stringify([p('10.0.0.0/8')])).to.equal('["10.0.0.0/8"]');
  });
});
