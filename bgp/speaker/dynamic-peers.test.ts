import { expect } from 'chai';

import { parseIpAddress, parsePrefix } from '../../common/index.js';
import { dynamicPeerConfig, matchDynamicRange, type DynamicPeerRange } from './dynamic-peers.js';
import { peerIdOfRemote, splitScope } from './peer-transport.js';

const range = (prefix: string, min = 65100, max = 65199): DynamicPeerRange => ({
  prefix: parsePrefix(prefix),
  asnRange: { min, max },
  template: { holdTimeSec: 9, tcpMd5Key: 'k' },
});

describe('dynamic peer ranges', () => {
  it('picks the most specific range holding the address, of the same family', () => {
    const wide = range('10.0.0.0/8');
    const narrow = range('10.1.0.0/16');
    const v6 = range('fd00::/8');
    const ranges = [wide, narrow, v6];
    expect(matchDynamicRange(ranges, parseIpAddress('10.1.2.3'))).to.equal(narrow);
    expect(matchDynamicRange(ranges, parseIpAddress('10.2.0.1'))).to.equal(wide);
    expect(matchDynamicRange(ranges, parseIpAddress('fd00::1'))).to.equal(v6);
    expect(matchDynamicRange(ranges, parseIpAddress('192.0.2.1'))).to.equal(undefined);
  });

  it('gives a passive peer with the template and AS 0 until its OPEN', () => {
    const config = dynamicPeerConfig(range('10.0.0.0/8'), parseIpAddress('10.0.0.5'));
    expect(config).to.deep.include({ asn: 0, passive: true, holdTimeSec: 9, tcpMd5Key: 'k' });
    expect(config.address.toString()).to.equal('10.0.0.5');
  });
});

describe('peer ids of remote addresses as Node reports them', () => {
  it('strips ::ffff: from IPv4, keeps a link-local scope, canonicalises IPv6 text', () => {
    expect(peerIdOfRemote('::ffff:10.0.0.1')).to.equal('10.0.0.1');
    expect(peerIdOfRemote('fe80:0:0::2%eth1')).to.equal('fe80::2%eth1');
    expect(peerIdOfRemote('FD00:0::1')).to.equal('fd00::1');
    expect(splitScope('fe80::1%eth3')).to.deep.equal({ address: 'fe80::1', scope: 'eth3' });
  });
});
