import { expect } from 'chai';

import { IPv4Address, parseIpAddress, parsePrefix } from '../../common/index.js';
import { waitFor } from '../../lab/wait.js';
import { ACCEPT_ALL } from '../policy/index.js';
import { BgpSpeaker } from './speaker.js';

const NH_A = IPv4Address.parse('192.0.2.1');
const NH_B = IPv4Address.parse('192.0.2.2');
const FAST = { intervalMs: 50, timeoutMs: 8000 };

/** Two speakers in this process on 127.0.0.1 and 127.0.0.2, each listening on a free port. */
async function pair(bPassive = false): Promise<[BgpSpeaker, BgpSpeaker]> {
  const a = new BgpSpeaker({
    localAs: 65001,
    routerId: IPv4Address.parse('10.0.0.1'),
    listen: [{ address: '127.0.0.1', port: 0 }],
  });
  const b = new BgpSpeaker({
    localAs: 65002,
    routerId: IPv4Address.parse('10.0.0.2'),
    listen: [{ address: '127.0.0.2', port: 0 }],
  });
  await a.start();
  await b.start();
  // RFC 4271 §6.3 (and so the codec) refuses 127/8 next hops: keep the documentation next hops we set.
  const common = {
    nextHopMode: 'keep' as const,
    holdTimeSec: 9,
    connectRetryTimeSec: 1,
    families: ['ipv4-unicast', 'ipv6-unicast'] as const,
    // eBGP: RFC 8212 would block everything without policies.
    importPolicy: ACCEPT_ALL,
    exportPolicy: ACCEPT_ALL,
  };
  a.addPeer({
    address: parseIpAddress('127.0.0.2'),
    asn: 65002,
    port: b.listenPorts()[0],
    sourceAddress: parseIpAddress('127.0.0.1'),
    ...common,
  });
  b.addPeer({
    address: parseIpAddress('127.0.0.1'),
    asn: 65001,
    port: a.listenPorts()[0],
    sourceAddress: parseIpAddress('127.0.0.2'),
    passive: bPassive,
    ...common,
  });
  return [a, b];
}

function established(s: BgpSpeaker): Promise<true> {
  return waitFor(
    'session Established',
    async () => (s.peerStatus()[0]?.state === 'Established' ? true : undefined),
    FAST,
  );
}

