import { expect } from 'chai';

import { IPv4Address, parseIpAddress } from '../../common/index.js';
import { fsmConfig } from '../fsm/index.js';
import { OpenSubcode } from '../wire/index.js';
import { checkPeerOpen, localOpen } from './local-open.js';
import { peerId, type SessionConfig } from './session-config.js';

const config = (over: Partial<SessionConfig>): SessionConfig => ({
  localAs: 65001,
  routerId: IPv4Address.parse('10.0.0.1'),
  peerAddress: parseIpAddress('10.0.0.2'),
  peerAs: 65002,
  passive: false,
  families: ['ipv4-unicast', 'ipv6-unicast'],
  fsm: fsmConfig({ holdTimeSec: 9 }),
  ...over,
});

describe('OPEN for dynamic, IPv6 and link-local peers', () => {
  it('a dynamic peer takes any AS of its range from the OPEN, and Bad Peer AS outside it', () => {
    const dynamic = config({ peerAs: 0, peerAsRange: { min: 65100, max: 65199 } });
    const open = (asn: number) =>
      localOpen(config({ localAs: asn, routerId: IPv4Address.parse('10.0.0.2') }));
    expect(checkPeerOpen(open(65100), dynamic)).to.equal(undefined);
    expect(checkPeerOpen(open(65199), dynamic)).to.equal(undefined);
    expect(checkPeerOpen(open(65200), dynamic)).to.equal(OpenSubcode.BAD_PEER_AS);
    expect(checkPeerOpen(open(65099), dynamic)).to.equal(OpenSubcode.BAD_PEER_AS);
  });

  it('offers RFC 8950 extended next hop for IPv4 on IPv6 sessions only, unless configured', () => {
    const enhe = (c: SessionConfig) => localOpen(c).capabilities.find((x) => x.name === 'extended-next-hop');
    expect(enhe(config({ peerAddress: parseIpAddress('fe80::2') }))).to.deep.equal({
      name: 'extended-next-hop',
      entries: [{ afi: 1, safi: 1, nextHopAfi: 2 }],
    });
    expect(enhe(config({}))).to.equal(undefined);
    expect(enhe(config({ extendedNextHop: true }))).to.not.equal(undefined);
    expect(enhe(config({ peerAddress: parseIpAddress('fd00::2'), extendedNextHop: false }))).to.equal(
      undefined,
    );
    // Nothing to extend when the session does not carry IPv4.
    expect(enhe(config({ peerAddress: parseIpAddress('fd00::2'), families: ['ipv6-unicast'] }))).to.equal(
      undefined,
    );
  });

  it('names a link-local peer with its interface', () => {
    expect(peerId({ peerAddress: parseIpAddress('fe80::2'), interface: 'eth1' })).to.equal('fe80::2%eth1');
    expect(peerId({ peerAddress: parseIpAddress('10.0.0.2') })).to.equal('10.0.0.2');
  });
});
