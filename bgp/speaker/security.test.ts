// TCP MD5, GTSM and dynamic peers between two speakers in this process, on loopback (real kernel
// TCP_MD5SIG and IP_MINTTL; the lab test daemon/bgpd/security.lab.test.ts does the same with BIRD and FRR).
import { expect } from 'chai';

import { IPv4Address, parseIpAddress, parsePrefix } from '../../common/index.js';
import { waitFor } from '../../lab/wait.js';
import { BgpSpeaker } from './speaker.js';
import type { DynamicPeerRange } from './dynamic-peers.js';
import type { PeerConfig } from './speaker-config.js';

const FAST = { intervalMs: 50, timeoutMs: 8000 };

interface Side {
  readonly asn: number;
  readonly address: string;
  readonly peer?: Partial<PeerConfig>;
  readonly dynamicPeers?: readonly DynamicPeerRange[];
  /** Do not configure the other side as a peer (it is expected to be accepted dynamically). */
  readonly noPeer?: boolean;
}

async function pair(a: Side, b: Side): Promise<[BgpSpeaker, BgpSpeaker]> {
  const speaker = (s: Side, id: string) =>
    new BgpSpeaker({
      localAs: s.asn,
      routerId: IPv4Address.parse(id),
      listen: [{ address: s.address, port: 0 }],
      ...(s.dynamicPeers === undefined ? {} : { dynamicPeers: s.dynamicPeers }),
    });
  const sa = speaker(a, '10.0.0.1');
  const sb = speaker(b, '10.0.0.2');
  await sa.start();
  await sb.start();
  const common = { holdTimeSec: 9, connectRetryTimeSec: 1, families: ['ipv4-unicast'] as const };
  const add = (s: BgpSpeaker, me: Side, other: Side, port: number) => {
    if (me.noPeer === true) return;
    s.addPeer({
      address: parseIpAddress(other.address),
      asn: other.asn,
      port,
      sourceAddress: parseIpAddress(me.address),
      ...common,
      ...me.peer,
    });
  };
  add(sa, a, b, sb.listenPorts()[0] as number);
  add(sb, b, a, sa.listenPorts()[0] as number);
  return [sa, sb];
}

const stateOf = (s: BgpSpeaker, peer: string) => s.peerStatus().find((p) => p.peer === peer);
const established = (s: BgpSpeaker, peer: string) =>
  waitFor(
    `${peer} Established`,
    async () => (stateOf(s, peer)?.state === 'Established' ? true : undefined),
    FAST,
  );

