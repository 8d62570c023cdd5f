import { expect } from 'chai';
import fc from 'fast-check';

import { IPv4Address, IPv6Address, Prefix } from '../../common/index.js';
import { codecContext, decodeMessage, encodeMessage } from '../wire/index.js';
import type { Nlri, UpdateMessage } from '../wire/model.js';
import type { AdjRibOutDiff } from './adj-rib-out.js';
import { AttributeStore } from './attribute-store.js';
import type { RouteAttributes } from './route-attributes.js';
import { conservativeUpdateSize } from './testing/update-size-estimate.js';
import { attrs, v6 } from './testing/fixtures.js';
import {
  endOfRib,
  packAnnouncements,
  packDiff,
  packWithdrawals,
  type PackOptions,
} from './update-packing.js';

const OPTIONS: PackOptions = { maxMessageLength: 4096, sizeOf: conservativeUpdateSize };

const prefixes4 = (n: number, length = 24) =>
  Array.from({ length: n }, (_, i) =>
    Prefix.containing(IPv4Address.fromNumber(0x0a000000 + (i << (32 - length))), length),
  );

function announced(messages: readonly UpdateMessage[]): string[] {
  return messages
    .flatMap((m) => [...m.nlri, ...(m.mpReach?.nlri ?? [])])
    .map((n: Nlri) => n.prefix.toString());
}

