import { expect } from 'chai';

import { IPv4Address, parseIpAddress } from '../../common/index.js';
import { fsmConfig } from '../fsm/index.js';
import { AS_TRANS, OpenSubcode } from '../wire/index.js';
import { checkPeerOpen, localOpen } from './local-open.js';
import type { SessionConfig } from './session-config.js';

const config = (localAs: number, peerAs: number): SessionConfig => ({
  localAs,
  routerId: IPv4Address.parse('10.0.0.1'),
  peerAddress: parseIpAddress('10.0.0.2'),
  peerAs,
  passive: false,
  families: ['ipv4-unicast', 'ipv6-unicast'],
  fsm: fsmConfig({ holdTimeSec: 9 }),
});

describe('our OPEN and the checks on the peer OPEN (RFC 4271 §6.2)', () => {
  it('puts AS_TRANS in My Autonomous System for a 4-octet AS (RFC 6793 §4.2.2) and the AS in the capability', () => {
    const open = localOpen(config(4200000001, 65002));
    expect(open.myAs).to.equal(AS_TRANS);
    expect(open.holdTimeSec).to.equal(9);
    expect(open.capabilities).to.deep.include({ name: 'four-octet-as', asn: 4200000001 });
    expect(open.capabilities.filter((c) => c.name === 'multiprotocol')).to.have.length(2);
  });

  it('refuses a peer AS other than configured (Bad Peer AS) and our own identifier on iBGP', () => {
    const peerOpen = (asn: number, id: string) => ({
      ...localOpen(config(asn, 1)),
      bgpIdentifier: IPv4Address.parse(id),
    });
    expect(checkPeerOpen(peerOpen(65003, '10.0.0.2'), config(65001, 65002))).to.equal(
      OpenSubcode.BAD_PEER_AS,
    );
    expect(checkPeerOpen(peerOpen(65002, '10.0.0.2'), config(65001, 65002))).to.equal(undefined);
    expect(checkPeerOpen(peerOpen(65001, '10.0.0.1'), config(65001, 65001))).to.equal(
      OpenSubcode.BAD_BGP_IDENTIFIER,
    );
    expect(checkPeerOpen(peerOpen(4200000001, '10.0.0.2'), config(65001, 4200000001))).to.equal(undefined);
  });
});
