import { expect } from 'chai';

import { IPv4Address, parseIpAddress } from '../../common/index.js';
import type { OpenMessage } from '../wire/index.js';
import { establishedRawPeer, RawPeer, until } from './testing/raw-peer.js';
import { BgpSpeaker } from './speaker.js';

const OPEN: OpenMessage = {
  type: 'open',
  version: 4,
  myAs: 65002,
  holdTimeSec: 30,
  bgpIdentifier: IPv4Address.parse('10.0.0.2'),
  capabilities: [
    { name: 'multiprotocol', afi: 1, safi: 1 },
    { name: 'four-octet-as', asn: 65002 },
  ],
};

describe("a peer's last error", () => {
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
    twill.addPeer({ address: parseIpAddress('127.0.0.2'), asn: 65002, passive: true });
  });

  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.close();
    await twill.stop();
  });

  const established = (): Promise<RawPeer> => establishedRawPeer(twill, OPEN, raws);

  it('a crash of an established session (TCP closed, no NOTIFICATION) replaces an older error', async () => {
    const first = await established();
    first.send({ type: 'notification', code: 6, subcode: 2, data: Buffer.alloc(0) });
    await until('the NOTIFICATION noted', () =>
      status()?.lastError?.startsWith('Received NOTIFICATION 6/2') ? true : undefined,
    );
    const second = await established();
    second.close();
    await until('the session down', () => (status()?.state !== 'Established' ? true : undefined));
    expect(status()?.lastError).to.match(/^TCP connection failed/);
  });
});
