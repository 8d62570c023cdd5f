import { expect } from 'chai';

import type { BfdPeerStatus } from '../../bgp/speaker/index.js';
import { bfdCell, hasBfd } from './bfd-column.js';

const UP: BfdPeerStatus = {
  state: 'Up',
  remoteState: 'Up',
  diag: 'No Diagnostic',
  remoteDiag: 'No Diagnostic',
  multihop: false,
  minTxMs: 300,
  minRxMs: 300,
  multiplier: 3,
  txIntervalMs: 300,
  detectionTimeMs: 900,
  remoteMultiplier: 3,
  localDiscriminator: 1,
  remoteDiscriminator: 2,
  remoteControlPlaneIndependent: false,
  holdingBgp: false,
  authentication: undefined,
  error: undefined,
};

describe('twillctl bgp peers: the BFD column', () => {
  it('shows state, negotiated interval × multiplier and detection time', () => {
    expect(bfdCell(UP)).to.equal('Up 300ms×3 det 900ms');
    expect(
      bfdCell({ ...UP, state: 'Down', txIntervalMs: 1000, detectionTimeMs: undefined, holdingBgp: true }),
    ).to.equal('Down 1000ms×3 holding BGP');
    expect(bfdCell(undefined)).to.equal('-');
    expect(bfdCell({ ...UP, error: 'no free BFD source port' })).to.equal('error: no free BFD source port');
  });

  it('appears only when some peer runs BFD', () => {
    expect(hasBfd([{}, { bfd: UP }])).to.equal(true);
    expect(hasBfd([{}])).to.equal(false);
  });
});
