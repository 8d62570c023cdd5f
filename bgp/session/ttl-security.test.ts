import { expect } from 'chai';

import { describeNoAnswer, parseMd5Counters } from './no-answer.js';
import { isExternal, needsSocketOptions, transportSecurity } from './ttl-security.js';

const base = { localAs: 65001, peerAs: 65002 };

describe('transport security of a session (RFC 2385, RFC 5082)', () => {
  it('sends single-hop eBGP with TTL 1 and leaves iBGP at the system default', () => {
    expect(transportSecurity(base)).to.deep.equal({ ttl: 1 });
    expect(transportSecurity({ localAs: 65001, peerAs: 65001 })).to.deep.equal({});
    expect(needsSocketOptions(transportSecurity({ localAs: 65001, peerAs: 65001 }))).to.equal(false);
  });

  it('GTSM: TTL 255 out, and 255 - hops + 1 as the minimum in (RFC 5082 §3)', () => {
    expect(transportSecurity({ ...base, ttlSecurityHops: 1 })).to.deep.equal({ ttl: 255, minTtl: 255 });
    expect(transportSecurity({ ...base, ttlSecurityHops: 3 })).to.deep.equal({ ttl: 255, minTtl: 253 });
  });

  it('multihop sets the TTL only; the MD5 key goes with any of them; an empty key is none', () => {
    expect(transportSecurity({ ...base, multihopTtl: 4, tcpMd5Key: 'k' })).to.deep.equal({
      md5Key: 'k',
      ttl: 4,
    });
    expect(transportSecurity({ localAs: 1, peerAs: 1, tcpMd5Key: '' })).to.deep.equal({});
  });

  it('a dynamic peer (AS 0 until its OPEN) counts as external unless its range is our AS alone', () => {
    expect(isExternal({ localAs: 65001, peerAs: 0, peerAsRange: { min: 65001, max: 65001 } })).to.equal(
      false,
    );
    expect(isExternal({ localAs: 65001, peerAs: 0, peerAsRange: { min: 65000, max: 65100 } })).to.equal(true);
    expect(isExternal({ localAs: 65001, peerAs: 65001, peerAsRange: { min: 65000, max: 65100 } })).to.equal(
      false,
    );
  });
});

describe('a connection attempt without an answer, in words', () => {
  it('points at the MD5 key, with the kernel drop count when there is one', () => {
    expect(describeNoAnswer({ md5Key: 'k' })).to.equal(
      'TCP connection failed: no answer — MD5 key mismatch or missing?',
    );
    expect(describeNoAnswer({ md5Key: 'k' }, { failures: 3 })).to.equal(
      'TCP connection failed: no answer — MD5 key mismatch or missing?; kernel MD5 drops: 3',
    );
  });

  it('points at the hop count with GTSM, and at multihop for TTL 1', () => {
    expect(describeNoAnswer({ ttl: 255, minTtl: 254 })).to.equal(
      'TCP connection failed: no answer — peer more than 2 hop(s) away (GTSM)?',
    );
    expect(describeNoAnswer({ ttl: 1 })).to.equal(
      'TCP connection failed: no answer — peer not directly connected (eBGP TTL 1; set multihopTtl)?',
    );
    expect(describeNoAnswer({})).to.equal('TCP connection failed: no answer');
  });

  it('reads the TcpExt MD5 counters of /proc/net/netstat', () => {
    const text = [
      'TcpExt: SyncookiesSent TCPMD5NotFound TCPMD5Unexpected TCPMD5Failure',
      'TcpExt: 0 2 1 4',
      'IpExt: InNoRoutes',
      'IpExt: 0',
    ].join('\n');
    expect(parseMd5Counters(text)).to.deep.equal({ failures: 7 });
    expect(parseMd5Counters('IpExt: InNoRoutes\nIpExt: 0\n')).to.equal(undefined);
  });
});
