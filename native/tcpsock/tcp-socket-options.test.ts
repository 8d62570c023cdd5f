// The tcpsock addon on real kernel sockets (no traffic): options read back with getsockopt.
import { expect } from 'chai';

import { NativeSocketError } from '../netlink/netlink-socket.js';
import {
  closeFd,
  getIntSockOpt,
  openTcpSocket,
  setMinTtl,
  setTcpMd5Key,
  setTtl,
} from './tcp-socket-options.js';

const IPPROTO_IP = 0;
const IPPROTO_IPV6 = 41;
const IP_TTL = 2;
const IP_MINTTL = 21;
const IPV6_UNICAST_HOPS = 16;
const IPV6_MINHOPCOUNT = 73;

describe('native tcpsock: TTL, minimum TTL and TCP MD5 keys on a socket', () => {
  const fds: number[] = [];
  const open = (family: 4 | 6) => {
    const fd = openTcpSocket(family);
    fds.push(fd);
    return fd;
  };
  afterEach(() => {
    for (const fd of fds.splice(0)) closeFd(fd);
  });

  it('sets IP_TTL and IP_MINTTL on an IPv4 socket', () => {
    const fd = open(4);
    setTtl(fd, 1);
    setMinTtl(fd, 254);
    expect(getIntSockOpt(fd, IPPROTO_IP, IP_TTL)).to.equal(1);
    expect(getIntSockOpt(fd, IPPROTO_IP, IP_MINTTL)).to.equal(254);
  });

  it('sets IPV6_UNICAST_HOPS and IPV6_MINHOPCOUNT on an IPv6 socket (and the IPv4 ones for mapped peers)', () => {
    const fd = open(6);
    setTtl(fd, 255);
    setMinTtl(fd, 255);
    expect(getIntSockOpt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS)).to.equal(255);
    expect(getIntSockOpt(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT)).to.equal(255);
    expect(getIntSockOpt(fd, IPPROTO_IP, IP_TTL)).to.equal(255);
  });

  it('takes MD5 keys for addresses and prefixes, deletes them, and refuses what the kernel refuses', () => {
    const v4 = open(4);
    const v6 = open(6);
    setTcpMd5Key(v4, '192.0.2.1', 'key');
    setTcpMd5Key(v4, '192.0.2.0', 'key', 24);
    setTcpMd5Key(v6, 'fd00::1', 'key');
    setTcpMd5Key(v6, '192.0.2.1', 'key'); // v4-mapped on an IPv6 socket
    setTcpMd5Key(v4, '192.0.2.1', ''); // delete
    setTcpMd5Key(v4, '192.0.2.1', ''); // deleting again is not an error
    expect(() => setTcpMd5Key(v4, 'fd00::1', 'key')).to.throw(NativeSocketError, /EAFNOSUPPORT|family/i);
    expect(() => setTcpMd5Key(v4, '192.0.2.1', 'x'.repeat(81))).to.throw(RangeError, /80/);
    expect(() => setTtl(v4, 0))
      .to.throw(NativeSocketError)
      .with.property('code', 'EINVAL');
  });
});
