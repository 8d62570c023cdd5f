import { expect } from 'chai';

import { isTwillError } from '../../common/index.js';
import { parseBgpdConfig } from './config.js';

const VALID = `
localAs: 4200000001
routerId: 10.0.0.10
listen: [{ address: "::", port: 1179 }]
controlSocket: /tmp/bgpd.sock
log: { level: debug, format: human }
peers:
  - address: 10.0.0.1
    asn: 65000
    holdTimeSec: 9
    connectRetryTimeSec: 2
    families: [ipv4-unicast]
    nextHopMode: keep
    sourceAddress: 10.0.0.10
  - address: fd00::1
    asn: 65001
    passive: true
originate:
  - prefix: 10.10.0.0/24
    med: 10
    communities: ["65010:1"]
    largeCommunities: ["4200000001:1:2"]
`;

function problems(text: string): string[] {
  try {
    parseBgpdConfig(text);
  } catch (err) {
    if (isTwillError(err, 'INVALID_CONFIG'))
      return (err.details?.problems as string[] | undefined) ?? [err.message];
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}

describe('twill-bgpd configuration', () => {
  it('reads every field', () => {
    const c = parseBgpdConfig(VALID);
    expect(c.localAs).to.equal(4200000001);
    expect(c.routerId.toString()).to.equal('10.0.0.10');
    expect(c.listen).to.deep.equal([{ address: '::', port: 1179 }]);
    expect(c.log).to.deep.equal({ level: 'debug', format: 'human' });
    const [p0, p1] = c.peers;
    expect(p0).to.include({ asn: 65000, holdTimeSec: 9, connectRetryTimeSec: 2, nextHopMode: 'keep' });
    expect(p0?.families).to.deep.equal(['ipv4-unicast']);
    expect(p0?.sourceAddress?.toString()).to.equal('10.0.0.10');
    expect(p1?.address.toString()).to.equal('fd00::1');
    expect(p1?.passive).to.equal(true);
    const o = c.originate[0];
    expect(o?.prefix.toString()).to.equal('10.10.0.0/24');
    expect(o?.attributes.multiExitDisc).to.equal(10);
    expect(o?.attributes.communities).to.deep.equal([65010 * 65536 + 1]);
    expect(o?.attributes.largeCommunities).to.deep.equal([
      { globalAdministrator: 4200000001, localData1: 1, localData2: 2 },
    ]);
  });

  it('defaults to listening on 0.0.0.0 and :: port 179', () => {
    const c = parseBgpdConfig('localAs: 65000\nrouterId: 1.1.1.1\ncontrolSocket: /tmp/s\n');
    expect(c.listen).to.deep.equal([
      { address: '0.0.0.0', port: 179 },
      { address: '::', port: 179 },
    ]);
    expect(c.peers).to.deep.equal([]);
  });

  it('names every bad field by its path, all at once', () => {
    const found = problems(`
localAs: 0
routerId: fd00::1
controlSocket: /tmp/s
peers:
  - address: 10.0.0.300
    asn: 65000
    holdTimeSec: 2
    families: [ipv4-multicast]
    colour: blue
  - address: 10.0.0.2
    asn: x
  - address: 10.0.0.2
    asn: 65002
originate:
  - prefix: 10.0.0.0/33
    communities: ["65536:1"]
`);
    expect(found).to.have.members([
      'localAs: must be an integer 1..4294967295, got 0',
      'routerId: must be an IPv4 address (RFC 6286: a 32-bit BGP Identifier)',
      'peers[0].colour: unknown field (known: address, asn, passive, port, sourceAddress, holdTimeSec, keepaliveTimeSec, connectRetryTimeSec, families, nextHopMode, ipv6NextHop, ipv4NextHop, gracefulRestart, maxPrefix, tcpMd5Key, multihopTtl, ttlSecurityHops, interface, extendedNextHop, importPolicy, exportPolicy, routeReflectorClient, clusterId, bfd)',
      'peers[0].address: must be an IPv4 or IPv6 address, got "10.0.0.300"',
      'peers[0].holdTimeSec: must be 0 or at least 3 (RFC 4271 §4.2)',
      'peers[0].families[0]: must be one of ipv4-unicast, ipv6-unicast, got "ipv4-multicast"',
      'peers[1].asn: must be an integer 1..4294967295, got "x"',
      'originate[0].prefix: must be a prefix like 10.0.0.0/24, got "10.0.0.0/33"',
      'originate[0].communities[0]: must be "AS:value" (0..65535 each), got "65536:1"',
    ]);
  });

  it('takes an IPv4 next hop for IPv4 routes over an IPv6 session, and refuses an IPv6 one', () => {
    const ok = parseBgpdConfig(`
localAs: 65000
routerId: 1.1.1.1
controlSocket: /tmp/s
peers: [{ address: 'fd00::1', asn: 1, ipv4NextHop: 10.0.0.1 }]
`);
    expect(ok.peers[0]?.ipv4NextHop?.toString()).to.equal('10.0.0.1');
    expect(
      problems(`
localAs: 65000
routerId: 1.1.1.1
controlSocket: /tmp/s
peers: [{ address: 'fd00::1', asn: 1, ipv4NextHop: 'fd00::2' }]
`),
    ).to.deep.equal(['peers[0].ipv4NextHop: must be an IPv4 address, got "fd00::2"']);
  });

  it('refuses a peer configured twice', () => {
    const found = problems(`
localAs: 65000
routerId: 1.1.1.1
controlSocket: /tmp/s
peers: [{ address: 10.0.0.2, asn: 1 }, { address: 10.0.0.2, asn: 2 }]
`);
    expect(found).to.deep.equal(['peers[1].address: peer 10.0.0.2 is configured twice']);
  });
});
