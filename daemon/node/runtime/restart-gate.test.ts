import { expect } from 'chai';

import { IPv4Address, parsePrefix } from '../../../common/index.js';
import type { DesiredRoute } from '../../../routing/routetable/index.js';
import { isReady, RestartGate } from './restart-gate.js';

const route = (dst: string, gateway?: string): DesiredRoute => ({
  dst: parsePrefix(dst),
  table: 254,
  ...(gateway === undefined ? { type: 'blackhole' as const } : { gateway: IPv4Address.parse(gateway) }),
});

describe('RestartGate (stale kernel routes kept until the node is ready)', () => {
  it('keeps preserved routes no desired route replaces, and only until it opens', () => {
    const preserved = [
      route('10.244.1.0/26'),
      route('10.244.2.0/26', '10.0.1.12'),
      route('10.244.9.0/26', '10.0.1.9'),
    ];
    const gate = new RestartGate(preserved);
    expect(gate.isOpen).to.equal(false);
    // Nothing learned yet: everything preserved stays.
    expect(gate.merge([]).map((r) => r.dst.toString())).to.deep.equal([
      '10.244.1.0/26',
      '10.244.2.0/26',
      '10.244.9.0/26',
    ]);
    // A new next hop for a preserved destination wins over the stale one (same key: no duplicate).
    const desired = [route('10.244.1.0/26'), route('10.244.2.0/26', '10.0.1.13')];
    const merged = gate.merge(desired);
    expect(merged.map((r) => `${r.dst} ${r.gateway?.toString() ?? r.type}`)).to.deep.equal([
      '10.244.1.0/26 blackhole',
      '10.244.2.0/26 10.0.1.13',
      '10.244.9.0/26 10.0.1.9',
    ]);
    expect(gate.heldCount(desired)).to.equal(1);
    gate.openGate();
    expect(gate.merge(desired)).to.deep.equal(desired);
    expect(gate.heldCount(desired)).to.equal(0);
  });

  it('is open from the start when the kernel held nothing of ours (first start since boot)', () => {
    expect(new RestartGate([]).isOpen).to.equal(true);
  });

  it('is ready on datastore in-sync plus BGP converged, or at the deadline, never on one alone', () => {
    expect(isReady({ datastoreInSync: true, bgpConverged: true, deadlinePassed: false })).to.equal(true);
    expect(isReady({ datastoreInSync: true, bgpConverged: false, deadlinePassed: false })).to.equal(false);
    expect(isReady({ datastoreInSync: false, bgpConverged: true, deadlinePassed: false })).to.equal(false);
    expect(isReady({ datastoreInSync: false, bgpConverged: false, deadlinePassed: true })).to.equal(true);
  });
});
