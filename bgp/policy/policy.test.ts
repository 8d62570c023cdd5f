import { expect } from 'chai';

import { IPv4Address, parseIpAddress, parsePrefix, type Prefix } from '../../common/index.js';
import type { RouteAttributes } from '../rib/route-attributes.js';
import type { Family } from '../wire/family.js';
import { asPathText } from './as-path-text.js';
import { gracefulShutdownImport, GRACEFUL_SHUTDOWN } from './graceful-shutdown.js';
import type { PolicyMatch } from './policy-config.js';
import { PolicyError } from './policy-error.js';
import { CompiledPolicy } from './policy.js';
import type { PeerType } from './policy-config.js';

const LOCAL_AS = 65010;
const c = (as: number, v: number) => as * 0x10000 + v;
const large = (g: number, a: number, b: number) => ({ globalAdministrator: g, localData1: a, localData2: b });

const BASE: RouteAttributes = {
  origin: 'igp',
  asPath: [{ type: 'as-sequence', asns: [65100, 65200] }],
  nextHop: IPv4Address.parse('10.0.4.1'),
  communities: [c(65100, 1), c(65100, 2)],
  largeCommunities: [large(65100, 1, 2)],
};

function route(
  overrides: Partial<RouteAttributes> = {},
  prefix = '10.244.5.0/24',
  peerType: PeerType = 'ebgp',
) {
  const p: Prefix = parsePrefix(prefix);
  const family: Family = p.family === 4 ? 'ipv4-unicast' : 'ipv6-unicast';
  return { prefix: p, family, attributes: { ...BASE, ...overrides }, peerType };
}

/** Whether a policy with one rule matching `match` then rejecting rejects the route. */
function matches(match: PolicyMatch, r = route()): boolean {
  const policy = CompiledPolicy.compile({ rules: [{ match, then: 'reject' }], default: 'accept' }, 'import');
  return policy.evaluate(r, { localAs: LOCAL_AS }).verdict === 'reject';
}

describe('policy: matches', () => {
  it('notPrefixes: none of the list (an empty list excludes nothing)', () => {
    const net = parsePrefix('10.244.0.0/16');
    expect(matches({ notPrefixes: [{ prefix: net, le: 24 }] })).to.equal(false);
    expect(matches({ notPrefixes: [{ prefix: net, le: 23 }] })).to.equal(true);
    expect(matches({ notPrefixes: [{ prefix: parsePrefix('10.244.5.0/24') }] })).to.equal(false);
    expect(matches({ notPrefixes: [] })).to.equal(true);
  });

  it('prefixes (any of the list)', () => {
    expect(matches({ prefixes: [{ prefix: parsePrefix('10.244.0.0/16'), le: 24 }] })).to.equal(true);
    expect(matches({ prefixes: [{ prefix: parsePrefix('10.244.0.0/16'), le: 23 }] })).to.equal(false);
    expect(
      matches({
        prefixes: [{ prefix: parsePrefix('192.0.2.0/24') }, { prefix: parsePrefix('10.244.5.0/24') }],
      }),
    ).to.equal(true);
  });

  it('address family', () => {
    expect(matches({ family: 'ipv4-unicast' })).to.equal(true);
    expect(matches({ family: 'ipv6-unicast' })).to.equal(false);
    expect(matches({ family: 'ipv6-unicast' }, route({}, '2001:db8::/48'))).to.equal(true);
  });

  it('AS path regexp over the text, anchored', () => {
    expect(matches({ asPath: { regexp: '^65100 ' } })).to.equal(true);
    expect(matches({ asPath: { regexp: '^65200' } })).to.equal(false);
    expect(matches({ asPath: { regexp: ' 65200$' } })).to.equal(true);
    expect(matches({ asPath: { regexp: '^$' } }, route({ asPath: [] }))).to.equal(true);
    expect(matches({ asPath: { regexp: '^$' } })).to.equal(false);
  });

  it('AS path regexp sees an AS_SET as {a,b} and confederation segments apart', () => {
    const asPath = [
      { type: 'as-confed-sequence', asns: [64512] },
      { type: 'as-sequence', asns: [65100] },
      { type: 'as-set', asns: [65300, 65301] },
    ] as const;
    expect(asPathText(asPath)).to.equal('(64512) 65100 {65300,65301}');
    expect(matches({ asPath: { regexp: '\\{[^}]*65301[^}]*\\}' } }, route({ asPath }))).to.equal(true);
    expect(matches({ asPath: { regexp: '^65100 65300' } }, route({ asPath }))).to.equal(false);
  });

  it('AS path contains an ASN (AS_SEQUENCE or AS_SET, not confederation members)', () => {
    const asPath = [
      { type: 'as-confed-sequence', asns: [64512] },
      { type: 'as-set', asns: [65300, 65301] },
    ] as const;
    expect(matches({ asPath: { contains: 65301 } }, route({ asPath }))).to.equal(true);
    expect(matches({ asPath: { contains: 64512 } }, route({ asPath }))).to.equal(false);
    expect(matches({ asPath: { contains: 65200 } })).to.equal(true);
  });

  it('communities any / all', () => {
    expect(matches({ communities: { any: [c(1, 1), c(65100, 2)] } })).to.equal(true);
    expect(matches({ communities: { any: [c(1, 1)] } })).to.equal(false);
    expect(matches({ communities: { all: [c(65100, 1), c(65100, 2)] } })).to.equal(true);
    expect(matches({ communities: { all: [c(65100, 1), c(65100, 3)] } })).to.equal(false);
    expect(matches({ communities: { any: [c(65100, 1)] } }, route({ communities: [] }))).to.equal(false);
  });

  it('large communities any / all', () => {
    expect(matches({ largeCommunities: { any: [large(65100, 1, 2)] } })).to.equal(true);
    expect(matches({ largeCommunities: { all: [large(65100, 1, 2), large(65100, 1, 3)] } })).to.equal(false);
    expect(matches({ largeCommunities: { any: [large(65100, 2, 1)] } })).to.equal(false);
  });

  it('next hop inside a prefix or equal to an address', () => {
    expect(matches({ nextHop: [parsePrefix('10.0.4.0/31')] })).to.equal(true);
    expect(matches({ nextHop: [parsePrefix('10.0.4.1/32')] })).to.equal(true);
    expect(matches({ nextHop: [parsePrefix('10.0.5.0/24')] })).to.equal(false);
  });

  it('peer type and origin', () => {
    expect(matches({ peerType: 'ebgp' })).to.equal(true);
    expect(matches({ peerType: 'ibgp' })).to.equal(false);
    expect(matches({ peerType: 'local' }, route({}, '10.0.0.0/24', 'local'))).to.equal(true);
    expect(matches({ origin: 'igp' })).to.equal(true);
    expect(matches({ origin: 'incomplete' })).to.equal(false);
    expect(matches({ origin: 'igp' }, route({ origin: undefined }))).to.equal(true);
  });

  it('all conditions of one match must hold', () => {
    expect(matches({ family: 'ipv4-unicast', peerType: 'ebgp', asPath: { contains: 65100 } })).to.equal(true);
    expect(matches({ family: 'ipv4-unicast', peerType: 'ibgp', asPath: { contains: 65100 } })).to.equal(
      false,
    );
  });

  it('an empty match matches every route', () => {
    expect(matches({})).to.equal(true);
  });
});