describe('UPDATE packing', () => {
  it('fills messages up to the limit as measured by the size function, and no further', () => {
    const prefixes = prefixes4(3000);
    const a = attrs([65001], '192.0.2.1');
    const messages = packAnnouncements('ipv4-unicast', a, prefixes, OPTIONS);
    expect(announced(messages)).to.deep.equal(prefixes.map(String));
    for (const m of messages) expect(conservativeUpdateSize(m)).to.be.at.most(4096);
    // As few as fit: a /24 takes 4 octets next to the attributes, and every message but the last is full.
    const base = conservativeUpdateSize({ type: 'update', withdrawnRoutes: [], attributes: a, nlri: [] });
    const perMessage = Math.floor((4096 - base) / 4);
    expect(messages).to.have.length(Math.ceil(prefixes.length / perMessage));
    for (const m of messages.slice(0, -1)) expect(m.nlri).to.have.length(perMessage);
    expect(
      packAnnouncements('ipv4-unicast', a, prefixes, { ...OPTIONS, maxMessageLength: 65535 }),
    ).to.have.length(1);
  });

  it('puts IPv6 routes in MP_REACH_NLRI with their next hop, and withdrawals in MP_UNREACH_NLRI', () => {
    const a: RouteAttributes = {
      origin: 'igp',
      asPath: [],
      nextHop: IPv6Address.parse('2001:db8::1'),
      linkLocalNextHop: IPv6Address.parse('fe80::1'),
    };
    const [m] = packAnnouncements('ipv6-unicast', a, [v6('2001:db8:1::/48')], OPTIONS);
    expect(m?.nlri).to.deep.equal([]);
    expect(m?.attributes).to.not.have.any.keys('nextHop', 'linkLocalNextHop');
    expect(m?.mpReach?.nextHop.toString()).to.equal('2001:db8::1');
    expect(m?.mpReach?.linkLocalNextHop?.toString()).to.equal('fe80::1');
    const [w] = packWithdrawals('ipv6-unicast', [v6('2001:db8:1::/48')], OPTIONS);
    expect(w?.mpUnreach?.withdrawnRoutes.map((n) => n.prefix.toString())).to.deep.equal(['2001:db8:1::/48']);
    expect(w?.attributes).to.deep.equal({});
  });

  it('sends IPv4 routes with an IPv6 next hop in MP_REACH_NLRI (RFC 8950)', () => {
    const a: RouteAttributes = { origin: 'igp', asPath: [], nextHop: IPv6Address.parse('2001:db8::1') };
    const [m] = packAnnouncements('ipv4-unicast', a, prefixes4(1), OPTIONS);
    expect(m?.nlri).to.deep.equal([]);
    expect(m?.mpReach?.family).to.equal('ipv4-unicast');
  });

  it('writes End-of-RIB per family (RFC 4724 §2)', () => {
    expect(endOfRib('ipv4-unicast')).to.deep.equal({
      type: 'update',
      withdrawnRoutes: [],
      attributes: {},
      nlri: [],
    });
    expect(endOfRib('ipv6-unicast').mpUnreach).to.deep.equal({ family: 'ipv6-unicast', withdrawnRoutes: [] });
  });

  it('refuses a single route that cannot fit, with a typed error', () => {
    const huge = attrs([65001], '192.0.2.1', { communities: Array.from({ length: 1100 }, (_, i) => i) });
    expect(() => packAnnouncements('ipv4-unicast', huge, prefixes4(1), OPTIONS))
      .to.throw()
      .with.property('code', 'MESSAGE_TOO_SMALL');
  });

  it('any diff: every route exactly once, withdrawals apart, one attribute set per message, within the limit (fast-check)', () => {
    const store = new AttributeStore();
    const sets = [1, 2, 3].map((n) =>
      store.acquire(
        attrs([65000 + n], `192.0.2.${n}`, { communities: Array.from({ length: n * 40 }, (_, i) => i) }),
      ),
    );
    const diffArb = fc.record({
      withdrawn: fc.uniqueArray(fc.nat(5000), { maxLength: 1500 }),
      groups: fc.array(fc.uniqueArray(fc.nat(5000), { maxLength: 1500 }), { minLength: 0, maxLength: 3 }),
      limit: fc.constantFrom(4096, 1024, 65535),
      endOfRib: fc.boolean(),
    });
    fc.assert(
      fc.property(diffArb, ({ withdrawn, groups, limit, endOfRib }) => {
        const toPrefix = (n: number) =>
          Prefix.containing(IPv4Address.fromNumber(0x0a000000 + n * 256), n % 2 === 0 ? 24 : 23);
        const diff: AdjRibOutDiff = {
          family: 'ipv4-unicast',
          withdrawn: withdrawn.map(toPrefix),
          announced: new Map(groups.map((g, i) => [sets[i] as never, g.map(toPrefix)])),
          endOfRib,
        };
        const messages = packDiff(diff, { ...OPTIONS, maxMessageLength: limit });
        for (const m of messages) {
          expect(conservativeUpdateSize(m)).to.be.at.most(limit);
          expect(m.withdrawnRoutes.length === 0 || m.nlri.length === 0, 'withdrawals travel alone').to.equal(
            true,
          );
        }
        const w = messages.flatMap((m) => m.withdrawnRoutes.map((n) => n.prefix.toString()));
        expect(w).to.deep.equal(diff.withdrawn.map(String));
        groups.forEach((g, i) => {
          const own = messages.filter(
            (m) =>
              m.attributes ===
              messages.find((x) => x.nlri.length > 0 && x.attributes.asPath?.[0]?.asns[0] === 65001 + i)
                ?.attributes,
          );
          expect(announced(own)).to.deep.equal(g.map(toPrefix).map(String));
        });
        const last = messages[messages.length - 1];
        expect(
          last !== undefined &&
            last.nlri.length === 0 &&
            last.withdrawnRoutes.length === 0 &&
            last.mpUnreach === undefined,
        ).to.equal(endOfRib);
      }),
      { numRuns: 60 },
    );
  });

  it("with the codec's exact size, every message encodes within 4096 octets and decodes to the same routes", () => {
    const ctx = codecContext({ fourOctetAs: true });
    // Measuring with a 65535 limit lets the function report sizes above 4096 instead of throwing.
    const measuring = codecContext({ fourOctetAs: true, extendedMessage: true });
    const sizeOf = (m: UpdateMessage) => encodeMessage(m, measuring).length;
    const longPath = attrs(
      Array.from({ length: 300 }, (_, i) => 4200000000 + i),
      '192.0.2.1',
      { communities: [1, 2, 3] },
    );
    const prefixes = [...prefixes4(1500, 24), ...prefixes4(700, 32)];
    const v6Attributes: RouteAttributes = {
      origin: 'igp',
      asPath: [],
      nextHop: IPv6Address.parse('2001:db8::1'),
    };
    const v6Prefixes = Array.from({ length: 600 }, (_, i) => v6(`2001:db8:${i.toString(16)}::/48`));
    const messages = [
      ...packAnnouncements('ipv4-unicast', longPath, prefixes, { maxMessageLength: 4096, sizeOf }),
      ...packAnnouncements('ipv6-unicast', v6Attributes, v6Prefixes, { maxMessageLength: 4096, sizeOf }),
    ];
    const decoded = messages.map((m) => {
      const bytes = encodeMessage(m, ctx);
      expect(bytes.length).to.be.at.most(4096);
      const result = decodeMessage(bytes, ctx);
      if (!result.ok || result.message.type !== 'update')
        throw new Error(`not an UPDATE: ${JSON.stringify(result)}`);
      expect(result.report?.findings).to.deep.equal([]);
      return result.message;
    });
    expect(announced(decoded)).to.deep.equal([...prefixes, ...v6Prefixes].map(String));
  });
});
