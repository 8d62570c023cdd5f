// Flow control on the send path (bgp/session/send-queue.ts): a peer that stops reading must not make
// the speaker buffer its table in memory, KEEPALIVEs must not queue behind that table, and the transfer
// must resume and complete once the peer reads again.
import { expect } from 'chai';
import net from 'node:net';

import { IPv4Address, parseIpAddress, Prefix } from '../../common/index.js';
import { ACCEPT_ALL } from '../policy/index.js';
import { decodeMessage, encodeMessage, Framer, KEEPALIVE, type BgpMessage } from '../wire/index.js';
import { RAW_CONTEXT, until } from './testing/raw-peer.js';
import { BgpSpeaker } from './speaker.js';

const TWILL_AS = 65001;
const RAW_AS = 65002;
/**
 * Each prefix carries its own 900 communities, so each is one UPDATE of ~3.7 KB: ~11 MB in all, far more
 * than loopback's kernel buffers take from a peer that does not read (~4 MB here), for little CPU.
 */
const PREFIXES = 3000;
const COMMUNITIES = 900;
/** Socket high-water mark (16 KiB) + one message, with room to spare; the table is ~170 times this. */
const BOUND_BYTES = 64 * 1024;
// Keepalive every 2 s (a third). 3 s expired Twill's hold timer about once in seven runs at load 10 on two
// cores: this process, which also plays the raw peer, was starved for that long. 6 s rides that out.
const HOLD_TIME_SEC = 6;
const KEEPALIVE_MS = (HOLD_TIME_SEC * 1000) / 3;

describe('flow control: a peer that stops reading', function () {
  this.timeout(60_000);
  let twill: BgpSpeaker;
  let socket: net.Socket | undefined;
  let keepalives: NodeJS.Timeout | undefined;

  before(async () => {
    twill = new BgpSpeaker({
      localAs: TWILL_AS,
      routerId: IPv4Address.parse('10.0.0.1'),
      listen: [{ address: '127.0.0.1', port: 0 }],
    });
    await twill.start();
    for (let i = 0; i < PREFIXES; i++) {
      twill.originate(Prefix.containing(IPv4Address.fromNumber(0x0b00_0000 + i * 256), 24), {
        nextHop: IPv4Address.parse('192.0.2.1'),
        communities: Array.from({ length: COMMUNITIES }, (_, j) => (j + 1) * 65536 + i),
      });
    }
    twill.addPeer({
      address: parseIpAddress('127.0.0.4'),
      asn: RAW_AS,
      passive: true,
      holdTimeSec: HOLD_TIME_SEC,
      families: ['ipv4-unicast'],
      // An eBGP peer gets nothing without an export policy (RFC 8212).
      exportPolicy: ACCEPT_ALL,
    });
  });

  after(async () => {
    clearInterval(keepalives);
    socket?.destroy();
    await twill.stop();
  });

  const status = () => twill.peerStatus().find((p) => p.peer === '127.0.0.4');

  it('keeps the buffered bytes bounded, sends KEEPALIVEs on time, and finishes when the peer reads', async () => {
    // The raw peer opens and confirms without reading anything, so nothing drains from the start.
    const s = net.connect({
      host: '127.0.0.1',
      port: twill.listenPorts()[0] as number,
      localAddress: '127.0.0.4',
    });
    socket = s;
    s.pause();
    await new Promise<void>((resolve, reject) => s.once('connect', resolve).once('error', reject));
    const open: BgpMessage = {
      type: 'open',
      version: 4,
      myAs: RAW_AS,
      holdTimeSec: HOLD_TIME_SEC,
      bgpIdentifier: IPv4Address.parse('10.0.0.4'),
      capabilities: [
        { name: 'multiprotocol', afi: 1, safi: 1 },
        { name: 'four-octet-as', asn: RAW_AS },
      ],
    };
    s.write(encodeMessage(open, RAW_CONTEXT));
    s.write(encodeMessage(KEEPALIVE, RAW_CONTEXT));
    // Our own KEEPALIVEs keep Twill's hold timer running while we do not read.
    keepalives = setInterval(() => s.write(encodeMessage(KEEPALIVE, RAW_CONTEXT)), KEEPALIVE_MS);

    await until('Twill Established with the raw peer', () =>
      status()?.state === 'Established' ? true : undefined,
    );
    // Over two keepalive intervals of not reading, what Twill holds for the socket stays small: the
    // kernel's buffers are full and the rest of the table waits, unpacked.
    let maxBuffered = 0;
    const watchUntil = Date.now() + 2 * KEEPALIVE_MS;
    while (Date.now() < watchUntil) {
      const now = status();
      expect(now?.state, now?.lastError).to.equal('Established');
      maxBuffered = Math.max(maxBuffered, now?.sendBufferedBytes ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(maxBuffered).to.be.greaterThan(0);
    expect(maxBuffered).to.be.at.most(BOUND_BYTES);
    expect(status()?.updatesWaiting).to.equal(true);

    // Read again: every prefix arrives, then End-of-RIB; KEEPALIVEs written during the pause come
    // before most of the table instead of after all of it.
    const received: BgpMessage[] = [];
    const framer = new Framer();
    let prefixes = 0;
    s.on('data', (chunk: Buffer) => {
      framer.push(chunk);
      for (const f of framer.frames()) {
        if (!f.ok) throw new Error(f.error.message);
        const d = decodeMessage(f.frame, RAW_CONTEXT);
        if (!d.ok) throw new Error(d.error.message);
        received.push(d.message);
        if (d.message.type === 'update') prefixes += d.message.nlri.length;
      }
    });
    s.resume();
    const isEndOfRib = (m: BgpMessage) =>
      m.type === 'update' &&
      m.nlri.length === 0 &&
      m.withdrawnRoutes.length === 0 &&
      m.mpUnreach === undefined;
    await until('End-of-RIB', () => (received.some(isEndOfRib) ? true : undefined), 30_000);
    expect(prefixes).to.equal(PREFIXES);
    // (The KEEPALIVE that confirms the OPEN comes before any UPDATE: look after the first UPDATE.)
    const firstUpdate = received.findIndex((m) => m.type === 'update');
    const firstKeepalive = received.findIndex((m, i) => i > firstUpdate && m.type === 'keepalive');
    const updates = received.filter((m) => m.type === 'update').length;
    expect(firstKeepalive, 'a KEEPALIVE among the UPDATEs').to.be.greaterThan(-1);
    const updatesAfter = received.slice(firstKeepalive).filter((m) => m.type === 'update').length;
    expect(updatesAfter, `UPDATEs after the first KEEPALIVE (of ${updates})`).to.be.greaterThan(updates / 2);
    expect(status()).to.include({ state: 'Established', updatesWaiting: false });
  });
});
