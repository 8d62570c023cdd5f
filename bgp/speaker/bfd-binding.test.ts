// BFD tied to a BGP session (RFC 5882 §4.3), on loopback: speaker A (127.0.0.1, BFD on) peers BGP with
// speaker B (127.0.0.2, no BFD); the test's own BfdService plays B's BFD, so it can be silenced without
// touching BGP. The hold time is 90 s: a session that goes down within seconds went down because of BFD.
import { expect } from 'chai';

import { IPv4Address, nullLogger, parseIpAddress } from '../../common/index.js';
import { waitFor } from '../../lab/wait.js';
import { BFD_DEFAULTS } from '../bfd/index.js';
import { BfdService, type BfdPeerHandle } from '../session/index.js';
import { BgpSpeaker } from './speaker.js';

const A_BFD = { singleHop: 25784, multihop: 26784 };
const T_BFD = { singleHop: 35784, multihop: 36784 };
const FAST = { intervalMs: 50, timeoutMs: 10_000 };

describe('BgpSpeaker with BFD: BFD down takes BGP down and holds it until BFD is Up', function () {
  this.timeout(40_000);
  const A = parseIpAddress('127.0.0.1');
  const B = parseIpAddress('127.0.0.2');
  const a = new BgpSpeaker({
    localAs: 65001,
    routerId: IPv4Address.parse('10.0.0.1'),
    listen: [{ address: '127.0.0.1', port: 0 }],
    bfdPorts: A_BFD,
    bfdPeerPorts: T_BFD,
  });
  const b = new BgpSpeaker({
    localAs: 65002,
    routerId: IPv4Address.parse('10.0.0.2'),
    listen: [{ address: '127.0.0.2', port: 0 }],
  });
  const t = new BfdService(nullLogger, { ports: T_BFD, peerPorts: A_BFD });
  let tHandle: BfdPeerHandle | undefined;
  const bfdPeer = () => t.add(A, { ...BFD_DEFAULTS, minTxMs: 50, minRxMs: 50 }, B, () => undefined);
  const peerOfA = () => a.peerStatus()[0];

  before(async () => {
    await a.start();
    await b.start();
    const common = { holdTimeSec: 90, connectRetryTimeSec: 1, families: ['ipv4-unicast'] as const };
    a.addPeer({
      address: B,
      asn: 65002,
      port: b.listenPorts()[0],
      sourceAddress: A,
      bfd: { enabled: true, minTxMs: 50, minRxMs: 50, multiplier: 3 },
      ...common,
    });
    // B waits for A (passive): A alone decides when BGP comes back, and the 5 s IdleHold damping that a
    // refused B would build up stays out of the timing.
    b.addPeer({ address: A, asn: 65001, passive: true, sourceAddress: B, ...common });
    tHandle = await bfdPeer();
  });

  after(async () => {
    tHandle?.dispose();
    t.close();
    await Promise.all([a.stop(), b.stop()]);
  });

  it('shows BFD Up with the negotiated intervals next to an Established session', async () => {
    const p = await waitFor(
      'BGP Established and BFD Up',
      async () => {
        const s = peerOfA();
        return s?.state === 'Established' && s.bfd?.remoteState === 'Up' && s.bfd.txIntervalMs === 50
          ? s
          : undefined;
      },
      FAST,
    );
    expect(p.bfd).to.include({
      state: 'Up',
      remoteState: 'Up',
      detectionTimeMs: 150,
      multiplier: 3,
      holdingBgp: false,
    });
  });

  it('drops BGP with "BFD down: Control Detection Time Expired" long before the 90 s hold time', async () => {
    tHandle?.dispose();
    tHandle = undefined;
    const p = await waitFor(
      'A leaves Established',
      async () => (peerOfA()?.state !== 'Established' ? peerOfA() : undefined),
      FAST,
    );
    expect(p?.lastError).to.equal('BFD down: Control Detection Time Expired');
    expect(p?.bfd).to.include({ state: 'Down', diag: 'Control Detection Time Expired', holdingBgp: true });
    // A is held in Idle (no connection out) for as long as BFD is down, though its retry timer is 1 s.
    const until = Date.now() + 3_000;
    while (Date.now() < until) {
      expect(peerOfA()?.state).to.equal('Idle');
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('re-establishes BGP once BFD is Up again', async () => {
    tHandle = await bfdPeer();
    const p = await waitFor(
      'A Established again',
      async () => (peerOfA()?.state === 'Established' ? peerOfA() : undefined),
      // B may still sit out its IdleHoldTime (5 s after the Cease) and refuse once: BGP's own damping.
      { intervalMs: 100, timeoutMs: 30_000 },
    ).catch((e: Error) => {
      throw new Error(`${e.message}: A ${JSON.stringify(peerOfA())} B ${JSON.stringify(b.peerStatus()[0])}`);
    });
    expect(p?.bfd).to.include({ state: 'Up', holdingBgp: false });
  });

  it('refuses a bad BFD configuration naming the field', () => {
    expect(() =>
      a.addPeer({ address: parseIpAddress('127.0.0.9'), asn: 65009, bfd: { enabled: true, multiplier: 0 } }),
    ).to.throw(
      /peer 127\.0\.0\.9: invalid BFD configuration: bfd\.multiplier: must be an integer 1\.\.255, got 0/,
    );
  });
});
