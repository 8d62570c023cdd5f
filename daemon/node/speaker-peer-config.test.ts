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
    // fd00::1 < fd00::2: this side connects; the other node waits.
    expect(config).not.to.have.property('passive');
    expect(toPeerConfig({ ...base, address: 'fd00::1', localAddress: 'fd00::2' }).config.passive).to.equal(
      true,
    );
    // A router (no remoteNode) is always connected to actively.
    const { remoteNode: _n, ...router } = base;
    expect(
      toPeerConfig({ ...router, address: 'fd00::1', localAddress: 'fd00::2' }).config,
    ).not.to.have.property('passive');
    expect(unmapped).to.deep.equal([]);
  });

  it('leaves Auto to the speaker default, maps GTSM, multihop and RR client, lists password', () => {
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
    expect(config).to.deep.include({ ttlSecurityHops: 1, multihopTtl: 2, routeReflectorClient: true });
    expect(unmapped).to.deep.equal(['password']);
  });

  it('maps graceful restart and BFD, and gives external peers the node policies only', () => {
    const policies = {
      localAsNumber: 65001,
      importPolicy: { rules: [], default: 'reject' as const },
      exportPolicy: { rules: [], default: 'accept' as const },
    };
    const peer: DesiredBgpPeer = {
      ...base,
      options: {
        gracefulRestart: { enabled: true, restartTimeSec: 30, stalePathTimeSec: 40 },
        bfd: { enabled: true, minTxIntervalMs: 100, multiplier: 5 },
      },
    };
    const ebgp = toPeerConfig(peer, policies).config;
    expect(ebgp.gracefulRestart).to.deep.equal({ enabled: true, restartTimeSec: 30, staleRoutesTimeSec: 40 });
    expect(ebgp.bfd).to.deep.equal({
      enabled: true,
      minTxMs: 100,
      multiplier: 5,
      sharedFateGracefulRestart: false,
    });
    expect(ebgp.importPolicy).to.equal(policies.importPolicy);
    expect(ebgp.exportPolicy).to.equal(policies.exportPolicy);
    const ibgp = toPeerConfig({ ...peer, asNumber: 65001 }, policies).config;
    expect(ibgp).not.to.have.property('importPolicy');
    expect(ibgp).not.to.have.property('exportPolicy');
  });
});
