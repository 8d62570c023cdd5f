import { expect } from 'chai';
import fc from 'fast-check';

import { IPv4Address, IPv6Address } from '../../common/index.js';
import { AdjRibIn } from './adj-rib-in.js';
import { attributeKey } from './attribute-key.js';
import { AttributeStore } from './attribute-store.js';
import type { RouteAttributes } from './route-attributes.js';
import { attrs, LOCAL_AS, peer, ROUTER_ID, update4, v4, withdraw4 } from './testing/fixtures.js';

const IMPORT = { localAs: LOCAL_AS, routerId: ROUTER_ID };

describe('AttributeStore', () => {
  it('interns structurally equal sets to one object, whatever the property or community order', () => {
    const store = new AttributeStore();
    const a = store.acquire({
      origin: 'igp',
      asPath: [{ type: 'as-sequence', asns: [65001, 65002] }],
      nextHop: IPv4Address.parse('192.0.2.1'),
      communities: [1, 2, 3],
      largeCommunities: [
        { globalAdministrator: 1, localData1: 2, localData2: 3 },
        { globalAdministrator: 4, localData1: 5, localData2: 6 },
      ],
      multiExitDisc: undefined,
    });
    const b = store.acquire({
      communities: [3, 1, 2],
      nextHop: IPv4Address.parse('192.0.2.1'),
      largeCommunities: [
        { globalAdministrator: 4, localData1: 5, localData2: 6 },
        { globalAdministrator: 1, localData1: 2, localData2: 3 },
      ],
      asPath: [{ type: 'as-sequence', asns: [65001, 65002] }],
      origin: 'igp',
    });
    expect(b).to.equal(a);
    expect(a.refCount).to.equal(2);
    expect(store.size).to.equal(1);
    expect(Object.isFrozen(a.value)).to.equal(true);
  });

  it('treats an empty COMMUNITIES, LARGE_COMMUNITY or CLUSTER_LIST as absent, so the set can be sent', () => {
    const store = new AttributeStore();
    const base: RouteAttributes = attrs([65001], '192.0.2.1');
    const absent = store.acquire(base);
    const empty = store.acquire({ ...base, communities: [], largeCommunities: [], clusterList: [] });
    expect(empty).to.equal(absent);
    expect(store.size).to.equal(1);
    // Interned first with the empty lists, the stored value still has none (RFC 7606 §7.8 forbids sending them).
    const other = new AttributeStore().acquire({ ...base, communities: [] });
    expect(other.value).to.not.have.property('communities');
    expect(attributeKey({ ...base, communities: [] })).to.equal(attributeKey(base));
  });

  it('keeps sets apart that differ in any attribute, or in AS_PATH and CLUSTER_LIST order', () => {
    const store = new AttributeStore();
    const base: RouteAttributes = attrs([65001, 65002], '192.0.2.1');
    const variants: RouteAttributes[] = [
      base,
      attrs([65002, 65001], '192.0.2.1'),
      { ...base, asPath: [{ type: 'as-set', asns: [65001, 65002] }] },
      attrs([65001, 65002], '192.0.2.2'),
      { ...base, nextHop: IPv6Address.parse('2001:db8::1') },
      { ...base, linkLocalNextHop: IPv6Address.parse('fe80::1') },
      { ...base, origin: 'incomplete' },
      { ...base, multiExitDisc: 0 },
      { ...base, localPref: 100 },
      { ...base, atomicAggregate: true },
      { ...base, aggregator: { asn: 65001, address: IPv4Address.parse('192.0.2.9') } },
      { ...base, communities: [1] },
      { ...base, originatorId: IPv4Address.parse('10.0.0.1') },
      { ...base, clusterList: [IPv4Address.parse('10.0.0.1'), IPv4Address.parse('10.0.0.2')] },
      { ...base, clusterList: [IPv4Address.parse('10.0.0.2'), IPv4Address.parse('10.0.0.1')] },
      { ...base, largeCommunities: [{ globalAdministrator: 1, localData1: 2, localData2: 3 }] },
      { ...base, unknown: [{ code: 99, value: Buffer.from([1]) }] },
      { ...base, unknown: [{ code: 99, value: Buffer.from([2]) }] },
    ];
    const sets = variants.map((v) => store.acquire(v));
    expect(new Set(sets).size).to.equal(variants.length);
    expect(store.size).to.equal(variants.length);
  });

  it('drops a set with its last reference and refuses to release more than was acquired', () => {
    const store = new AttributeStore();
    const set = store.acquire(attrs([65001], '192.0.2.1'), 3);
    store.release(set, 2);
    expect(store.size).to.equal(1);
    store.release(set);
    expect(store.size).to.equal(0);
    expect(set.live).to.equal(false);
    expect(() => store.release(set))
      .to.throw()
      .with.property('code', 'ATTRIBUTE_SET_RELEASED');
    expect(() => store.retain(set))
      .to.throw()
      .with.property('code', 'ATTRIBUTE_SET_RELEASED');
    expect(store.acquire(attrs([65001], '192.0.2.1'))).to.not.equal(set);
  });

  it('routes from two peers share sets, and every count drops to zero after the withdrawals', () => {
    const store = new AttributeStore();
    const p1 = new AdjRibIn(peer('192.0.2.1', 'external', 65001), store, IMPORT);
    const p2 = new AdjRibIn(peer('192.0.2.2', 'external', 65002), store, IMPORT);
    const prefixes = Array.from({ length: 300 }, (_, i) => v4(`10.${i >> 8}.${i & 255}.0/24`));
    // 300 routes per peer in UPDATEs of 10, 3 distinct attribute sets in all.
    for (let i = 0; i < 30; i++) {
      const part = prefixes.slice(i * 10, i * 10 + 10);
      const shared = attrs([65000], '192.0.2.254', { communities: i % 2 === 0 ? [1, 2] : [2, 1] });
      p1.applyUpdate(update4(part, shared));
      p2.applyUpdate(update4(part, i % 3 === 0 ? attrs([65002], '192.0.2.2') : { ...shared }));
    }
    expect(store.size).to.equal(2);
    expect(store.totalReferences()).to.equal(600);
    const shared = p1.get('ipv4-unicast', v4('10.0.0.0/24'))?.attributes;
    expect(shared).to.not.equal(undefined);
    expect(p2.get('ipv4-unicast', v4('10.0.10.0/24'))?.attributes).to.equal(shared);

    p1.applyUpdate(withdraw4(prefixes.slice(0, 150)));
    p1.withdrawAll();
    p2.applyUpdate(withdraw4(prefixes));
    expect(store.totalReferences()).to.equal(0);
    expect(store.size).to.equal(0);
  });

  it('keys are equal exactly when the canonical attributes are equal (fast-check)', () => {
    const attributesArb = fc.record(
      {
        origin: fc.constantFrom('igp' as const, 'egp' as const, 'incomplete' as const),
        asPath: fc
          .array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 })
          .map((asns) => [{ type: 'as-sequence' as const, asns }]),
        nextHop: fc.integer({ min: 1, max: 3 }).map((n) => IPv4Address.fromNumber(n)),
        multiExitDisc: fc.integer({ min: 0, max: 2 }),
        communities: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }),
      },
      { requiredKeys: ['nextHop'] },
    );
    const canonical = (a: RouteAttributes) =>
      JSON.stringify([a.origin, a.asPath, a.nextHop, a.multiExitDisc, [...(a.communities ?? [])].sort()]);
    fc.assert(
      fc.property(attributesArb, attributesArb, fc.boolean(), (x, y, shuffle) => {
        const reordered = shuffle ? { ...x, communities: x.communities?.slice().reverse() } : x;
        expect(attributeKey(reordered)).to.equal(attributeKey(x));
        expect(attributeKey(x) === attributeKey(y)).to.equal(canonical(x) === canonical(y));
      }),
    );
  });
});
