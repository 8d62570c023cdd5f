// When the speaker sends a change (RFC 4271 §9.2.1.1): Twill has no MinRouteAdvertisementInterval (0, as
// BIRD and FRR's datacenter profile), and an idle speaker must not wait for anything else either: a
// change goes to the peer's socket at the end of the task that made it, not after a turn of the event
// loop or a timer. Changes made in one task still leave together (one decision run, packed UPDATEs).
import { expect } from 'chai';
import net from 'node:net';

import { IPv4Address, parseIpAddress, parsePrefix } from '../../common/index.js';
import { ACCEPT_ALL } from '../policy/index.js';
import { KEEPALIVE, type OpenMessage, type UpdateMessage } from '../wire/index.js';
import { RawPeer, until } from './testing/raw-peer.js';
import { BgpSpeaker } from './speaker.js';

const TWILL_AS = 65001;
const RAW_AS = 65002;
const BGP_UPDATE = 2;
/** Type octet of a BGP message: after the 16-octet marker and the 2-octet length (RFC 4271 §4.1). */
const TYPE_OFFSET = 18;

const OPEN: OpenMessage = {
  type: 'open',
  version: 4,
  myAs: RAW_AS,
  holdTimeSec: 30,
  bgpIdentifier: IPv4Address.parse('10.0.0.2'),
  capabilities: [
    { name: 'multiprotocol', afi: 1, safi: 1 },
    { name: 'four-octet-as', asn: RAW_AS },
  ],
};

/** Records each UPDATE-carrying write on any net.Socket, with whether the event loop had turned. */
function recordUpdateWrites(turned: () => boolean): { writes: boolean[]; restore: () => void } {
  const original = net.Socket.prototype.write;
  const writes: boolean[] = [];
  net.Socket.prototype.write = function (this: net.Socket, ...args: unknown[]) {
    const chunk = args[0];
    if (Buffer.isBuffer(chunk) && chunk.length > TYPE_OFFSET && chunk[TYPE_OFFSET] === BGP_UPDATE)
      writes.push(turned());
    return (original as (...a: unknown[]) => boolean).apply(this, args);
  } as typeof original;
  return { writes, restore: () => (net.Socket.prototype.write = original) };
}

describe('advertisement timing: no MRAI, no idle delay', () => {
  let twill: BgpSpeaker;
  let raw: RawPeer;
  const updates = (): UpdateMessage[] => raw.received.filter((m): m is UpdateMessage => m.type === 'update');
  const announced = (): string[] => updates().flatMap((u) => u.nlri.map((n) => n.prefix.toString()));

  before(async () => {
    twill = new BgpSpeaker({
      localAs: TWILL_AS,
      routerId: IPv4Address.parse('10.0.0.1'),
      listen: [{ address: '127.0.0.1', port: 0 }],
    });
    await twill.start();
    twill.addPeer({
      address: parseIpAddress('127.0.0.2'),
      asn: RAW_AS,
      passive: true,
      importPolicy: ACCEPT_ALL,
      exportPolicy: ACCEPT_ALL,
    });
    raw = await RawPeer.connect('127.0.0.1', twill.listenPorts()[0] as number, '127.0.0.2');
    raw.send(OPEN);
    await raw.waitFor('open');
    raw.send(KEEPALIVE);
    await until('Established', () =>
      twill.peerStatus().find((p) => p.peer === '127.0.0.2')?.state === 'Established' ? true : undefined,
    );
    await raw.waitFor('update'); // the initial End-of-RIB: the session is quiet from here on
  });

  after(async () => {
    raw.close();
    await twill.stop();
  });

  it('hands an originated prefix to the socket before the event loop turns', async () => {
    let turned = false;
    const { writes, restore } = recordUpdateWrites(() => turned);
    try {
      setImmediate(() => (turned = true)); // queued before the change: a turn-deferred flush runs after it
      twill.originate(parsePrefix('10.9.1.0/24'), { nextHop: IPv4Address.parse('192.0.2.1') });
      await until('the UPDATE at the peer', () => (announced().includes('10.9.1.0/24') ? true : undefined));
    } finally {
      restore();
    }
    expect(writes).to.deep.equal([false]);
  });

  it('sends the changes of one task together: 40 prefixes in one UPDATE', async () => {
    const before = updates().length;
    const { writes, restore } = recordUpdateWrites(() => false);
    try {
      for (let i = 0; i < 40; i++)
        twill.originate(parsePrefix(`10.9.${100 + i}.0/24`), { nextHop: IPv4Address.parse('192.0.2.1') });
      await until('all 40 at the peer', () => (announced().includes('10.9.139.0/24') ? true : undefined));
    } finally {
      restore();
    }
    expect(writes).to.have.length(1);
    expect(
      updates()
        .slice(before)
        .map((u) => u.nlri.length),
    ).to.deep.equal([40]);
  });
});