describe('BgpSpeaker: TCP MD5, GTSM and dynamic peers on loopback', () => {
  let speakers: BgpSpeaker[] = [];
  afterEach(async () => {
    await Promise.all(speakers.map((s) => s.stop()));
    speakers = [];
  });

  it('TCP MD5: the same key on both sides establishes, and status shows md5 without the key', async () => {
    const key = { tcpMd5Key: 'loopback-key' };
    speakers = await pair(
      { asn: 65001, address: '127.0.0.1', peer: key },
      { asn: 65002, address: '127.0.0.2', peer: key },
    );
    const [a, b] = speakers as [BgpSpeaker, BgpSpeaker];
    await established(a, '127.0.0.2');
    await established(b, '127.0.0.1');
    const status = stateOf(a, '127.0.0.2');
    expect(status?.transport).to.deep.equal({
      tcpMd5: true,
      ttl: 1,
      minTtl: undefined,
      interface: undefined,
    });
    expect(JSON.stringify(a.peerStatus())).to.not.include('loopback-key');
  });

  it('TCP MD5: different keys never connect, and status says why in words', async () => {
    speakers = await pair(
      { asn: 65001, address: '127.0.0.1', peer: { tcpMd5Key: 'key-one' } },
      { asn: 65002, address: '127.0.0.2', peer: { tcpMd5Key: 'key-two' } },
    );
    const [a] = speakers as [BgpSpeaker, BgpSpeaker];
    const status = await waitFor(
      'a last error on A',
      async () => {
        const s = stateOf(a, '127.0.0.2');
        return s?.lastError?.includes('no answer') === true ? s : undefined;
      },
      FAST,
    );
    expect(status.state).to.not.equal('Established');
    expect(status.lastError).to.match(/^TCP connection failed: no answer — MD5 key mismatch or missing\?/);
  });

  it('TCP MD5 on one side only: no session either', async () => {
    speakers = await pair(
      { asn: 65001, address: '127.0.0.1', peer: { tcpMd5Key: 'only-here' } },
      { asn: 65002, address: '127.0.0.2' },
    );
    const [a, b] = speakers as [BgpSpeaker, BgpSpeaker];
    await waitFor(
      'an MD5 hint on A',
      async () => (stateOf(a, '127.0.0.2')?.lastError?.includes('MD5') ? true : undefined),
      FAST,
    );
    expect(stateOf(b, '127.0.0.1')?.state).to.not.equal('Established');
  });

  it('GTSM: TTL 255 and a minimum of 255 for one hop establishes over loopback', async () => {
    const gtsm = { ttlSecurityHops: 1 };
    speakers = await pair(
      { asn: 65001, address: '127.0.0.1', peer: gtsm },
      { asn: 65002, address: '127.0.0.2', peer: gtsm },
    );
    const [a] = speakers as [BgpSpeaker, BgpSpeaker];
    await established(a, '127.0.0.2');
    expect(stateOf(a, '127.0.0.2')?.transport).to.include({ ttl: 255, minTtl: 255 });
  });

  it('dynamic peers: a peer from the range comes up with its AS from the OPEN, and leaves status when it goes', async () => {
    const range: DynamicPeerRange = {
      prefix: parsePrefix('127.0.0.0/29'),
      asnRange: { min: 65100, max: 65199 },
      template: { holdTimeSec: 9, families: ['ipv4-unicast'] },
    };
    speakers = await pair(
      { asn: 65001, address: '127.0.0.1', dynamicPeers: [range], noPeer: true },
      { asn: 65150, address: '127.0.0.2' },
    );
    const [a, b] = speakers as [BgpSpeaker, BgpSpeaker];
    await established(a, '127.0.0.2');
    expect(stateOf(a, '127.0.0.2')).to.include({ peerAs: 65150, dynamicRange: '127.0.0.0/29' });
    b.removePeer(parseIpAddress('127.0.0.1'));
    await waitFor(
      'dynamic peer gone',
      async () => (stateOf(a, '127.0.0.2') === undefined ? true : undefined),
      FAST,
    );
  });

  it('dynamic peers: a range with an MD5 key signs accepted connections for the whole prefix', async () => {
    const range: DynamicPeerRange = {
      prefix: parsePrefix('127.0.0.0/29'),
      asnRange: { min: 65100, max: 65199 },
      template: { tcpMd5Key: 'range-key' },
    };
    speakers = await pair(
      { asn: 65001, address: '127.0.0.1', dynamicPeers: [range], noPeer: true },
      { asn: 65150, address: '127.0.0.2', peer: { tcpMd5Key: 'range-key' } },
    );
    const [a] = speakers as [BgpSpeaker, BgpSpeaker];
    await established(a, '127.0.0.2');
    expect(stateOf(a, '127.0.0.2')?.transport.tcpMd5).to.equal(true);
  });

  it('dynamic peers: an AS outside the range gets 2/2 Bad Peer AS; an address outside every range Connection Rejected', async () => {
    const range: DynamicPeerRange = {
      prefix: parsePrefix('127.0.0.0/30'),
      asnRange: { min: 65100, max: 65199 },
    };
    speakers = await pair(
      { asn: 65001, address: '127.0.0.1', dynamicPeers: [range], noPeer: true },
      { asn: 65300, address: '127.0.0.2' },
    );
    const [a, b] = speakers as [BgpSpeaker, BgpSpeaker];
    await waitFor(
      'B hears Bad Peer AS',
      async () =>
        stateOf(b, '127.0.0.1')?.lastError === 'Received NOTIFICATION 2/2 Bad Peer AS' ? true : undefined,
      FAST,
    );
    expect(stateOf(a, '127.0.0.2')).to.equal(undefined);
    const c = new BgpSpeaker({ localAs: 65150, routerId: IPv4Address.parse('10.0.0.3'), listen: [] });
    speakers.push(c);
    c.addPeer({
      address: parseIpAddress('127.0.0.1'),
      asn: 65001,
      port: a.listenPorts()[0] as number,
      sourceAddress: parseIpAddress('127.0.0.9'),
      connectRetryTimeSec: 1,
    });
    await waitFor(
      'C refused',
      async () =>
        stateOf(c, '127.0.0.1')?.lastError === 'Received NOTIFICATION 6/5 Connection Rejected'
          ? true
          : undefined,
      FAST,
    );
  });

  it('RFC 8950: over an IPv6 session, IPv4 routes go with our IPv6 address as next hop when both offer it', async () => {
    const a = new BgpSpeaker({
      localAs: 65001,
      routerId: IPv4Address.parse('10.0.0.1'),
      listen: [{ address: '::1', port: 0 }],
    });
    const b = new BgpSpeaker({ localAs: 65002, routerId: IPv4Address.parse('10.0.0.2'), listen: [] });
    speakers = [a, b];
    await a.start();
    const families = ['ipv4-unicast', 'ipv6-unicast'] as const;
    a.addPeer({ address: parseIpAddress('::1'), asn: 65002, passive: true, families });
    b.addPeer({
      address: parseIpAddress('::1'),
      asn: 65001,
      port: a.listenPorts()[0] as number,
      connectRetryTimeSec: 1,
      families,
    });
    b.originate(parsePrefix('10.2.0.0/24'), {});
    const route = await waitFor(
      'IPv4 route with an IPv6 next hop in A',
      async () => a.routes({ view: 'best', family: 'ipv4-unicast' }).find((r) => r.prefix === '10.2.0.0/24'),
      FAST,
    );
    expect(route).to.include({ peer: '::1', nextHop: '::1' });
  });
});
