// BFD down and graceful restart, on loopback (as bfd-binding.test.ts): speaker A runs BFD towards B, whose
// BFD is played by the test's own BfdService with the C bit clear (shared fate), and both advertise
// graceful restart (iBGP: no RFC 8212 policy needed). RFC 5882 §4.3: by default A reads the BFD failure as a possible control-plane restart
// and keeps B's route stale; with `sharedFateGracefulRestart: false` (what twill-node asks for, so a
// removed node's blocks go in < 1 s) the route goes at once.
import { expect } from 'chai';

import { IPv4Address, nullLogger, parseIpAddress, parsePrefix } from '../../common/index.js';
import { waitFor } from '../../lab/wait.js';
import { BFD_DEFAULTS } from '../bfd/index.js';
import { BfdService } from '../session/index.js';
import { BgpSpeaker } from './speaker.js';

const FAST = { intervalMs: 50, timeoutMs: 10_000 };
const PREFIX = '10.9.0.0/24';

async function bfdDownWith(
  sharedFateGracefulRestart: boolean | undefined,
  ports: { a: number; t: number },
): Promise<{ lastError: string | undefined; routesAfter: string[] }> {
  const A = parseIpAddress('127.0.0.1');
  const B = parseIpAddress('127.0.0.2');
  const aPorts = { singleHop: ports.a, multihop: ports.a + 1000 };
  const tPorts = { singleHop: ports.t, multihop: ports.t + 1000 };
  const gracefulRestart = { restartTimeSec: 120 };
  const a = new BgpSpeaker({
    localAs: 65001,
    routerId: IPv4Address.parse('10.0.0.1'),
    listen: [{ address: '127.0.0.1', port: 0 }],
    bfdPorts: aPorts,
    bfdPeerPorts: tPorts,
    gracefulRestart,
  });
  const b = new BgpSpeaker({
    localAs: 65001,
    routerId: IPv4Address.parse('10.0.0.2'),
    listen: [{ address: '127.0.0.2', port: 0 }],
    gracefulRestart,
  });
  const t = new BfdService(nullLogger, { ports: tPorts, peerPorts: aPorts });
  try {
    await a.start();
    await b.start();
    const common = { holdTimeSec: 90, connectRetryTimeSec: 1, families: ['ipv4-unicast'] as const };
    a.addPeer({
      address: B,
      asn: 65001,
      port: b.listenPorts()[0],
      sourceAddress: A,
      bfd: {
        enabled: true,
        minTxMs: 50,
        minRxMs: 50,
        multiplier: 3,
        ...(sharedFateGracefulRestart === undefined ? {} : { sharedFateGracefulRestart }),
      },
      ...common,
    });
    b.addPeer({ address: A, asn: 65001, passive: true, sourceAddress: B, ...common });
    // A loopback next hop is refused (not a unicast host address): name a documentation address.
    b.originate(parsePrefix(PREFIX), { nextHop: IPv4Address.parse('192.0.2.2') });
    const handle = await t.add(A, { ...BFD_DEFAULTS, minTxMs: 50, minRxMs: 50 }, B, () => undefined);
    const best = () => a.routes({ view: 'best' }).map((r) => r.prefix);
    await waitFor(
      'A Established, BFD Up, B’s route learned',
      async () => {
        const s = a.peerStatus()[0];
        return s?.state === 'Established' && s.bfd?.state === 'Up' && best().includes(PREFIX)
          ? true
          : undefined;
      },
      FAST,
    ).catch((e: Error) => {
      throw new Error(`${e.message}: A ${JSON.stringify(a.peerStatus()[0])} best ${best().join(',')}`);
    });
    handle.dispose();
    const down = await waitFor(
      'A leaves Established',
      async () => {
        const s = a.peerStatus()[0];
        return s !== undefined && s.state !== 'Established' ? s : undefined;
      },
      FAST,
    );
    // The RIB settles within a flush; give it a moment past the session going down.
    await new Promise((r) => setTimeout(r, 300));
    return { lastError: down.lastError, routesAfter: best() };
  } finally {
    t.close();
    await Promise.all([a.stop(), b.stop()]);
  }
}

describe('BgpSpeaker: BFD down with graceful restart (RFC 5882 §4.3, C bit clear)', function () {
  this.timeout(40_000);

  it('keeps the peer’s routes stale by default (a shared-fate BFD failure may be a restart)', async () => {
    const r = await bfdDownWith(undefined, { a: 25884, t: 35884 });
    expect(r.lastError).to.equal('BFD down: Control Detection Time Expired');
    expect(r.routesAfter).to.include(PREFIX);
  });

  it('drops them at once with sharedFateGracefulRestart: false', async () => {
    const r = await bfdDownWith(false, { a: 25886, t: 35886 });
    expect(r.lastError).to.equal('BFD down: Control Detection Time Expired');
    expect(r.routesAfter).to.not.include(PREFIX);
  });
});
