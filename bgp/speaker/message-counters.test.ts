// Per-peer UPDATE/NOTIFICATION counters (bgp/session/message-counters.ts) as peerStatus() shows them,
// against a raw peer over loopback that sends and reads real BGP bytes.
import { expect } from 'chai';

import { IPv4Address, parseIpAddress, parsePrefix } from '../../common/index.js';
import { MessageCounters } from '../session/index.js';
import { encodeMessage, KEEPALIVE, type OpenMessage, type UpdateMessage } from '../wire/index.js';
import { RAW_CONTEXT, establishedRawPeer, RawPeer, until } from './testing/raw-peer.js';
import { BgpSpeaker } from './speaker.js';

const OPEN: OpenMessage = {
  type: 'open',
  version: 4,
  myAs: 65001,
  holdTimeSec: 30,
  bgpIdentifier: IPv4Address.parse('10.0.0.2'),
  capabilities: [
    { name: 'multiprotocol', afi: 1, safi: 1 },
    { name: 'four-octet-as', asn: 65001 },
  ],
};

function announce(prefix: string): UpdateMessage {
  return {
    type: 'update',
    withdrawnRoutes: [],
    attributes: {
      origin: 'igp',
      asPath: [],
      nextHop: IPv4Address.parse('127.0.0.2'),
      localPref: 100,
    },
    nlri: [{ prefix: parsePrefix(prefix, { family: 4 }) }],
  };
}

describe('per-peer UPDATE and NOTIFICATION counters', () => {
  let twill: BgpSpeaker;
  const raws: RawPeer[] = [];
  const status = () => twill.peerStatus()[0];

  beforeEach(async () => {
    twill = new BgpSpeaker({
      localAs: 65001,
      routerId: IPv4Address.parse('10.0.0.1'),
      listen: [{ address: '127.0.0.1', port: 0 }],
    });
    await twill.start();
    twill.addPeer({ address: parseIpAddress('127.0.0.2'), asn: 65001, passive: true });
  });

  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.close();
    await twill.stop();
  });

  const established = (): Promise<RawPeer> => establishedRawPeer(twill, OPEN, raws);

  it('counts UPDATEs received and sent, and keeps them across a reconnect', async () => {
    expect(status()?.messages).to.deep.equal({
      updatesReceived: 0,
      updatesSent: 0,
      notificationsSent: [],
      notificationsReceived: [],
    });
    const raw = await established();
    for (const p of ['10.1.0.0/24', '10.2.0.0/24', '10.3.0.0/24']) raw.send(announce(p));
    twill.originate(parsePrefix('10.9.0.0/24'));
    await until('3 UPDATEs counted in', () => (status()?.messages.updatesReceived === 3 ? true : undefined));
    await until('the originated route at the raw peer', () =>
      raw.received.some((m) => m.type === 'update' && m.nlri.length > 0) ? true : undefined,
    );
    // Everything twill sent as UPDATE (the route, End-of-RIB if any) is what the raw peer read.
    const rawGot = () => raw.received.filter((m) => m.type === 'update').length;
    await until('sent = read', () => (status()?.messages.updatesSent === rawGot() ? true : undefined));
    expect(status()?.messages.updatesSent).to.be.at.least(1);
    // A new session adds to the counts (they are per peer since start, like a Prometheus counter).
    raw.close();
    await until('down', () => (status()?.state !== 'Established' ? true : undefined));
    const second = await established();
    second.send(announce('10.4.0.0/24'));
    await until('4 UPDATEs counted in', () => (status()?.messages.updatesReceived === 4 ? true : undefined));
  });

  it('counts a NOTIFICATION received by code and subcode in words', async () => {
    const raw = await established();
    raw.send({ type: 'notification', code: 6, subcode: 2, data: Buffer.alloc(0) });
    await until('the NOTIFICATION counted', () =>
      (status()?.messages.notificationsReceived.length ?? 0) > 0 ? true : undefined,
    );
    expect(status()?.messages.notificationsReceived).to.deep.equal([
      { code: 'Cease', subcode: 'Administrative Shutdown', codeNumber: 6, subcodeNumber: 2, count: 1 },
    ]);
    expect(status()?.messages.notificationsSent).to.deep.equal([]);
  });

  it('counts the NOTIFICATION it sends: admin shutdown, and the answer to a malformed UPDATE', async () => {
    const raw = await established();
    twill.shutdownPeer(parseIpAddress('127.0.0.2'), 'maintenance');
    const notification = await raw.waitFor('notification');
    expect([notification.code, notification.subcode]).to.deep.equal([6, 2]);
    expect(status()?.messages.notificationsSent).to.deep.equal([
      { code: 'Cease', subcode: 'Administrative Shutdown', codeNumber: 6, subcodeNumber: 2, count: 1 },
    ]);
    twill.enablePeer(parseIpAddress('127.0.0.2'));
    const second = await established();
    // Withdrawn Routes Length past the end: UPDATE Message Error / Malformed Attribute List (§6.3).
    const bad = encodeMessage(announce('10.5.0.0/24'), RAW_CONTEXT);
    bad.writeUInt16BE(0xfff0, 19);
    const before = status()?.messages.updatesReceived ?? 0;
    second.send(bad);
    const answer = await second.waitFor('notification');
    expect(answer.code).to.equal(3);
    const sent = status()?.messages.notificationsSent ?? [];
    expect(sent.map((n) => [n.code, n.count])).to.deep.equal([
      ['UPDATE Message Error', 1],
      ['Cease', 1],
    ]);
    expect(sent[0]?.subcodeNumber).to.equal(answer.subcode);
    // A malformed UPDATE is still an UPDATE received.
    expect(status()?.messages.updatesReceived).to.equal(before + 1);
  });
});

describe('MessageCounters', () => {
  it('walks several messages written in one buffer and ignores bytes that are not a whole message', () => {
    const counters = new MessageCounters();
    const update = encodeMessage(announce('10.1.0.0/24'), RAW_CONTEXT);
    const hold = encodeMessage(
      { type: 'notification', code: 4, subcode: 0, data: Buffer.alloc(0) },
      RAW_CONTEXT,
    );
    counters.sent(Buffer.concat([update, encodeMessage(KEEPALIVE, RAW_CONTEXT), update, hold]));
    counters.sent(update.subarray(0, 10));
    counters.received(hold);
    expect(counters.status()).to.deep.equal({
      updatesReceived: 0,
      updatesSent: 2,
      notificationsSent: [
        { code: 'Hold Timer Expired', subcode: 'Unspecific', codeNumber: 4, subcodeNumber: 0, count: 1 },
      ],
      notificationsReceived: [
        { code: 'Hold Timer Expired', subcode: 'Unspecific', codeNumber: 4, subcodeNumber: 0, count: 1 },
      ],
    });
  });
});
