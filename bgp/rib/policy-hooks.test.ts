// The RIB's policy hooks: import filter over the stored Adj-RIB-In (soft reconfiguration), export
// filter and reconfigure sending only differences, route reflection attributes (RFC 4456 §8), the
// CLUSTER_LIST loop check, and the RFC 8326 drain.
import { expect } from 'chai';

import { IPv4Address } from '../../common/index.js';
import type { UpdateMessage } from '../wire/model.js';
import { GRACEFUL_SHUTDOWN } from './export-policy.js';
import type { ImportFilter } from './import-filter.js';
import { Rib, type PeerOptions } from './rib.js';
import type { RibPeer } from './rib-route.js';
import { attrs, LOCAL_AS, peer, ROUTER_ID, update4, v4 } from './testing/fixtures.js';
import { conservativeUpdateSize } from './testing/update-size-estimate.js';

const PACK = { maxMessageLength: 4096, sizeOf: conservativeUpdateSize };
const SELF = { ipv4: IPv4Address.parse('192.0.2.254') };
const CLUSTER = IPv4Address.parse('10.9.9.9');
const ebgp = peer('192.0.2.1', 'external', 65001);
const client = peer('192.0.2.3', 'internal', LOCAL_AS);
const nonClient = peer('192.0.2.4', 'internal', LOCAL_AS);
const client2 = peer('192.0.2.5', 'internal', LOCAL_AS);
const CLIENTS = new Set([client.id, client2.id]);

function options(
  to: RibPeer,
  extra: Partial<PeerOptions['export']> = {},
  importFilter?: ImportFilter,
): PeerOptions {
  return {
    ...(importFilter === undefined ? {} : { importFilter }),
    clusterIds: [CLUSTER],
    export: {
      families: ['ipv4-unicast'],
      selfNextHop: SELF,
      // RFC 4456 §6: from a client to all; from a non-client to clients only.
      reflect: (route, dest) => CLIENTS.has(route.peer.id) || CLIENTS.has(dest.id),
      clusterIdFor: () => CLUSTER,
      ...extra,
    },
  };
}

function setup(importFilter?: ImportFilter): Rib {
  const r = new Rib({ localAs: LOCAL_AS, routerId: ROUTER_ID });
  for (const p of [ebgp, client, nonClient, client2])
    r.addPeer(p, options(p, {}, p === ebgp ? importFilter : undefined));
  return r;
}

function sent(messages: readonly UpdateMessage[]): Map<string, UpdateMessage['attributes'] | undefined> {
  const out = new Map<string, UpdateMessage['attributes'] | undefined>();
  for (const m of messages) {
    for (const n of m.withdrawnRoutes) out.set(n.prefix.toString(), undefined);
    for (const n of m.nlri) out.set(n.prefix.toString(), m.attributes);
  }
  return out;
}

describe('RIB: route reflection (RFC 4456)', () => {
  it('reflects client routes to clients and non-clients, non-client routes to clients only, with ORIGINATOR_ID and CLUSTER_LIST', () => {
    const r = setup();
    r.applyUpdate(client.id, update4([v4('10.3.0.0/24')], attrs([], '192.0.2.3', { localPref: 100 })));
    r.applyUpdate(nonClient.id, update4([v4('10.4.0.0/24')], attrs([], '192.0.2.4', { localPref: 100 })));
    r.commit();
    const toClient2 = sent(r.flush(client2.id, 'ipv4-unicast', PACK));
    const toNonClient = sent(r.flush(nonClient.id, 'ipv4-unicast', PACK));
    const toClient = sent(r.flush(client.id, 'ipv4-unicast', PACK));
    expect([...toClient2.keys()].sort()).to.deep.equal(['10.3.0.0/24', '10.4.0.0/24']);
    expect([...toNonClient.keys()]).to.deep.equal(['10.3.0.0/24']);
    expect([...toClient.keys()]).to.deep.equal(['10.4.0.0/24']);
    const reflected = toClient2.get('10.3.0.0/24');
    expect(reflected?.originatorId?.toString()).to.equal(client.routerId.toString());
    expect(reflected?.clusterList?.map(String)).to.deep.equal(['10.9.9.9']);
  });

  it('keeps an ORIGINATOR_ID already there and prepends to an existing CLUSTER_LIST', () => {
    const r = setup();
    const more = {
      localPref: 100,
      originatorId: IPv4Address.parse('10.1.1.1'),
      clusterList: [IPv4Address.parse('10.2.2.2')],
    };
    r.applyUpdate(client.id, update4([v4('10.3.0.0/24')], attrs([], '192.0.2.3', more)));
    r.commit();
    const a = sent(r.flush(client2.id, 'ipv4-unicast', PACK)).get('10.3.0.0/24');
    expect(a?.originatorId?.toString()).to.equal('10.1.1.1');
    expect(a?.clusterList?.map(String)).to.deep.equal(['10.9.9.9', '10.2.2.2']);
  });

  it('does not put RR attributes on eBGP routes, and strips them towards eBGP', () => {
    const r = setup();
    r.applyUpdate(ebgp.id, update4([v4('10.1.0.0/24')], attrs([65001], '192.0.2.1')));
    r.applyUpdate(client.id, update4([v4('10.3.0.0/24')], attrs([], '192.0.2.3', { localPref: 100 })));
    r.commit();
    const toClient = sent(r.flush(client2.id, 'ipv4-unicast', PACK)).get('10.1.0.0/24');
    expect(toClient?.originatorId).to.equal(undefined);
    expect(toClient?.clusterList).to.equal(undefined);
    const toEbgp = sent(r.flush(ebgp.id, 'ipv4-unicast', PACK)).get('10.3.0.0/24');
    expect(toEbgp?.originatorId).to.equal(undefined);
    expect(toEbgp?.clusterList).to.equal(undefined);
  });

  it('ignores a route whose CLUSTER_LIST holds one of our cluster IDs (§8)', () => {
    const r = setup();
    r.applyUpdate(
      nonClient.id,
      update4([v4('10.4.0.0/24')], attrs([], '192.0.2.4', { localPref: 100, clusterList: [CLUSTER] })),
    );
    r.commit();
    expect(r.adjRibIn(nonClient.id).get('ipv4-unicast', v4('10.4.0.0/24'))?.rejection).to.equal(
      'cluster-list-loop',
    );
    expect(r.locRib.get(v4('10.4.0.0/24'))?.best).to.equal(undefined);
  });
});

