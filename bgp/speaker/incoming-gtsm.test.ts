// GTSM on connections the peer opens (RFC 5082 §3), on loopback with real kernel sockets: a client
// sends its SYN with a chosen TTL / Hop Limit (IP_TTL) and writes at once, so its bytes already wait in
// the receive queue when the speaker accepts (the race IP_MINTTL after accept cannot close). The SYN's
// TTL, read from TCP_SAVED_SYN, must decide before anything is read or answered.
import { expect } from 'chai';

import { IPv4Address, parseIpAddress } from '../../common/index.js';
import { connectSecured } from '../session/index.js';
import { BgpSpeaker } from './speaker.js';

const KEEPALIVE = Buffer.concat([Buffer.alloc(16, 0xff), Buffer.from([0x00, 0x13, 0x04])]);

interface Outcome {
  readonly received: number;
}

/** Connects from `localAddress` with `ttl`, writes a KEEPALIVE at once, and counts what comes back. */
function connectWithTtl(host: string, port: number, localAddress: string, ttl: number): Promise<Outcome> {
  // TTL 255 - n: what a SYN sent with TTL 255 from n hops away arrives with (RFC 5082 §3).
  const socket = connectSecured({ address: host, port, localAddress }, { ttl });
  let received = 0;
  return new Promise((resolve) => {
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      // Our OPEN came back: the connection was taken; that is all this test needs to know.
      socket.destroy();
    });
    socket.on('close', () => resolve({ received }));
    socket.on('connect', () => socket.write(KEEPALIVE));
  });
}

describe('BgpSpeaker: GTSM on accepted connections, decided by the SYN’s TTL (loopback)', () => {
  let speaker: BgpSpeaker | undefined;
  afterEach(async () => {
    await speaker?.stop();
    speaker = undefined;
  });

  for (const [family, listen, peer] of [
    ['IPv4', '127.0.0.1', '127.0.0.2'],
    ['IPv6', '::1', '::1'],
  ] as const) {
    it(`${family}: a SYN with TTL 254 is closed unanswered and counted; TTL 255 gets our OPEN`, async () => {
      speaker = new BgpSpeaker({
        localAs: 65001,
        routerId: IPv4Address.parse('10.0.0.1'),
        listen: [{ address: listen, port: 0 }],
      });
      await speaker.start();
      speaker.addPeer({ address: parseIpAddress(peer), asn: 65002, passive: true, ttlSecurityHops: 1 });
      const port = speaker.listenPorts()[0] as number;
      const status = () => speaker?.peerStatus().find((p) => p.peer === peer);

      const far = await connectWithTtl(listen, port, peer, 254);
      expect(far.received, 'bytes sent to a peer that failed GTSM').to.equal(0);
      expect(status()?.transport).to.include({
        gtsmRefusedConnections: 1,
        gtsmLastRefusal: 'refused an incoming connection with TTL 254 (GTSM allows ≥ 255)',
      });
      expect(status()?.state).to.not.equal('Established');

      const near = await connectWithTtl(listen, port, peer, 255);
      expect(near.received, 'our OPEN to a peer that passed GTSM').to.be.greaterThan(0);
      expect(status()?.transport.gtsmRefusedConnections).to.equal(1);
    });
  }
});
