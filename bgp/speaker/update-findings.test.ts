import { expect } from 'chai';

import { MemoryLogger } from '../../common/index.js';
import { decodeMessage, DEFAULT_CONTEXT, type UpdateReport } from '../wire/index.js';
import { UpdateFindings } from './update-findings.js';

/**
 * The UPDATE GoBGP sends for an IPv4 route over an IPv6 session (seen in the interop lab): MP_REACH_NLRI
 * for IPv4 unicast with a 16-octet next hop (fd00:2:3::1), without RFC 8950 negotiated.
 */
function gobgpIpv4OverIpv6Update(): UpdateReport {
  const attrs = Buffer.from([
    ...[0x40, 1, 1, 2], // ORIGIN incomplete
    ...[0x40, 2, 0], // AS_PATH empty (iBGP)
    ...[0x80, 14, 25, 0, 1, 1, 16], // MP_REACH_NLRI, AFI 1 SAFI 1, next hop length 16
    ...[0xfd, 0, 0, 2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    ...[0, 24, 10, 31, 0], // reserved; 10.31.0.0/24
  ]);
  const body = Buffer.concat([Buffer.from([0, 0, attrs.length >> 8, attrs.length & 0xff]), attrs]);
  const header = Buffer.alloc(19, 0xff);
  header.writeUInt16BE(19 + body.length, 16);
  header[18] = 2;
  const decoded = decodeMessage(Buffer.concat([header, body]), DEFAULT_CONTEXT);
  if (!decoded.ok || decoded.report === undefined) throw new Error('expected a decoded UPDATE');
  return decoded.report;
}

describe('UpdateFindings: RFC 7606 outcomes in peer status and the log', () => {
  it('shows a family disabled by a 16-octet IPv4 next hop, logs it once, and forgets it on a new session', () => {
    const log = new MemoryLogger();
    const findings = new UpdateFindings(log);
    const report = gobgpIpv4OverIpv6Update();
    expect(report.treatment).to.equal('afi-safi-disable');

    findings.record('fd00:2:3::1', report);
    findings.record('fd00:2:3::1', report);
    const status = findings.status('fd00:2:3::1');
    expect(status.disabledFamilies).to.deep.equal(['ipv4-unicast']);
    expect(status.lastUpdateError).to.match(/next hop length 16 \(afi-safi-disable\)$/);
    const warnings = log.entries.filter((e) => e.level === 'warn');
    expect(warnings).to.have.length(1);
    expect(warnings[0]?.fields).to.include({ peer: 'fd00:2:3::1', disabledFamilies: 'ipv4-unicast' });

    expect(findings.status('10.0.0.1')).to.deep.equal({});
    findings.reset('fd00:2:3::1');
    expect(findings.status('fd00:2:3::1')).to.deep.equal({});
  });
});
