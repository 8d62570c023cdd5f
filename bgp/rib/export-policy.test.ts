import { expect } from 'chai';

import { IPv4Address, IPv6Address } from '../../common/index.js';
import { AttributeStore } from './attribute-store.js';
import {
  attributeRefusal,
  exportAttributes,
  mayAdvertise,
  sourceRefusal,
  NO_ADVERTISE,
  NO_EXPORT,
  type ExportOptions,
} from './export-policy.js';
import { RibRoute, type RibPeer } from './rib-route.js';
import type { RouteAttributes } from './route-attributes.js';
import { attrs, LOCAL_AS, peer, v4 } from './testing/fixtures.js';

const SELF = { ipv4: IPv4Address.parse('192.0.2.254'), ipv6: IPv6Address.parse('2001:db8::fe') };
const OPTIONS: ExportOptions = { localAs: LOCAL_AS, selfNextHop: SELF };
const ebgpA = peer('192.0.2.1', 'external', 65001);
const ebgpB = peer('192.0.2.2', 'external', 65002);
const ibgpA = peer('192.0.2.3', 'internal', LOCAL_AS);
const ibgpB = peer('192.0.2.4', 'internal', LOCAL_AS);

const received: RouteAttributes = attrs([65001, 65100], '192.0.2.1', {
  multiExitDisc: 5,
  localPref: 300,
  communities: [0x00010002],
  originatorId: IPv4Address.parse('10.0.0.9'),
  clusterList: [IPv4Address.parse('10.0.0.8')],
  unknown: [{ code: 99, value: Buffer.from([1, 2]) }],
});

function route(from: RibPeer): RibRoute {
  return new RibRoute(from, v4('10.0.0.0/24'), 0, new AttributeStore().acquire(received), undefined, 1);
}