describe('policy: actions', () => {
  const apply = (set: object, r = route(), selfNextHop?: IPv4Address) =>
    CompiledPolicy.compile({ rules: [{ set, then: 'accept' }], default: 'reject' }, 'export').evaluate(r, {
      localAs: LOCAL_AS,
      ...(selfNextHop === undefined ? {} : { selfNextHop }),
    });

  it('sets LOCAL_PREF and MED', () => {
    const r = apply({ localPref: 200, med: 5 });
    expect(r.verdict).to.equal('accept');
    expect(r.attributes).to.include({ localPref: 200, multiExitDisc: 5 });
  });

  it('adds, removes and replaces communities (no duplicates)', () => {
    expect(apply({ communities: { add: [c(1, 1), c(65100, 1)] } }).attributes.communities).to.deep.equal([
      c(65100, 1),
      c(65100, 2),
      c(1, 1),
    ]);
    expect(apply({ communities: { remove: [c(65100, 1)] } }).attributes.communities).to.deep.equal([
      c(65100, 2),
    ]);
    expect(
      apply({ communities: { replace: [c(9, 9)], add: [c(8, 8)] } }).attributes.communities,
    ).to.deep.equal([c(9, 9), c(8, 8)]);
    expect(apply({ communities: { replace: [] } }).attributes.communities).to.deep.equal([]);
  });

  it('adds, removes and replaces large communities', () => {
    expect(apply({ largeCommunities: { add: [large(1, 2, 3)] } }).attributes.largeCommunities).to.deep.equal([
      large(65100, 1, 2),
      large(1, 2, 3),
    ]);
    expect(
      apply({ largeCommunities: { remove: [large(65100, 1, 2)] } }).attributes.largeCommunities,
    ).to.deep.equal([]);
    expect(
      apply({ largeCommunities: { replace: [large(7, 7, 7)] } }).attributes.largeCommunities,
    ).to.deep.equal([large(7, 7, 7)]);
  });

  it('prepends our own AS n times', () => {
    expect(apply({ prependAsPath: 3 }).attributes.asPath).to.deep.equal([
      { type: 'as-sequence', asns: [LOCAL_AS, LOCAL_AS, LOCAL_AS, 65100, 65200] },
    ]);
    // Before an AS_SET it makes a new AS_SEQUENCE.
    const r = route({ asPath: [{ type: 'as-set', asns: [1, 2] }] });
    expect(apply({ prependAsPath: 1 }, r).attributes.asPath).to.deep.equal([
      { type: 'as-sequence', asns: [LOCAL_AS] },
      { type: 'as-set', asns: [1, 2] },
    ]);
  });

  it('sets the next hop to an address, or to self on export', () => {
    expect(apply({ nextHop: parseIpAddress('192.0.2.9') }).attributes.nextHop?.toString()).to.equal(
      '192.0.2.9',
    );
    const self = IPv4Address.parse('10.0.4.0');
    expect(apply({ nextHop: 'self' }, route(), self).attributes.nextHop?.toString()).to.equal('10.0.4.0');
    // An address of the other family is not applied.
    expect(apply({ nextHop: parseIpAddress('2001:db8::1') }).attributes.nextHop?.toString()).to.equal(
      '10.0.4.1',
    );
  });

  it('never changes the input attributes (they are interned and shared)', () => {
    const r = route();
    const before = JSON.stringify(r.attributes);
    apply({ localPref: 1, communities: { add: [c(3, 3)] }, prependAsPath: 2 }, r);
    expect(JSON.stringify(r.attributes)).to.equal(before);
  });

  it('returns the input object itself when no rule changed anything', () => {
    const r = route();
    const policy = CompiledPolicy.compile(
      { rules: [{ match: { peerType: 'ibgp' }, set: { med: 1 } }], default: 'accept' },
      'import',
    );
    expect(policy.evaluate(r, { localAs: LOCAL_AS }).attributes).to.equal(r.attributes);
  });
});

