// A full table taken from the Adj-RIB-Out in parts (flow control, speaker FLUSH_ROUTES_PER_TURN): every
// route once, End-of-RIB only with the part that ends the initial transfer, and a change made between
// parts is not lost.
import { expect } from 'chai';

import { IPv4Address } from '../../common/index.js';
import type { UpdateMessage } from '../wire/model.js';
import { Rib } from './rib.js';
import { attrs, LOCAL_AS, peer, ROUTER_ID, update4, v4, withdraw4 } from './testing/fixtures.js';
import { conservativeUpdateSize } from './testing/update-size-estimate.js';

const PACK = { maxMessageLength: 4096, sizeOf: conservativeUpdateSize };
const source = peer('192.0.2.1', 'external', 65001);
const to = peer('192.0.2.2', 'external', 65002);
const PREFIXES = ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24', '10.0.4.0/24'];

const isEndOfRib = (m: UpdateMessage) =>
  m.nlri.length === 0 && m.withdrawnRoutes.length === 0 && m.mpUnreach === undefined;

describe('Rib.flushLazily in parts', () => {
  function established(): Rib {
    const r = new Rib({ localAs: LOCAL_AS, routerId: ROUTER_ID });
    r.addPeer(source, { export: { families: [], selfNextHop: {} } });
    r.applyUpdate(source.id, update4(PREFIXES.map(v4), attrs([65001], '192.0.2.1')));
    r.commit();
    r.addPeer(to, {
      export: { families: ['ipv4-unicast'], selfNextHop: { ipv4: IPv4Address.parse('192.0.2.254') } },
    });
    return r;
  }

  it('sends each route once and End-of-RIB only after the last part', () => {
    const r = established();
    const parts: UpdateMessage[][] = [];
    while (r.adjRibOut(to.id).hasPending('ipv4-unicast'))
      parts.push([...r.flushLazily(to.id, 'ipv4-unicast', PACK, 2)]);
    expect(parts).to.have.length(3);
    const sent = parts.flat().flatMap((m) => m.nlri.map((n) => n.prefix.toString()));
    expect(sent.sort()).to.deep.equal(PREFIXES);
    expect(parts.map((p) => p.some(isEndOfRib))).to.deep.equal([false, false, true]);
    expect(isEndOfRib(parts[2]?.at(-1) as UpdateMessage)).to.equal(true);
    expect([...r.flushLazily(to.id, 'ipv4-unicast', PACK, 2)]).to.deep.equal([]);
  });

  it('keeps a withdrawal that arrives between parts', () => {
    const r = established();
    const first = [...r.flushLazily(to.id, 'ipv4-unicast', PACK, 2)];
    const firstSent = first.flatMap((m) => m.nlri.map((n) => n.prefix.toString()));
    r.applyUpdate(source.id, withdraw4([v4(firstSent[0] as string)]));
    r.commit();
    const rest = [...r.flushLazily(to.id, 'ipv4-unicast', PACK)];
    expect(rest.flatMap((m) => m.withdrawnRoutes.map((n) => n.prefix.toString()))).to.deep.equal([
      firstSent[0],
    ]);
    expect(rest.flatMap((m) => m.nlri.map((n) => n.prefix.toString()))).to.have.length(3);
    expect(rest.some(isEndOfRib)).to.equal(true);
  });

  it('packs the same messages lazily as flush() does at once', () => {
    const lazy = [...established().flushLazily(to.id, 'ipv4-unicast', PACK)];
    expect(lazy).to.deep.equal(established().flush(to.id, 'ipv4-unicast', PACK));
  });
});
