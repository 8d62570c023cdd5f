import { expect } from 'chai';

import { MaxPrefixGuard, maxPrefixNotificationData, maxPrefixVerdict } from './max-prefix.js';

describe('max-prefix (RFC 4486 §4)', () => {
  it('warns from the threshold and is exceeded only above the limit', () => {
    const c = { limit: 10, warningThresholdPercent: 80 };
    expect([7, 8, 10, 11].map((n) => maxPrefixVerdict(c, n))).to.deep.equal([
      'ok',
      'warning',
      'warning',
      'exceeded',
    ]);
    expect(maxPrefixVerdict({ limit: 4 }, 3)).to.equal('warning'); // default 75 %
    expect(maxPrefixVerdict({ limit: 4 }, 2)).to.equal('ok');
  });

  it('encodes AFI, SAFI and the limit as the Cease data', () => {
    expect(Buffer.from(maxPrefixNotificationData('ipv6-unicast', 70_000)).toString('hex')).to.equal(
      '00020100011170',
    );
  });

  it('warns once per crossing and reports the family over its limit in words', () => {
    const g = new MaxPrefixGuard({ 'ipv4-unicast': { limit: 4 }, 'ipv6-unicast': { limit: 100 } });
    const warned: string[] = [];
    const counts: Record<string, number> = { 'ipv4-unicast': 3, 'ipv6-unicast': 1 };
    const check = () =>
      g.check(
        (f) => counts[f] ?? 0,
        (f, n) => warned.push(`${f}:${n}`),
      );
    expect(check()).to.equal(undefined);
    expect(check()).to.equal(undefined);
    expect(warned).to.deep.equal(['ipv4-unicast:3']);
    counts['ipv4-unicast'] = 5;
    expect(check()).to.deep.include({ family: 'ipv4-unicast', received: 5 });
    expect(g.lastExceeded).to.equal('maximum prefixes reached for ipv4-unicast: 5 received, limit 4');
    expect(g.status((f) => counts[f] ?? 0)['ipv4-unicast']).to.deep.include({ state: 'exceeded', limit: 4 });
  });
});
