import { expect } from 'chai';

import { parsePrefix } from '../../common/index.js';
import { PrefixTrie } from './prefix-trie.js';

const p = parsePrefix;

describe('PrefixTrie (prefix lists with ge/le)', () => {
  it('without ge/le matches the exact prefix only', () => {
    const t = new PrefixTrie([{ prefix: p('10.0.0.0/16') }]);
    expect(t.matches(p('10.0.0.0/16'))).to.equal(true);
    expect(t.matches(p('10.0.1.0/24'))).to.equal(false);
    expect(t.matches(p('10.0.0.0/15'))).to.equal(false);
    expect(t.matches(p('10.1.0.0/16'))).to.equal(false);
  });

  it('le alone: from the prefix length up to le, both edges included', () => {
    const t = new PrefixTrie([{ prefix: p('10.244.0.0/16'), le: 24 }]);
    expect(t.matches(p('10.244.0.0/16'))).to.equal(true);
    expect(t.matches(p('10.244.5.0/24'))).to.equal(true);
    expect(t.matches(p('10.244.5.128/25'))).to.equal(false);
    expect(t.matches(p('10.245.0.0/24'))).to.equal(false);
  });

  it('ge alone: from ge up to the family maximum', () => {
    const t = new PrefixTrie([{ prefix: p('10.0.0.0/8'), ge: 24 }]);
    expect(t.matches(p('10.1.2.0/23'))).to.equal(false);
    expect(t.matches(p('10.1.2.0/24'))).to.equal(true);
    expect(t.matches(p('10.1.2.3/32'))).to.equal(true);
    expect(t.matches(p('10.0.0.0/8'))).to.equal(false);
  });

  it('ge and le: the range, edges included; outside the covering prefix never', () => {
    const t = new PrefixTrie([{ prefix: p('192.168.0.0/16'), ge: 20, le: 22 }]);
    expect(t.matches(p('192.168.0.0/19'))).to.equal(false);
    expect(t.matches(p('192.168.16.0/20'))).to.equal(true);
    expect(t.matches(p('192.168.16.0/22'))).to.equal(true);
    expect(t.matches(p('192.168.16.0/23'))).to.equal(false);
    expect(t.matches(p('192.169.16.0/20'))).to.equal(false);
  });

  it('several entries on one path: any of them matches', () => {
    const t = new PrefixTrie([{ prefix: p('10.0.0.0/8'), ge: 30 }, { prefix: p('10.1.0.0/16') }]);
    expect(t.matches(p('10.1.0.0/16'))).to.equal(true);
    expect(t.matches(p('10.1.0.0/30'))).to.equal(true);
    expect(t.matches(p('10.1.0.0/24'))).to.equal(false);
  });

  it('default route with le 32 matches everything of its family, and no other family', () => {
    const t = new PrefixTrie([{ prefix: p('0.0.0.0/0'), le: 32 }]);
    expect(t.matches(p('203.0.113.7/32'))).to.equal(true);
    expect(t.matches(p('0.0.0.0/0'))).to.equal(true);
    expect(t.matches(p('2001:db8::/32'))).to.equal(false);
  });

  it('IPv6, including bits past the first 64', () => {
    const t = new PrefixTrie([{ prefix: p('2001:db8:0:0:8000::/65'), le: 128 }]);
    expect(t.matches(p('2001:db8::8000:0:0:1/128'))).to.equal(true);
    expect(t.matches(p('2001:db8::1/128'))).to.equal(false);
    expect(t.matches(p('2001:db8::/64'))).to.equal(false);
  });

  it('an empty list matches nothing', () => {
    expect(new PrefixTrie([]).matches(p('10.0.0.0/8'))).to.equal(false);
  });

  it('agrees with a linear scan on random prefixes and lists', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const randomPrefix = () => {
      const len = rnd(33);
      const addr = [rnd(4) + 10, rnd(4), rnd(256), rnd(256)].join('.');
      return p(`${addr}/32`).supernet(len);
    };
    const entries = Array.from({ length: 40 }, () => {
      const prefix = randomPrefix();
      const ge = rnd(2) === 0 ? undefined : prefix.length + rnd(33 - prefix.length);
      const le =
        rnd(2) === 0 ? undefined : Math.max(ge ?? prefix.length, prefix.length + rnd(33 - prefix.length));
      return { prefix, ...(ge === undefined ? {} : { ge }), ...(le === undefined ? {} : { le }) };
    });
    const t = new PrefixTrie(entries);
    for (let i = 0; i < 2000; i++) {
      const q = randomPrefix();
      const linear = entries.some((e) => {
        const ge = e.ge ?? e.prefix.length;
        const le = e.ge === undefined && e.le === undefined ? e.prefix.length : (e.le ?? 32);
        return e.prefix.containsPrefix(q) && q.length >= ge && q.length <= le;
      });
      expect(t.matches(q), q.toString()).to.equal(linear);
    }
  });
});