describe('BgpSpeaker: a Twill–Twill session on loopback', () => {
  let speakers: BgpSpeaker[] = [];
  afterEach(async () => {
    await Promise.all(speakers.map((s) => s.stop()));
    speakers = [];
  });

  for (const bPassive of [false, true]) {
    it(`exchanges and withdraws routes both ways (${bPassive ? 'one side passive' : 'both active: collision'})`, async () => {
      const [a, b] = await pair(bPassive);
      speakers = [a, b];
      await established(a);
      await established(b);

      a.originate(parsePrefix('10.1.0.0/24'), {
        nextHop: NH_A,
        multiExitDisc: 5,
        communities: [65001 * 65536 + 7],
      });
      b.originate(parsePrefix('10.2.0.0/24'), { nextHop: NH_B });
      const seenByB = await waitFor(
        'A route in B',
        async () => b.routes({ view: 'best' }).find((r) => r.prefix === '10.1.0.0/24'),
        FAST,
      );
      expect(seenByB).to.include({ peer: '127.0.0.1', asPath: '65001', nextHop: '192.0.2.1', med: 5 });
      expect(seenByB.communities).to.deep.equal(['65001:7']);
      const seenByA = await waitFor(
        'B route in A',
        async () => a.routes({ view: 'best' }).find((r) => r.prefix === '10.2.0.0/24'),
        FAST,
      );
      expect(seenByA).to.include({ peer: '127.0.0.2', asPath: '65002' });
      expect(a.routes({ view: 'advertised', peer: '127.0.0.2' }).map((r) => r.prefix)).to.deep.equal([
        '10.1.0.0/24',
      ]);
      const status = a.peerStatus()[0];
      expect(status?.prefixes['ipv4-unicast']).to.deep.equal({ received: 1, accepted: 1, advertised: 1 });
      expect(status?.families).to.deep.equal(['ipv4-unicast', 'ipv6-unicast']);
      expect(status?.holdTimeSec).to.equal(9);

      const changes: string[] = [];
      b.subscribe((batch) => batch.forEach((c) => changes.push(`${c.kind} ${c.prefix.toString()}`)));
      a.withdraw(parsePrefix('10.1.0.0/24'));
      await waitFor(
        'withdrawal in B',
        async () => (b.routes({ view: 'best' }).some((r) => r.prefix === '10.1.0.0/24') ? undefined : true),
        FAST,
      );
      expect(changes).to.include('removed 10.1.0.0/24');
      // Only one session survives a collision: each side has exactly one peer in its RIB.
      expect(a.rib.peerIds()).to.deep.equal(['127.0.0.2']);
    });
  }

  it('shows a wrong peer AS in words and keeps the other side idle-holding', async () => {
    const a = new BgpSpeaker({
      localAs: 65001,
      routerId: IPv4Address.parse('10.0.0.1'),
      listen: [{ address: '127.0.0.1', port: 0 }],
    });
    const b = new BgpSpeaker({
      localAs: 65002,
      routerId: IPv4Address.parse('10.0.0.2'),
      listen: [{ address: '127.0.0.2', port: 0 }],
    });
    speakers = [a, b];
    await a.start();
    await b.start();
    // A expects AS 65099: it refuses B's OPEN with Bad Peer AS; B reports what it received.
    a.addPeer({ address: parseIpAddress('127.0.0.2'), asn: 65099, passive: true });
    b.addPeer({
      address: parseIpAddress('127.0.0.1'),
      asn: 65001,
      port: a.listenPorts()[0],
      sourceAddress: parseIpAddress('127.0.0.2'),
      connectRetryTimeSec: 1,
    });
    await waitFor('B last error', async () => b.peerStatus()[0]?.lastError, FAST);
    expect(b.peerStatus()[0]?.lastError).to.equal('Received NOTIFICATION 2/2 Bad Peer AS');
    expect(a.peerStatus()[0]?.lastError).to.equal('Sent NOTIFICATION 2/2 Bad Peer AS');
    expect(b.peerStatus()[0]?.state).to.not.equal('Established');
  });
});

describe('BgpSpeaker: IPv6 transport', () => {
  it('exchanges IPv6 routes over a session on ::1', async function () {
    const a = new BgpSpeaker({
      localAs: 65001,
      routerId: IPv4Address.parse('10.0.0.1'),
      listen: [{ address: '::1', port: 0 }],
    });
    const b = new BgpSpeaker({ localAs: 65002, routerId: IPv4Address.parse('10.0.0.2'), listen: [] });
    try {
      await a.start();
      await b.start();
      const policies = { importPolicy: ACCEPT_ALL, exportPolicy: ACCEPT_ALL };
      a.addPeer({
        address: parseIpAddress('::1'),
        asn: 65002,
        passive: true,
        nextHopMode: 'keep',
        ...policies,
      });
      b.addPeer({
        address: parseIpAddress('::1'),
        asn: 65001,
        port: a.listenPorts()[0],
        nextHopMode: 'keep',
        connectRetryTimeSec: 1,
        ...policies,
      });
      b.originate(parsePrefix('2001:db8:2::/48'), { nextHop: parseIpAddress('2001:db8::2') });
      const route = await waitFor(
        'IPv6 route in A',
        async () =>
          a.routes({ view: 'best', family: 'ipv6-unicast' }).find((r) => r.prefix === '2001:db8:2::/48'),
        FAST,
      );
      expect(route).to.include({ peer: '::1', asPath: '65002', nextHop: '2001:db8::2' });
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