describe('policy: order, terminal verdicts and the default', () => {
  const rules = CompiledPolicy.compile(
    {
      default: 'reject',
      rules: [
        { name: 'tag', match: { asPath: { contains: 65100 } }, set: { communities: { add: [c(65010, 7)] } } },
        { name: 'tagged', match: { communities: { any: [c(65010, 7)] } }, set: { localPref: 300 } },
        {
          name: 'pods',
          match: { prefixes: [{ prefix: parsePrefix('10.244.0.0/16'), le: 32 }] },
          then: 'reject',
        },
        { name: 'all', set: { med: 9 }, then: 'accept' },
        { name: 'never', set: { med: 1 }, then: 'accept' },
      ],
    },
    'import',
  );

  it('the first terminal verdict wins, and later rules see what earlier ones set', () => {
    const pods = rules.evaluate(route(), { localAs: LOCAL_AS });
    expect(pods.verdict).to.equal('reject');
    expect(pods.trace).to.equal('0,1,2');
    const other = rules.evaluate(route({}, '10.100.0.0/24'), { localAs: LOCAL_AS });
    expect(other.verdict).to.equal('accept');
    expect(other.trace).to.equal('0,1,3');
    expect(other.attributes).to.include({ localPref: 300, multiExitDisc: 9 });
    expect(other.attributes.communities).to.include(c(65010, 7));
  });

  it('the default applies when no terminal rule matched, with the sets of continue rules', () => {
    const policy = CompiledPolicy.compile(
      { default: 'accept', rules: [{ set: { med: 3 } }, { match: { peerType: 'ibgp' }, then: 'reject' }] },
      'import',
    );
    const r = policy.evaluate(route(), { localAs: LOCAL_AS });
    expect(r.verdict).to.equal('accept');
    expect(r.attributes.multiExitDisc).to.equal(3);
    const none = CompiledPolicy.compile({ default: 'reject', rules: [] }, 'import').evaluate(route(), {
      localAs: LOCAL_AS,
    });
    expect(none).to.include({ verdict: 'reject', trace: '' });
  });

  it('the same trace means the same resulting attributes for one input (what callers cache on)', () => {
    const a = rules.evaluate(route({}, '10.100.0.0/24'), { localAs: LOCAL_AS });
    const b = rules.evaluate(route({}, '10.101.0.0/24'), { localAs: LOCAL_AS });
    expect(a.trace).to.equal(b.trace);
    expect(a.attributes).to.deep.equal(b.attributes);
  });
});

describe('policy: compile errors name the rule and field', () => {
  it('a bad regular expression', () => {
    expect(() =>
      CompiledPolicy.compile(
        { default: 'accept', rules: [{ name: 'x', match: { asPath: { regexp: '(' } }, then: 'reject' }] },
        'import',
        'peers[0].importPolicy',
      ),
    )
      .to.throw(PolicyError)
      .with.property('message')
      .that.matches(
        /^peers\[0\]\.importPolicy\.rules\[0\] \(x\)\.match\.asPath\.regexp: not a valid regular expression/,
      );
  });

  it('a rule that does nothing, and next hop self on import', () => {
    expect(() => CompiledPolicy.compile({ default: 'accept', rules: [{ match: {} }] }, 'import')).to.throw(
      /does nothing/,
    );
    expect(() =>
      CompiledPolicy.compile(
        { default: 'accept', rules: [{ set: { nextHop: 'self' }, then: 'accept' }] },
        'import',
      ),
    ).to.throw(/'self' only applies to export policies/);
  });
});

describe('RFC 8326 on import', () => {
  it('GRACEFUL_SHUTDOWN lowers LOCAL_PREF to 0; other routes come back as they were', () => {
    const plain = { ...BASE };
    expect(gracefulShutdownImport(plain)).to.equal(plain);
    const drained = gracefulShutdownImport({ ...BASE, communities: [GRACEFUL_SHUTDOWN], localPref: 200 });
    expect(drained.localPref).to.equal(0);
  });
});
