import { expect } from 'chai';

import { TcpdumpBgpParser, type Direction } from './bgp-capture.js';
import { LatencySeries, percentile } from './latency-stats.js';
import { parseIpTimestamp } from '../../lab/ip-monitor.js';
import { routeDestination } from './route-monitor.js';

describe('bench:pod-route parsers', () => {
  it('reads `ip -ts monitor` timestamps (UTC, microseconds) and route destinations', () => {
    expect(parseIpTimestamp('[2026-11-26T12:01:27.502581]')).to.be.closeTo(
      Date.UTC(2026, 10, 26, 12, 1, 27, 502) + 0.581,
      0.001,
    );
    expect(Number.isNaN(parseIpTimestamp('10.9.9.9'))).to.equal(true);
    expect(routeDestination(['blackhole', '10.250.0.3', 'proto', '84'])).to.equal('10.250.0.3');
    expect(routeDestination(['10.250.0.3', 'via', '10.1.0.1', 'dev', 'eth1'])).to.equal('10.250.0.3');
    expect(routeDestination(['Deleted', '10.250.0.3', 'via', '10.1.0.1'])).to.equal(undefined);
  });

  it('finds the prefixes announced in tcpdump -v BGP output, with direction and capture time', () => {
    const found: [Direction, string, number][] = [];
    const parser = new TcpdumpBgpParser('10.1.0.11', (d, p, t) => found.push([d, p, t]));
    const lines = [
      '1795694487.500250 IP (tos 0xc0, ttl 1, id 1, offset 0, flags [DF], proto TCP (6), length 100)',
      '    10.1.0.11.179 > 10.1.0.1.40000: Flags [P.], seq 1:49, ack 1, win 502, length 48: BGP',
      '\tUpdate Message (2), length: 48',
      '\t  Withdrawn routes:',
      '\t    10.250.0.9/32',
      '\t  Origin (1), length: 1, Flags [T]: IGP',
      '\t  Updated routes:',
      '\t    10.250.0.5/32',
      '1795694487.520000 IP (tos 0xc0, ttl 1, id 2, offset 0, flags [DF], proto TCP (6), length 100)',
      '    10.1.0.1.40000 > 10.1.0.11.179: Flags [P.], seq 1:49, ack 49, win 502, length 48: BGP',
      '\tUpdate Message (2), length: 48',
      '\t  Updated routes:',
      '\t    10.250.0.6/32',
      '\tKeepalive Message (4), length: 19',
    ];
    for (const line of lines) parser.line(line);
    expect(found.map(([d, p]) => [d, p])).to.deep.equal([
      ['out', '10.250.0.5/32'],
      ['in', '10.250.0.6/32'],
    ]);
    expect(found[0]?.[2]).to.be.closeTo(1795694487500.25, 0.001);
  });

  it('nearest-rank percentiles per stage', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([50, 95, 99, 100].map((p) => percentile(sorted, p))).to.deep.equal([50, 95, 99, 100]);
    expect(Number.isNaN(percentile([], 50))).to.equal(true);
    const series = new LatencySeries();
    for (const ms of [3, 1, 2, Number.NaN]) series.add('A', ms);
    const [, row] = series.table();
    expect(row?.split(/\s+/).slice(1)).to.deep.equal(['3', '2.0', '3.0', '3.0', '3.0']);
  });
});
