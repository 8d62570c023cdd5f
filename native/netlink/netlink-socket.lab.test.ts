// The raw addon on its own (needs root for the namespace): bytes out, whole datagrams back.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { NativeSocketError, NETLINK_ROUTE, openRawNetlinkSocket } from './netlink-socket.js';

describe('native netlink socket', () => {
  const ns = `twt-nl-${process.pid}-native`;
  before(() => execFileSync('ip', ['netns', 'add', ns]));
  after(() => execFileSync('ip', ['netns', 'del', ns]));

  it('opens in a namespace, sends one buffer and delivers the kernel ACK for it', async () => {
    let deliver: (data: Buffer | null) => void = () => undefined;
    const received = new Promise<Buffer | null>((resolve) => (deliver = resolve));
    const socket = openRawNetlinkSocket(
      { protocol: NETLINK_ROUTE, netnsPath: `/run/netns/${ns}`, capAck: true, rcvbufBytes: 1 << 20 },
      (data) => deliver(data),
    );
    try {
      expect(socket.portId).to.be.greaterThan(0);
      expect(socket.rcvbufBytes).to.be.at.least(1 << 20); // forced past rmem_max as root (the kernel doubles it)
      // NLMSG_NOOP (1) with NLM_F_REQUEST|NLM_F_ACK, seq 42.
      const noop = Buffer.alloc(16);
      noop.writeUInt32LE(16, 0);
      noop.writeUInt16LE(1, 4);
      noop.writeUInt16LE(0x5, 6);
      noop.writeUInt32LE(42, 8);
      expect(socket.send(noop)).to.equal(16);
      const ack = await received;
      expect(ack?.readUInt16LE(4)).to.equal(2); // NLMSG_ERROR
      expect(ack?.readInt32LE(16)).to.equal(0); // error 0: the ACK
      expect(ack?.readUInt32LE(28)).to.equal(42); // echoes our seq
    } finally {
      socket.close();
    }
    expect(() => socket.send(Buffer.alloc(16))).to.throw(NativeSocketError, /EBADF|Bad file/);
  });
});
