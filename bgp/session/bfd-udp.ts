/**
 * BFD over UDP (RFC 5881 single-hop, RFC 5883 multihop), IPv4 and IPv6: the receive sockets on
 * 3784/4784 shared by all sessions, and one send socket per session bound to a source port in
 * 49152–65535 with TTL/Hop Limit 255 (RFC 5881 §4–§5).
 *
 * The received TTL: Node's dgram cannot read it (no recvmsg ancillary data), and IP_MINTTL does not
 * apply to UDP on Linux (tried: a TTL 254 datagram still arrives). So the receive sockets come from the
 * `native/udpttl` addon (recvmsg with IP_RECVTTL / IPV6_RECVHOPLIMIT), and BfdService drops single-hop
 * packets whose TTL is not 255 (RFC 5881 §5). Without the built addon they fall back to dgram, with
 * `ttl` undefined and a warning: BFD still works, unchecked.
 */
import dgram from 'node:dgram';

import { NativeLoadError, openUdpTtlSocket, type UdpTtlSocket } from '../../native/index.js';
import { errorMessage, type IpAddress, type Logger } from '../../common/index.js';
import {
  BFD_MULTIHOP_PORT,
  BFD_SINGLE_HOP_PORT,
  BFD_SINGLE_HOP_TTL,
  BFD_SOURCE_PORT_MAX,
  BFD_SOURCE_PORT_MIN,
} from '../bfd/index.js';
import { SessionError } from './session-error.js';

export interface BfdDatagram {
  readonly data: Buffer;
  /** The sender's address, IPv4 as dotted quad (never ::ffff:-mapped). */
  readonly address: string;
  readonly port: number;
  readonly multihop: boolean;
  /** Received TTL / Hop Limit when the socket can report it; undefined with Node's dgram. */
  readonly ttl: number | undefined;
}

export type OnBfdDatagram = (datagram: BfdDatagram) => void;

/** The shared receive sockets: one per (family, port), opened on first use. */
export class BfdReceivers {
  private readonly sockets = new Map<string, { close(): void }>();
  private warnedNoTtl = false;

  constructor(
    private readonly onDatagram: OnBfdDatagram,
    private readonly log: Logger,
    /** Tests use other ports so they need not be root or collide; default 3784 / 4784. */
    private readonly ports: { singleHop: number; multihop: number } = {
      singleHop: BFD_SINGLE_HOP_PORT,
      multihop: BFD_MULTIHOP_PORT,
    },
  ) {}

  async ensure(family: 4 | 6, multihop: boolean): Promise<void> {
    const port = multihop ? this.ports.multihop : this.ports.singleHop;
    const key = `${family}/${port}`;
    if (this.sockets.has(key)) return;
    const native = this.openNative(family, port, multihop);
    if (native !== undefined) {
      this.sockets.set(key, native);
      return;
    }
    const socket = dgram.createSocket({ type: family === 4 ? 'udp4' : 'udp6', ipv6Only: family === 6 });
    this.sockets.set(key, socket);
    socket.on('message', (data, rinfo) =>
      this.onDatagram({ data, address: unmapped(rinfo.address), port: rinfo.port, multihop, ttl: undefined }),
    );
    socket.on('error', (err) => this.log.warn('BFD receive socket error', { port, error: err.message }));
    try {
      await bind(socket, port, family === 4 ? '0.0.0.0' : '::');
    } catch (err) {
      this.sockets.delete(key);
      socket.close();
      throw new SessionError(
        'BFD_SOCKET_FAILED',
        `cannot receive BFD on UDP port ${port}: ${errorMessage(err)}`,
      );
    }
  }

  close(): void {
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
  }

  /** The TTL-reporting socket, or undefined (and a warning) when the addon is not built. */
  private openNative(family: 4 | 6, port: number, multihop: boolean): UdpTtlSocket | undefined {
    try {
      return openUdpTtlSocket(family, port, (data, address, sourcePort, ttl) =>
        this.onDatagram({
          data,
          address: unmapped(address),
          port: sourcePort,
          multihop,
          ttl: ttl < 0 ? undefined : ttl,
        }),
      );
    } catch (err) {
      if (!(err instanceof NativeLoadError))
        throw new SessionError(
          'BFD_SOCKET_FAILED',
          `cannot receive BFD on UDP port ${port}: ${errorMessage(err)}`,
        );
      if (!this.warnedNoTtl)
        this.log.warn('native/udpttl not built: BFD single-hop TTL 255 is not checked', {
          error: err.message,
        });
      this.warnedNoTtl = true;
      return undefined;
    }
  }
}

/** One session's sending socket (RFC 5881 §4: one source port for all of a session's packets). */
export class BfdSender {
  private constructor(
    private readonly socket: dgram.Socket,
    private readonly peer: string,
    private readonly port: number,
  ) {}

  static async open(
    peer: IpAddress,
    multihop: boolean,
    source: IpAddress | undefined,
    log: Logger,
    destinationPort?: number,
  ): Promise<BfdSender> {
    const v6 = peer.family === 6;
    const port = destinationPort ?? (multihop ? BFD_MULTIHOP_PORT : BFD_SINGLE_HOP_PORT);
    for (let attempt = 0; ; attempt++) {
      const socket = dgram.createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6 });
      socket.on('error', (err) => log.debug('BFD send error', { peer: peer.toString(), error: err.message }));
      const sourcePort =
        BFD_SOURCE_PORT_MIN + Math.floor(Math.random() * (BFD_SOURCE_PORT_MAX - BFD_SOURCE_PORT_MIN + 1));
      try {
        await bind(socket, sourcePort, source?.toString() ?? (v6 ? '::' : '0.0.0.0'));
        // RFC 5881 §5: single-hop packets leave with TTL 255 so the peer can tell they were not routed;
        // RFC 5883 leaves multihop TTL to the operator: 255 gives the most room for a TTL check.
        socket.setTTL(BFD_SINGLE_HOP_TTL);
        return new BfdSender(socket, peer.toString(), port);
      } catch (err) {
        socket.close();
        if (attempt >= 20)
          throw new SessionError(
            'BFD_SOCKET_FAILED',
            `no free BFD source port for ${peer}: ${errorMessage(err)}`,
          );
      }
    }
  }

  get sourcePort(): number {
    return this.socket.address().port;
  }

  send(packet: Buffer): void {
    this.socket.send(packet, this.port, this.peer);
  }

  close(): void {
    this.socket.close();
  }
}

function bind(socket: dgram.Socket, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    socket.once('error', onError);
    socket.bind({ port, address, exclusive: true }, () => {
      socket.off('error', onError);
      resolve();
    });
  });
}

function unmapped(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