describe('export rules (RFC 4271 §5.1, §9.1.3)', () => {
  it('never sends a route back to its peer, nor iBGP-learned routes to iBGP peers without reflection', () => {
    expect(mayAdvertise(route(ebgpA), ebgpA, OPTIONS)).to.equal(false);
    expect(mayAdvertise(route(ebgpA), ebgpB, OPTIONS)).to.equal(true);
    expect(mayAdvertise(route(ebgpA), ibgpA, OPTIONS)).to.equal(true);
    expect(mayAdvertise(route(ibgpA), ebgpA, OPTIONS)).to.equal(true);
    expect(mayAdvertise(route(ibgpA), ibgpB, OPTIONS)).to.equal(false);
    const reflect = (_r: RibRoute, to: RibPeer) => to.id === ibgpB.id;
    expect(mayAdvertise(route(ibgpA), ibgpB, { ...OPTIONS, reflect })).to.equal(true);
  });

  it('towards eBGP: prepends our AS, next hop self, strips LOCAL_PREF, MED and the RFC 4456 attributes', () => {
    const out = exportAttributes(
      received,
      'external',
      100,
      'ipv4-unicast',
      ebgpB,
      OPTIONS,
    ) as RouteAttributes;
    expect(out.asPath).to.deep.equal([{ type: 'as-sequence', asns: [LOCAL_AS, 65001, 65100] }]);
    expect(out.nextHop?.toString()).to.equal('192.0.2.254');
    expect(out).to.not.have.any.keys('localPref', 'multiExitDisc', 'originatorId', 'clusterList');
    expect(out.communities).to.deep.equal([0x00010002]);
    expect(out.unknown).to.deep.equal(received.unknown);
  });

  it('towards eBGP: sends the MED of our own routes (§5.1.4 only stops propagating received ones)', () => {
    const out = exportAttributes(
      { origin: 'igp', asPath: [], multiExitDisc: 7 },
      'local',
      100,
      'ipv4-unicast',
      ebgpB,
      OPTIONS,
    );
    expect(out?.multiExitDisc).to.equal(7);
    expect(out?.asPath).to.deep.equal([{ type: 'as-sequence', asns: [LOCAL_AS] }]);
  });

  it('towards iBGP: AS_PATH and next hop kept, LOCAL_PREF set to the degree of preference, MED kept', () => {
    const out = exportAttributes(
      received,
      'external',
      120,
      'ipv4-unicast',
      ibgpA,
      OPTIONS,
    ) as RouteAttributes;
    expect(out.asPath).to.deep.equal(received.asPath);
    expect(out.nextHop?.toString()).to.equal('192.0.2.1');
    expect(out.localPref).to.equal(120);
    expect(out.multiExitDisc).to.equal(5);
  });

  it('honours the next-hop mode per peer, and uses self for local routes without a next hop', () => {
    const keep = exportAttributes(received, 'external', 100, 'ipv4-unicast', ebgpB, {
      ...OPTIONS,
      nextHopMode: 'keep',
    });
    expect(keep?.nextHop?.toString()).to.equal('192.0.2.1');
    const self = exportAttributes(received, 'external', 100, 'ipv4-unicast', ibgpA, {
      ...OPTIONS,
      nextHopMode: 'self',
    });
    expect(self?.nextHop?.toString()).to.equal('192.0.2.254');
    const local = exportAttributes(
      { origin: 'igp', asPath: [] },
      'local',
      100,
      'ipv6-unicast',
      ibgpA,
      OPTIONS,
    );
    expect(local?.nextHop?.toString()).to.equal('2001:db8::fe');
    const noSelf = exportAttributes({ origin: 'igp' }, 'local', 100, 'ipv6-unicast', ibgpA, {
      localAs: LOCAL_AS,
      selfNextHop: {},
    });
    expect(noSelf).to.equal(undefined);
  });

  it('does not send to an eBGP peer whose AS is in the AS_PATH, unless asPathLoopCheck is off', () => {
    const via65002 = attrs([65001, 65002], '192.0.2.1');
    expect(exportAttributes(via65002, 'external', 100, 'ipv4-unicast', ebgpB, OPTIONS)).to.equal(undefined);
    expect(
      exportAttributes(via65002, 'external', 100, 'ipv4-unicast', ebgpB, {
        ...OPTIONS,
        asPathLoopCheck: false,
      }),
    ).to.not.equal(undefined);
  });

  it('honours NO_EXPORT and NO_ADVERTISE (RFC 1997)', () => {
    const noExport = { ...received, communities: [NO_EXPORT] };
    expect(exportAttributes(noExport, 'external', 100, 'ipv4-unicast', ebgpB, OPTIONS)).to.equal(undefined);
    expect(exportAttributes(noExport, 'external', 100, 'ipv4-unicast', ibgpA, OPTIONS)).to.not.equal(
      undefined,
    );
    const noAdvertise = { ...received, communities: [NO_ADVERTISE] };
    expect(exportAttributes(noAdvertise, 'external', 100, 'ipv4-unicast', ibgpA, OPTIONS)).to.equal(
      undefined,
    );
  });

  it('RFC 4271 §5.1.3: never sends a route to a peer with that peer as NEXT_HOP; refusals carry the reason', () => {
    // An iBGP route (next hop kept) whose next hop is ibgpB's own address: not to ibgpB, fine to ebgpB.
    const thirdParty = attrs([65001], '192.0.2.4');
    expect(exportAttributes(thirdParty, 'external', 100, 'ipv4-unicast', ibgpB, OPTIONS)).to.equal(undefined);
    expect(attributeRefusal(thirdParty, 'ipv4-unicast', ibgpB, OPTIONS)).to.equal('next-hop-is-peer');
    expect(attributeRefusal(thirdParty, 'ipv4-unicast', ibgpA, OPTIONS)).to.equal(undefined);
    expect(attributeRefusal(received, 'ipv4-unicast', ebgpB, { ...OPTIONS, selfNextHop: {} })).to.equal(
      'no-next-hop',
    );
    expect(attributeRefusal(attrs([65001, 65002], '192.0.2.1'), 'ipv4-unicast', ebgpB, OPTIONS)).to.equal(
      'as-path-loop',
    );
    expect(sourceRefusal(route(ebgpA), ebgpA, OPTIONS)).to.equal('learned-from-peer');
    expect(sourceRefusal(route(ibgpA), ibgpB, OPTIONS)).to.equal('ibgp-split-horizon');
  });
});
