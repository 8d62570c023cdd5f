// TCP_SAVE_SYN / TCP_SAVED_SYN on loopback: the client sends its SYN with a chosen TTL / Hop Limit
// (IP_TTL / IPV6_UNICAST_HOPS) and the accepted socket reads it back from the saved IP header.
import { expect } from 'chai';
import net from 'node:net';

import { openTcpSocket, savedSynTtl, setSaveSyn, setTtl } from './tcp-socket-options.js';

const fdOf = (owner: net.Server | net.Socket): number =>
  (owner as unknown as { _handle: { fd: number } })._handle.fd;

/** Listens on `host`, connects with `ttl`, and returns what `inspect` read on the accepted socket. */
async function acceptOne<T>(
  host: string,
  ttl: number,
  saveSyn: boolean,
  inspect: (fd: number) => T,
): Promise<T> {
  const server = net.createServer();
  const clients: net.Socket[] = [];
  try {
    await new Promise<void>((resolve) => server.listen({ host, port: 0 }, resolve));
    if (saveSyn) setSaveSyn(fdOf(server), true);
    const accepted = new Promise<T>((resolve, reject) =>
      server.once('connection', (socket) => {
        try {
          resolve(inspect(fdOf(socket)));
        } catch (err) {
          reject(err as Error);
        } finally {
          socket.destroy();
        }
      }),
    );
    const fd = openTcpSocket(net.isIPv6(host) ? 6 : 4);
    setTtl(fd, ttl);
    const client = new net.Socket({ fd, manualStart: true } as net.SocketConstructorOpts);
    clients.push(client);
    client.on('error', () => undefined);
    client.connect({ host, port: (server.address() as net.AddressInfo).port });
    return await accepted;
  } finally {
    for (const c of clients) c.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('native tcpsock: the TTL / Hop Limit of an accepted connection’s SYN (TCP_SAVED_SYN)', () => {
  it('reads the IPv4 TTL the SYN was sent with, once', async () => {
    const [first, second] = await acceptOne('127.0.0.1', 201, true, (fd) => [
      savedSynTtl(fd),
      savedSynTtl(fd),
    ]);
    expect(first).to.equal(201);
    expect(second).to.equal(undefined); // the kernel hands the SYN out once
    expect(await acceptOne('127.0.0.1', 254, true, savedSynTtl)).to.equal(254);
  });

  it('reads the IPv6 Hop Limit the SYN was sent with', async () => {
    expect(await acceptOne('::1', 99, true, savedSynTtl)).to.equal(99);
    expect(await acceptOne('::1', 255, true, savedSynTtl)).to.equal(255);
  });

  it('gives undefined when the listener kept no SYN', async () => {
    expect(await acceptOne('127.0.0.1', 201, false, savedSynTtl)).to.equal(undefined);
  });
});
