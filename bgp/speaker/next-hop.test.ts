import { expect } from 'chai';

import { IPv4Address, MemoryLogger, parseIpAddress, parsePrefix, systemClock } from '../../common/index.js';
import { waitFor } from '../../lab/wait.js';
import { BgpSpeaker } from './speaker.js';

const FAST = { intervalMs: 50, timeoutMs: 8000 };

describe('BgpSpeaker: next hops of the other family than the session', () => {
  it('sends IPv4 routes over an IPv6 session with ipv4NextHop, and warns for a peer without one', async () => {
    const logA = new MemoryLogger();
    const a = new BgpSpeaker(
      { localAs: 65001, routerId: IPv4Address.parse('10.0.0.1'), listen: [{ address: '::1', port: 0 }] },
      systemClock,
      logA,
    );
    const b = new BgpSpeaker({ localAs: 65002, routerId: IPv4Address.parse('10.0.0.2'), listen: [] });
    try {
      await a.start();
      await b.start();
      const families = ['ipv4-unicast', 'ipv6-unicast'] as const;
      a.addPeer({ address: parseIpAddress('::1'), asn: 65002, passive: true, families });
      b.addPeer({
        address: parseIpAddress('::1'),
        asn: 65001,
        port: a.listenPorts()[0],
        connectRetryTimeSec: 1,
        families,
        ipv4NextHop: parseIpAddress('192.0.2.2'),
      });
      // No next hop of its own: eBGP, so `self`, and over IPv6 only ipv4NextHop can give one.
      b.originate(parsePrefix('10.2.0.0/24'), {});
      const route = await waitFor(
        'IPv4 route in A',
        async () =>
          a.routes({ view: 'best', family: 'ipv4-unicast' }).find((r) => r.prefix === '10.2.0.0/24'),
        FAST,
      );
      expect(route).to.include({ peer: '::1', asPath: '65002', nextHop: '192.0.2.2' });
      const warning = logA.entries.find((e) => e.level === 'warn' && e.msg.startsWith('no next hop of ours'));
      expect(warning?.fields).to.include({ peer: '::1', families: 'ipv4-unicast (set ipv4NextHop)' });
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
