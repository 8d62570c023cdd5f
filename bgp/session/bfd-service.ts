/**
 * All BFD sessions of one speaker: the shared receive sockets, the session table (demultiplexing) and a
 * sender per session. A received datagram is decoded, checked (RFC 5881 §5 TTL when known), and handed
 * to its session; a bad packet is dropped and counted, never thrown further.
 */
import { randomInt } from 'node:crypto';

import {
  errorMessage,
  isTwillError,
  parseIpAddress,
  systemClock,
  type Clock,
  type IpAddress,
  type Logger,
} from '../../common/index.js';
import {
  BFD_SINGLE_HOP_TTL,
  BfdSession,
  BfdSessionTable,
  decodeControlPacket,
  type BfdConfig,
  type BfdPeerKey,
  type BfdSessionStatus,
  type BfdStateChange,
} from '../bfd/index.js';
import { BfdReceivers, BfdSender, type BfdDatagram } from './bfd-udp.js';

export interface BfdPeerHandle {
  readonly key: BfdPeerKey;
  status(): BfdSessionStatus & { readonly multihop: boolean; readonly sourcePort: number | undefined };
  dispose(): void;
}

export interface BfdServiceOptions {
  readonly clock?: Clock;
  /** Ports we receive on (default 3784 / 4784); tests run two services on loopback with other ports. */
  readonly ports?: { singleHop: number; multihop: number };
  /** Ports we send to (default 3784 / 4784). */
  readonly peerPorts?: { singleHop: number; multihop: number };
}

export class BfdService {
  private readonly table = new BfdSessionTable(secureRandom);
  private readonly receivers: BfdReceivers;
  private readonly clock: Clock;
  /** Dropped packets by reason code, for logs and tests. */
  readonly dropped = new Map<string, number>();

  constructor(
    private readonly log: Logger,
    private readonly options: BfdServiceOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.receivers = new BfdReceivers((d) => this.receive(d), log, options.ports);
  }

  /**
   * Starts a session to `peer`. It begins sending once its socket is bound; `onStateChange` hears every
   * change. Throws (asynchronously) when the sockets cannot be opened.
   */
  async add(
    peer: IpAddress,
    config: BfdConfig,
    source: IpAddress | undefined,
    onStateChange: (change: BfdStateChange) => void,
  ): Promise<BfdPeerHandle> {
    const key: BfdPeerKey = { peer: peer.toString(), multihop: config.multihop };
    const log = this.log.child({ peer: key.peer });
    await this.receivers.ensure(peer.family, config.multihop);
    const port = config.multihop ? this.options.peerPorts?.multihop : this.options.peerPorts?.singleHop;
    const sender = await BfdSender.open(peer, config.multihop, source, log, port);
    const session = new BfdSession({
      config,
      localDiscriminator: this.table.allocateDiscriminator(),
      clock: this.clock,
      random: secureRandom,
      send: (bytes) => sender.send(bytes),
      onStateChange: (change) => {
        log.info('BFD state change', { from: change.from, to: change.to, diag: change.diag });
        onStateChange(change);
      },
    });
    this.table.add(key, session);
    session.start();
    let disposed = false;
    return {
      key,
      status: () => ({
        ...session.status(),
        multihop: config.multihop,
        sourcePort: disposed ? undefined : sender.sourcePort,
      }),
      dispose: () => {
        if (disposed) return;
        disposed = true;
        session.dispose();
        this.table.remove(key);
        sender.close();
      },
    };
  }

  close(): void {
    this.receivers.close();
  }

  private receive(d: BfdDatagram): void {
    // RFC 5881 §5: a single-hop packet that did not arrive with TTL 255 was routed: drop it.
    if (!d.multihop && d.ttl !== undefined && d.ttl !== BFD_SINGLE_HOP_TTL) return this.drop('BAD_TTL', d);
    try {
      const packet = decodeControlPacket(d.data);
      this.table.dispatch(packet, d.data, { peer: canonical(d.address), multihop: d.multihop });
    } catch (err) {
      if (!isTwillError(err))
        this.log.error('BFD receive failed', { peer: d.address, error: errorMessage(err) });
      this.drop(isTwillError(err) ? err.code : 'INTERNAL', d, errorMessage(err));
    }
  }

  private drop(code: string, d: BfdDatagram, message?: string): void {
    this.dropped.set(code, (this.dropped.get(code) ?? 0) + 1);
    this.log.debug('BFD packet dropped', {
      peer: d.address,
      port: d.port,
      code,
      ...(message ? { message } : {}),
    });
  }
}

function canonical(address: string): string {
  try {
    return parseIpAddress(address).toString();
  } catch {
    return address;
  }
}

/**
 * In [0, 1) from the CSPRNG. RFC 5880 §6.8.1 wants discriminators that are hard to guess and §6.7.3 a
 * random first authentication sequence number: an off-path attacker must not predict either, which
 * Math.random (a seeded PRNG) does not promise.
 */
function secureRandom(): number {
  return randomInt(0, 2 ** 32) / 2 ** 32;
}
