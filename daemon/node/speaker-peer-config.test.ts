import { expect } from 'chai';

import { peerConfigChange } from '../../bgp/speaker/index.js';
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
    const config = toPeerConfig({
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
    expect(toPeerConfig({ ...base, address: 'fd00::1', localAddress: 'fd00::2' }).passive).to.equal(true);
    // A router (no remoteNode) is always connected to actively.
    const { remoteNode: _n, ...router } = base;
    expect(toPeerConfig({ ...router, address: 'fd00::1', localAddress: 'fd00::2' })).not.to.have.property(
      'passive',
    );
  });

  it('leaves Auto to the speaker default, maps GTSM, multihop and RR client', () => {
    const config = toPeerConfig({
      ...base,
      address: '10.0.0.2',
      localAddress: '10.0.0.1',
      routeReflectorClient: true,
      options: {
        nextHopMode: 'Auto',
        ttlSecurityHops: 1,
        multihopMaxHops: 2,
      },
    });
    expect(config.families).to.deep.equal(['ipv4-unicast']);
    expect(config).not.to.have.property('nextHopMode');
    expect(config).to.deep.include({ ttlSecurityHops: 1, multihopTtl: 2, routeReflectorClient: true });
    expect(config).not.to.have.property('adminDownReason');
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
    const ebgp = toPeerConfig(peer, policies);
    expect(ebgp.gracefulRestart).to.deep.equal({ enabled: true, restartTimeSec: 30, staleRoutesTimeSec: 40 });
    expect(ebgp.bfd).to.deep.equal({
      enabled: true,
      minTxMs: 100,
      multiplier: 5,
      sharedFateGracefulRestart: false,
    });
    expect(ebgp.importPolicy).to.equal(policies.importPolicy);
    expect(ebgp.exportPolicy).to.equal(policies.exportPolicy);
    const ibgp = toPeerConfig({ ...peer, asNumber: 65001 }, policies);
    expect(ibgp).not.to.have.property('importPolicy');
    expect(ibgp).not.to.have.property('exportPolicy');
  });

  it('password: the key from the Secret becomes the TCP MD5 key', () => {
    const seen: unknown[] = [];
    const config = toPeerConfig(
      { ...base, options: { password: { secretKeyRef: { name: 'bgp', key: 'tor' } } } },
      undefined,
      {
        password: (ref) => {
          seen.push(ref);
          return { value: 'md5-secret' };
        },
      },
    );
    expect(seen).to.deep.equal([{ name: 'bgp', key: 'tor' }]);
    expect(config.tcpMd5Key).to.equal('md5-secret');
    expect(config).not.to.have.property('adminDownReason');
  });

  it('password: a missing Secret or key, or no reader, keeps the peer down with the reason and no key', () => {
    const peer = { ...base, options: { password: { secretKeyRef: { name: 'bgp', key: 'tor' } } } };
    const missing = toPeerConfig(peer, undefined, {
      password: () => ({ reason: 'password: Secret twill-system/bgp has no key tor' }),
    });
    expect(missing).not.to.have.property('tcpMd5Key');
    expect(missing.adminDownReason).to.equal('password: Secret twill-system/bgp has no key tor');
    expect(toPeerConfig(peer).adminDownReason).to.equal(
      'password: Secret bgp key tor: no Kubernetes API to read Secrets from',
    );
  });

  it('a changed filter is a soft change (session kept); a changed password, a missing Secret, restarts', () => {
    const peer: DesiredBgpPeer = {
      ...base,
      address: '10.0.0.2',
      localAddress: '10.0.0.1',
      options: { exportFilters: ['f'], password: { secretKeyRef: { name: 'bgp', key: 'tor' } } },
    };
    const policies = {
      localAsNumber: 65001,
      importPolicy: { rules: [], default: 'reject' as const },
      exportPolicy: { rules: [], default: 'accept' as const },
    };
    const map = (action: 'Accept' | 'Reject', key: string | undefined) =>
      toPeerConfig(peer, policies, {
        filters: { f: { exportV4: [{ action, cidr: '10.244.1.0/26', matchOperator: 'Equal' }] } },
        password: () => (key === undefined ? { reason: 'password: Secret x/bgp not found' } : { value: key }),
      });
    expect(peerConfigChange(map('Accept', 'k1'), map('Reject', 'k1'))).to.equal('soft');
    expect(peerConfigChange(map('Accept', 'k1'), map('Accept', 'k2'))).to.equal('restart');
    expect(peerConfigChange(map('Accept', 'k1'), map('Accept', undefined))).to.equal('restart');
    expect(peerConfigChange(map('Accept', undefined), map('Accept', 'k1'))).to.equal('restart');
    expect(peerConfigChange(map('Accept', 'k1'), map('Accept', 'k1'))).to.equal('none');
  });
});
