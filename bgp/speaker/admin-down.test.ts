// PeerConfig.adminDownReason between two speakers on loopback: the peer configured down never starts,
// refuses the other side's connections, shows the reason, and comes up once the reason is gone.
import { expect } from 'chai';

import { IPv4Address, parseIpAddress } from '../../common/index.js';
import { waitFor } from '../../lab/wait.js';
import { BgpSpeaker } from './speaker.js';
import type { PeerConfig } from './speaker-config.js';

const FAST = { intervalMs: 50, timeoutMs: 15_000 };

describe('BgpSpeaker: a peer configured administratively down (adminDownReason)', () => {
  let speakers: BgpSpeaker[] = [];
  afterEach(async () => {
    await Promise.all(speakers.map((s) => s.stop()));
    speakers = [];
  });

  it('stays down with the reason while the other side keeps trying, and comes up when it is cleared', async () => {
    const make = (id: string, address: string) =>
      new BgpSpeaker({ localAs: 65001, routerId: IPv4Address.parse(id), listen: [{ address, port: 0 }] });
    const a = make('10.0.0.1', '127.0.0.1');
    const b = make('10.0.0.2', '127.0.0.2');
    speakers = [a, b];
    await a.start();
    await b.start();
    const toB: PeerConfig = {
      address: parseIpAddress('127.0.0.2'),
      asn: 65001,
      port: b.listenPorts()[0] as number,
      sourceAddress: parseIpAddress('127.0.0.1'),
      holdTimeSec: 9,
      connectRetryTimeSec: 1,
      families: ['ipv4-unicast'],
      // A waits, B connects: B's attempts are what A must refuse (two active sides that refused each
      // other can line up their idle hold timers for a while, which this test is not about).
      passive: true,
    };
    const reason = 'password: Secret twill-system/bgp not found';
    a.addPeer({ ...toB, adminDownReason: reason });
    b.addPeer({
      ...toB,
      passive: false,
      address: parseIpAddress('127.0.0.1'),
      port: a.listenPorts()[0] as number,
      sourceAddress: parseIpAddress('127.0.0.2'),
    });
    const status = (s: BgpSpeaker, peer: string) => s.peerStatus().find((p) => p.peer === peer);
    // B connects and A refuses (its session never started): B records the failure, A stays Idle.
    await waitFor(
      'B to be refused',
      async () => {
        const seen = status(b, '127.0.0.1');
        if (seen?.state === 'Established') throw new Error('B established with a peer that is down');
        return seen?.lastError === undefined ? undefined : true;
      },
      FAST,
    );
    expect(status(b, '127.0.0.1')?.state).not.to.equal('Established');
    expect(status(a, '127.0.0.2')).to.include({ state: 'Idle', admin: `disabled: ${reason}` });
    expect(a.updatePeer(toB)).to.equal('restart');
    await waitFor(
      'A and B Established',
      async () => (status(a, '127.0.0.2')?.state === 'Established' ? true : undefined),
      FAST,
    );
    expect(status(a, '127.0.0.2')?.admin).to.equal('enabled');
  });
});
