import { expect } from 'chai';

import type { DesiredBgpPeer } from './calc/index.js';
import { toPeerConfig } from './speaker-peer-config.js';

const base: DesiredBgpPeer = {
  address: 'fd00::2',
  asNumber: 65002,
  localAddress: 'fd00::1',
  origin: { kind: 'node-to-node-mesh' },
  remoteNode: 'n2',
  routeReflectorClient: false,
  options: {},
};

describe('toPeerConfig (desired peer → speaker PeerConfig)', () => {
  it('maps address, AS, source, family, timers and next-hop mode', () => {
    const { config, unmapped } = toPeerConfig({
      ...base,
      options: { timers: { holdTimeSec: 9, keepaliveTimeSec: 3 }, nextHopMode: 'Self' },
    });
    expect(config.address.toString()).to.equal('fd00::2');
    expect(config.sourceAddress?.toString()).to.equal('fd00::1');
    expect(config).to.deep.include({
      asn: 65002,
      families: ['ipv6-unicast'],
      holdTimeSec: 9,
      keepaliveTimeSec: 3,
      nextHopMode: 'self',
    });
    expect(config).not.to.have.property('connectRetryTimeSec');
    expect(unmapped).to.deep.equal([]);
  });

  it('leaves Auto to the speaker default and lists every option PeerConfig cannot carry yet', () => {
    const { config, unmapped } = toPeerConfig({
      ...base,
      address: '10.0.0.2',
      localAddress: '10.0.0.1',
      routeReflectorClient: true,
      options: {
        nextHopMode: 'Auto',
        password: { secretKeyRef: { name: 'bgp', key: 'tor' } },
        ttlSecurityHops: 1,
        multihopMaxHops: 2,
      },
    });
    expect(config.families).to.deep.equal(['ipv4-unicast']);
    expect(config).not.to.have.property('nextHopMode');
    expect(unmapped).to.deep.equal(['password', 'ttlSecurity', 'multihop', 'routeReflectorClient']);
  });
});
