// Two BFD services talking over real UDP on loopback (other ports than 3784/4784 so each has its own).
import { expect } from 'chai';
import dgram from 'node:dgram';

import { nullLogger, parseIpAddress } from '../../common/index.js';
import { BFD_DEFAULTS, type BfdStateChange } from '../bfd/index.js';
import { BfdService, type BfdPeerHandle } from './bfd-service.js';

const A_PORTS = { singleHop: 23784, multihop: 24784 };
const B_PORTS = { singleHop: 33784, multihop: 34784 };

async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 8_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const [family, address] of [
  ['IPv4', '127.0.0.1'],
  ['IPv6', '::1'],
] as const) {
  describe(`bgp/session BFD over UDP on loopback (${family})`, function () {
    this.timeout(20_000);
    const a = new BfdService(nullLogger, { ports: A_PORTS, peerPorts: B_PORTS });
    const b = new BfdService(nullLogger, { ports: B_PORTS, peerPorts: A_PORTS });
    const handles: BfdPeerHandle[] = [];
    const changesA: BfdStateChange[] = [];
    const peer = parseIpAddress(address);
    const config = { ...BFD_DEFAULTS, minTxMs: 50, minRxMs: 50 };

    after(() => {
      for (const h of handles) h.dispose();
      a.close();
      b.close();
    });

    it('comes Up and negotiates 50 ms from a source port in 49152–65535', async () => {
      handles.push(await a.add(peer, config, undefined, (c) => changesA.push(c)));
      handles.push(await b.add(peer, { ...config, minRxMs: 80 }, undefined, () => undefined));
      const [ha] = handles as [BfdPeerHandle];
      await until('A and B Up', () => {
        const st = ha.status();
        return st.state === 'Up' && st.remoteState === 'Up' && !st.pollActive ? true : undefined;
      });
      const s = ha.status();
      expect(s).to.include({ state: 'Up', remoteState: 'Up', txIntervalMs: 80, detectionTimeMs: 150 });
      expect(s.sourcePort).to.be.within(49152, 65535);
    });

    it('drops garbage, unknown discriminators and single-hop packets with TTL != 255, and stays Up', async () => {
      const sock = dgram.createSocket(family === 'IPv4' ? 'udp4' : 'udp6');
      await new Promise<void>((r) => sock.bind(0, () => r()));
      const send = (b: Buffer) =>
        new Promise<void>((r) => sock.send(b, A_PORTS.singleHop, address, () => r()));
      const junk = Buffer.from('20c0031800000001000000090000c3500000c35000000000', 'hex');
      // RFC 5881 §5: a packet that was routed (TTL below 255) is dropped before it is even decoded.
      sock.setTTL(254);
      await send(junk);
      sock.setTTL(255);
      await send(Buffer.from([1, 2, 3]));
      await send(junk);
      sock.close();
      await until('three drops counted', () =>
        a.dropped.get('BAD_TTL') === 1 &&
        a.dropped.get('BAD_LENGTH') === 1 &&
        a.dropped.get('NO_SESSION') === 1
          ? true
          : undefined,
      );
      expect(handles[0]?.status().state).to.equal('Up');
    });

    it('goes Down with Control Detection Time Expired when the peer goes silent, and Up again', async () => {
      const [ha, hb] = handles as [BfdPeerHandle, BfdPeerHandle];
      hb.dispose();
      const down = await until('A Down', () => changesA.find((c) => c.from === 'Up' && c.to === 'Down'));
      expect(down.diag, JSON.stringify(changesA)).to.equal(1);
      handles.push(await b.add(peer, config, undefined, () => undefined));
      await until('A Up again', () => (ha.status().state === 'Up' ? true : undefined));
    });
  });
}
