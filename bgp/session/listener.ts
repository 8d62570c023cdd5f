/**
 * The one TCP listener all peers share (one server per listen address, port 179 by default). An incoming
 * connection is matched to a configured peer by its remote address; an unknown peer, or one whose FSM
 * refuses connections (Idle, §8.2.2), gets Cease / Connection Rejected (RFC 4486 §4, subcode 5) and is
 * closed (driver-contract.ts rule 2).
 */
import net from 'node:net';

import type { Logger } from '../../common/index.js';
import { ceaseNotification, CeaseSubcode, DEFAULT_CONTEXT, encodeMessage } from '../wire/index.js';
import { ListenerSecurity } from './listener-security.js';
import { SessionError } from './session-error.js';

/** Takes the socket for the peer at `remoteAddress`, or returns false to have it refused. */
export type AcceptConnection = (remoteAddress: string, socket: net.Socket) => boolean;

export interface ListenAddress {
  readonly address: string;
  readonly port: number;
}

export class BgpListener {
  private readonly servers: net.Server[] = [];
  /** TCP MD5 keys and GTSM's TTL on every listening socket. */
  readonly security: ListenerSecurity;

  constructor(
    private readonly accept: AcceptConnection,
    private readonly log: Logger,
  ) {
    this.security = new ListenerSecurity(log);
  }

  async listen(addresses: readonly ListenAddress[]): Promise<void> {
    for (const { address, port } of addresses) {
      const server = net.createServer((socket) => this.connection(socket));
      await new Promise<void>((resolve, reject) => {
        server.once('error', (err) =>
          reject(new SessionError('LISTEN_FAILED', `cannot listen on [${address}]:${port}: ${err.message}`)),
        );
        server.listen({ host: address, port, ipv6Only: address.includes(':') }, () => resolve());
      });
      server.on('error', (err) => this.log.error('listener error', { address, error: err.message }));
      this.servers.push(server);
      this.security.attach(server, address.includes(':'));
    }
  }

  /** The ports actually bound (port 0 in tests picks a free one). */
  ports(): number[] {
    return this.servers.map((s) => (s.address() as net.AddressInfo).port);
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.servers.length = 0;
    this.security.detachAll();
  }

  private connection(socket: net.Socket): void {
    socket.on('error', () => undefined); // reported by whoever owns the socket; never fatal here
    const remote = normalize(socket.remoteAddress ?? '');
    if (this.accept(remote, socket)) return;
    this.log.info('connection refused', { peer: remote });
    socket.end(encodeMessage(ceaseNotification(CeaseSubcode.CONNECTION_REJECTED), DEFAULT_CONTEXT));
    setTimeout(() => socket.destroy(), 1000).unref();
  }
}

/** "::ffff:10.0.0.1" from a dual-stack socket is the IPv4 peer 10.0.0.1. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
