import { ACCEPT_ALL } from '../policy/index.js';
import { expect } from 'chai';

import { IPv4Address, parseIpAddress, parsePrefix } from '../../common/index.js';
import { encodeMessage, KEEPALIVE, type OpenMessage, type UpdateMessage } from '../wire/index.js';
import { RAW_CONTEXT, RawPeer, until } from './testing/raw-peer.js';
import { BgpSpeaker } from './speaker.js';

const TWILL_AS = 65001;
const RAW_AS = 65002;
const GOOD_AS = 65003;

function open(asn: number, id: string): OpenMessage {
  return {
    type: 'open',
    version: 4,
    myAs: asn,
    holdTimeSec: 30,
    bgpIdentifier: IPv4Address.parse(id),
    capabilities: [
      { name: 'multiprotocol', afi: 1, safi: 1 },
      { name: 'four-octet-as', asn },
    ],
  };
}

function announce(prefix: string): UpdateMessage {
  return {
    type: 'update',
    withdrawnRoutes: [],
    attributes: {
      origin: 'igp',
      asPath: [{ type: 'as-sequence', asns: [RAW_AS] }],
      nextHop: IPv4Address.parse('192.0.2.2'),
    },
    nlri: [{ prefix: parsePrefix(prefix, { family: 4 }) }],
  };
}

/** The same UPDATE with ORIGIN 5: malformed ORIGIN is treat-as-withdraw (RFC 7606 §7.1). */
function badOrigin(prefix: string): Buffer {
  const bytes = encodeMessage(announce(prefix), RAW_CONTEXT);
  const at = bytes.indexOf(Buffer.from([0x40, 0x01, 0x01, 0x00]));
  expect(at).to.be.greaterThan(0);
  bytes[at + 3] = 5;
  return bytes;
}

/** Withdrawn Routes Length past the end of the message: session reset (RFC 7606 §5.3, RFC 4271 §6.3). */
function badWithdrawnLength(prefix: string): Buffer {
  const bytes = encodeMessage(announce(prefix), RAW_CONTEXT);
  bytes.writeUInt16BE(0xfff0, 19);
  return bytes;
}

describe('a malformed message resets only its own session', () => {
  let twill: BgpSpeaker;
  let good: BgpSpeaker;
  let raws: RawPeer[] = [];
  const best = (prefix: string) => twill.routes({ view: 'best' }).find((r) => r.prefix === prefix);
  const state = (peer: string) => twill.peerStatus().find((p) => p.peer === peer)?.state;

  beforeEach(async () => {
    twill = new BgpSpeaker({
      localAs: TWILL_AS,
      routerId: IPv4Address.parse('10.0.0.1'),
      listen: [{ address: '127.0.0.1', port: 0 }],
    });
    await twill.start();
    // eBGP: explicit policies, else RFC 8212 accepts nothing.
    const policies = { importPolicy: ACCEPT_ALL, exportPolicy: ACCEPT_ALL };
    twill.addPeer({ address: parseIpAddress('127.0.0.2'), asn: RAW_AS, passive: true, ...policies });
    twill.addPeer({ address: parseIpAddress('127.0.0.3'), asn: GOOD_AS, passive: true, ...policies });
    // The bystander: a second Twill speaker on 127.0.0.3 with a route of its own.
    good = new BgpSpeaker({ localAs: GOOD_AS, routerId: IPv4Address.parse('10.0.0.3'), listen: [] });
    good.addPeer({
      address: parseIpAddress('127.0.0.1'),
      asn: TWILL_AS,
      port: twill.listenPorts()[0],
      sourceAddress: parseIpAddress('127.0.0.3'),
      nextHopMode: 'keep',
      connectRetryTimeSec: 1,
      ...policies,
    });
    good.originate(parsePrefix('10.3.0.0/24'), { nextHop: IPv4Address.parse('192.0.2.3') });
    await until('the bystander route', () => best('10.3.0.0/24'));
  });

  afterEach(async () => {
    for (const raw of raws) raw.close();
    raws = [];
    await good.stop();
    await twill.stop();
  });

  async function establishedRaw(): Promise<RawPeer> {
    const raw = await RawPeer.connect('127.0.0.1', twill.listenPorts()[0] as number, '127.0.0.2');
    raws.push(raw);
    raw.send(open(RAW_AS, '10.0.0.2'));
    await raw.waitFor('open');
    raw.send(KEEPALIVE);
    await until('raw peer Established', () => (state('127.0.0.2') === 'Established' ? true : undefined));
    return raw;
  }

  it('UPDATE with an unparsable Withdrawn Routes Length: NOTIFICATION 3/1, closed; the bystander stays up', async () => {
    const raw = await establishedRaw();
    raw.send(announce('10.2.0.0/24'));
    await until('the raw route', () => best('10.2.0.0/24'));

    raw.send(badWithdrawnLength('10.2.1.0/24'));
    const notification = await raw.waitFor('notification');
    expect([notification.code, notification.subcode]).to.deep.equal([3, 1]);
    await raw.waitClosed();
    await until('raw routes gone', () => (best('10.2.0.0/24') === undefined ? true : undefined));

    expect(state('127.0.0.3')).to.equal('Established');
    expect(best('10.3.0.0/24')).to.include({ peer: '127.0.0.3' });
    expect(twill.peerStatus().find((p) => p.peer === '127.0.0.2')?.lastError).to.equal(
      'Sent NOTIFICATION 3/1 Malformed Attribute List',
    );
  });

  it('malformed ORIGIN is treat-as-withdraw (RFC 7606): the route goes, the session stays', async () => {
    const raw = await establishedRaw();
    raw.send(announce('10.2.0.0/24'));
    await until('the raw route', () => best('10.2.0.0/24'));
    raw.send(badOrigin('10.2.0.0/24'));
    await until('treat-as-withdraw', () => (best('10.2.0.0/24') === undefined ? true : undefined));
    expect(state('127.0.0.2')).to.equal('Established');
    expect(raw.received.some((m) => m.type === 'notification')).to.equal(false);
    expect(state('127.0.0.3')).to.equal('Established');
  });

  it('garbage instead of a header: NOTIFICATION 1/1 (Connection Not Synchronized)', async () => {
    const raw = await establishedRaw();
    raw.send(Buffer.alloc(40, 0x55));
    const notification = await raw.waitFor('notification');
    expect([notification.code, notification.subcode]).to.deep.equal([1, 1]);
    await raw.waitClosed();
    expect(state('127.0.0.3')).to.equal('Established');
  });

  it('an exception while handling an UPDATE resets that session with Cease 6/8, not the process', async () => {
    const raw = await establishedRaw();
    const original = twill.rib.applyUpdate.bind(twill.rib);
    twill.rib.applyUpdate = (peer, update, options) => {
      if (peer === '127.0.0.2') throw new Error('a bug in the RIB');
      return original(peer, update, options);
    };
    raw.send(announce('10.2.0.0/24'));
    const notification = await raw.waitFor('notification');
    expect([notification.code, notification.subcode]).to.deep.equal([6, 8]);
    await raw.waitClosed();
    expect(state('127.0.0.3')).to.equal('Established');
  });

  it('refuses an unknown peer with Cease / Connection Rejected (6/5) and closes', async () => {
    const raw = await RawPeer.connect('127.0.0.1', twill.listenPorts()[0] as number, '127.0.0.9');
    raws.push(raw);
    const notification = await raw.waitFor('notification');
    expect([notification.code, notification.subcode]).to.deep.equal([6, 5]);
    await raw.waitClosed();
    expect(state('127.0.0.3')).to.equal('Established');
  });
});