describe('RIB: import filter and soft reconfiguration inbound', () => {
  const rejectPods: ImportFilter = (prefix, _family, attributes) =>
    prefix.toString().startsWith('10.244.')
      ? { rejection: 'import-policy', attributes, key: '' }
      : { rejection: undefined, attributes: { ...attributes, localPref: 150 }, key: 'lp150' };

  it('refuses by policy, keeps what was received, and uses the changed attributes in the decision', () => {
    const r = setup(rejectPods);
    r.applyUpdate(
      ebgp.id,
      update4([v4('10.244.1.0/24'), v4('10.1.0.0/24'), v4('10.2.0.0/24')], attrs([65001], '192.0.2.1')),
    );
    r.commit();
    const rib = r.adjRibIn(ebgp.id);
    expect(rib.get('ipv4-unicast', v4('10.244.1.0/24'))?.rejection).to.equal('import-policy');
    expect(rib.receivedCount('ipv4-unicast')).to.equal(3);
    expect(rib.acceptedCount('ipv4-unicast')).to.equal(2);
    const best = r.locRib.get(v4('10.1.0.0/24'))?.best;
    expect(best?.attributes.value.localPref).to.equal(150);
    expect(best?.receivedAttributes.value.localPref).to.equal(undefined);
    // Both accepted prefixes share one interned result.
    expect(r.locRib.get(v4('10.2.0.0/24'))?.best?.attributes).to.equal(best?.attributes);
    expect(r.locRib.degreeOfPreference(best as never)).to.equal(150);
  });

  it('a new filter runs over the stored routes without the peer resending; export sends only differences', () => {
    const r = setup(rejectPods);
    r.applyUpdate(ebgp.id, update4([v4('10.244.1.0/24'), v4('10.1.0.0/24')], attrs([65001], '192.0.2.1')));
    r.commit();
    r.flush(client.id, 'ipv4-unicast', PACK);
    const acceptAll: ImportFilter = (_p, _f, attributes) => ({ rejection: undefined, attributes, key: '' });
    r.reconfigurePeer(ebgp.id, options(ebgp, {}, acceptAll));
    r.commit();
    expect(r.adjRibIn(ebgp.id).acceptedCount('ipv4-unicast')).to.equal(2);
    const diff = sent(r.flush(client.id, 'ipv4-unicast', PACK));
    // 10.244.1.0/24 is new; 10.1.0.0/24 changes (LOCAL_PREF 150 → default 100).
    expect(diff.get('10.244.1.0/24')?.localPref).to.equal(100);
    expect(diff.get('10.1.0.0/24')?.localPref).to.equal(100);
    // Nothing left in the store from the old results.
    const refs = r.store.totalReferences();
    r.reconfigurePeer(ebgp.id, options(ebgp, {}, acceptAll));
    expect(r.store.totalReferences()).to.equal(refs);
  });
});

describe('RIB: export filter, reconfigure and drain', () => {
  it('a changed export filter sends only what changed; the drain adds GRACEFUL_SHUTDOWN (and LOCAL_PREF 0 to iBGP)', () => {
    const r = setup();
    r.applyUpdate(
      client.id,
      update4([v4('10.3.0.0/24'), v4('10.5.0.0/24')], attrs([], '192.0.2.3', { localPref: 100 })),
    );
    r.commit();
    expect([...sent(r.flush(ebgp.id, 'ipv4-unicast', PACK)).keys()].sort()).to.deep.equal([
      '10.3.0.0/24',
      '10.5.0.0/24',
    ]);
    const { families: _f, ...base } = options(ebgp).export;
    const only3 = options(ebgp, {
      filter: (prefix, _family, attributes) => ({
        verdict: prefix.toString() === '10.3.0.0/24' ? 'accept' : 'reject',
        attributes: { ...attributes, multiExitDisc: 7 },
        key: 'm7',
      }),
    });
    r.reconfigurePeer(ebgp.id, only3);
    const diff = sent(r.flush(ebgp.id, 'ipv4-unicast', PACK));
    expect(diff.get('10.5.0.0/24')).to.equal(undefined);
    expect(diff.has('10.5.0.0/24')).to.equal(true); // withdrawn
    expect(diff.get('10.3.0.0/24')?.multiExitDisc).to.equal(7); // policy-set MED survives eBGP rules
    r.reconfigurePeer(ebgp.id, only3);
    expect(r.flush(ebgp.id, 'ipv4-unicast', PACK)).to.deep.equal([]);
    expect(base).to.not.equal(undefined);
    // Drain towards the iBGP client2: community and LOCAL_PREF 0.
    r.flush(client2.id, 'ipv4-unicast', PACK);
    r.reconfigurePeer(client2.id, options(client2, { gracefulShutdown: true }));
    const drained = sent(r.flush(client2.id, 'ipv4-unicast', PACK)).get('10.3.0.0/24');
    expect(drained?.communities).to.include(GRACEFUL_SHUTDOWN);
    expect(drained?.localPref).to.equal(0);
  });
});
