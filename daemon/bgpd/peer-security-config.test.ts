import { expect } from 'chai';

import { ConfigError, parseBgpdConfig } from './config.js';

const HEAD = 'localAs: 65001\nrouterId: 10.0.0.1\ncontrolSocket: /tmp/x\n';

function problems(yaml: string): string[] {
  try {
    parseBgpdConfig(HEAD + yaml);
  } catch (err) {
    if (err instanceof ConfigError) return (err.details as { problems: string[] }).problems;
    throw err;
  }
  return [];
}

describe('twill-bgpd config: MD5, TTL, GTSM, link-local and dynamic peers', () => {
  it('reads the transport options of a peer', () => {
    const c = parseBgpdConfig(
      `${HEAD}peers:\n  - { address: 10.0.0.2, asn: 65002, tcpMd5Key: k1, ttlSecurityHops: 1 }\n` +
        `  - { address: 10.0.0.3, asn: 65003, multihopTtl: 3, extendedNextHop: true }\n`,
    );
    expect(c.peers[0]).to.deep.include({ tcpMd5Key: 'k1', ttlSecurityHops: 1 });
    expect(c.peers[1]).to.deep.include({ multihopTtl: 3, extendedNextHop: true });
  });

  it('reads a link-local peer from address%interface or interface:, and refuses one without', () => {
    const c = parseBgpdConfig(
      `${HEAD}peers:\n  - { address: 'fe80::2%eth1', asn: 65002 }\n  - { address: 'fe80::3', interface: eth2, asn: 65002 }\n`,
    );
    expect(c.peers[0]?.interface).to.equal('eth1');
    expect(c.peers[0]?.address.toString()).to.equal('fe80::2');
    expect(c.peers[1]?.interface).to.equal('eth2');
    expect(problems(`peers:\n  - { address: 'fe80::2', asn: 65002 }\n`)).to.deep.equal([
      'peers[0].address: a link-local address needs its interface: fe80::1%eth1 or interface: eth1',
    ]);
    expect(problems(`peers:\n  - { address: 10.0.0.2, interface: eth1, asn: 65002 }\n`)).to.deep.equal([
      'peers[0].interface: only a link-local (fe80::/10) peer address takes an interface',
    ]);
    expect(problems(`peers:\n  - { address: 'fe80::2%eth1', interface: eth2, asn: 65002 }\n`)).to.deep.equal([
      'peers[0].interface: is eth2 but the address says %eth1',
    ]);
  });

  it('names bad transport values by field path', () => {
    const p = problems(
      `peers:\n  - { address: 10.0.0.2, asn: 65002, ttlSecurityHops: 255, multihopTtl: 0, tcpMd5Key: ${'x'.repeat(81)} }\n` +
        `  - { address: 10.0.0.3, asn: 65002, ttlSecurityHops: 2, multihopTtl: 2 }\n`,
    );
    expect(p).to.deep.equal([
      'peers[0].tcpMd5Key: must be at most 80 octets (TCP_MD5SIG_MAXKEYLEN)',
      'peers[0].multihopTtl: must be an integer 1..255, got 0',
      'peers[0].ttlSecurityHops: must be an integer 1..254, got 255',
      'peers[1].ttlSecurityHops: GTSM sends with TTL 255: do not set multihopTtl as well (RFC 5082)',
    ]);
  });

  it('reads dynamic peer ranges with a template, and names their problems', () => {
    const c = parseBgpdConfig(
      `${HEAD}dynamicPeers:\n  - { prefix: 10.0.9.0/24, asnRange: { min: 65300, max: 65399 }, maxPeers: 5, template: { holdTimeSec: 9, tcpMd5Key: k } }\n` +
        `  - { prefix: 'fd00:9::/64', asn: 65400 }\n`,
    );
    expect(c.dynamicPeers[0]?.prefix.toString()).to.equal('10.0.9.0/24');
    expect(c.dynamicPeers[0]).to.deep.include({ asnRange: { min: 65300, max: 65399 }, maxPeers: 5 });
    expect(c.dynamicPeers[0]?.template).to.deep.equal({ holdTimeSec: 9, tcpMd5Key: 'k' });
    expect(c.dynamicPeers[1]?.asnRange).to.deep.equal({ min: 65400, max: 65400 });
    expect(
      problems(
        `dynamicPeers:\n  - { prefix: 10.0.9.0/24, asnRange: { min: 65400, max: 65300 }, template: { asn: 1, holdTimeSec: 9 } }\n` +
          `  - { prefix: nope, asn: 1, asnRange: { min: 1, max: 2 } }\n`,
      ),
    ).to.deep.equal([
      'dynamicPeers[0].asnRange: min 65400 is above max 65300',
      'dynamicPeers[0].template.asn: unknown field (known: holdTimeSec, keepaliveTimeSec, connectRetryTimeSec, families, nextHopMode, ipv6NextHop, ipv4NextHop, gracefulRestart, maxPrefix, tcpMd5Key, multihopTtl, ttlSecurityHops, extendedNextHop)',
      'dynamicPeers[1].prefix: must be a prefix like 10.0.0.0/24, got "nope"',
      'dynamicPeers[1].asn: give asn or asnRange, not both',
    ]);
  });
});
