import { expect } from 'chai';

import { parseIpAddress } from '../../../common/index.js';
import type { PeerConfig } from '../../../bgp/speaker/index.js';
import { diffPeers } from './peer-diff.js';

const peer = (address: string, extra: Partial<PeerConfig> = {}): PeerConfig => ({
  address: parseIpAddress(address),
  asn: 65000,
  ...extra,
});

describe('diffPeers (desired peers → speaker calls)', () => {
  it('adds new peers, removes gone ones, and leaves identical ones alone', () => {
    const current = new Map([
      ['10.0.0.1', peer('10.0.0.1')],
      ['10.0.0.2', peer('10.0.0.2')],
    ]);
    // Rebuilt objects with the same content count as unchanged: their sessions must not be touched.
    const plan = diffPeers(current, [peer('10.0.0.1'), peer('10.0.0.3')]);
    expect(plan.add.map((p) => p.address.toString())).to.deep.equal(['10.0.0.3']);
    expect(plan.remove.map((p) => p.address.toString())).to.deep.equal(['10.0.0.2']);
    expect(plan.update).to.deep.equal([]);
  });

  it('updates a peer whose configuration changed (soft or hard is the speaker’s call)', () => {
    const current = new Map([
      ['10.0.0.1', peer('10.0.0.1')],
      ['10.0.0.2', peer('10.0.0.2')],
    ]);
    const plan = diffPeers(current, [
      peer('10.0.0.1', { routeReflectorClient: true }),
      peer('10.0.0.2', { asn: 65001 }),
    ]);
    expect(plan.update.map((p) => p.address.toString())).to.deep.equal(['10.0.0.1', '10.0.0.2']);
    expect(plan.add).to.deep.equal([]);
    expect(plan.remove).to.deep.equal([]);
  });
});
