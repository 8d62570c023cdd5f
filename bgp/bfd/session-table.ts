/**
 * Demultiplexing received Control packets to sessions (RFC 5880 §6.3, §6.8.6; RFC 5881 §3; RFC 5883 §3):
 * by Your Discriminator once the peer knows ours, and by the peer's address (and single-hop vs
 * multihop, i.e. the port it arrived on) for the first packets, which carry Your Discriminator 0.
 * Also allocates our discriminators: nonzero and unique among our sessions (§6.8.1 bfd.LocalDiscr).
 */
import { BfdError } from './bfd-error.js';
import type { BfdControlPacket } from './control-packet.js';
import type { BfdSession } from './session.js';

export interface BfdPeerKey {
  /** The peer's address as text (canonical form). */
  readonly peer: string;
  readonly multihop: boolean;
}

export function peerKeyText(key: BfdPeerKey): string {
  return `${key.multihop ? 'multihop' : 'single-hop'} ${key.peer}`;
}

export class BfdSessionTable<S extends Pick<BfdSession, 'localDiscriminator' | 'receive'> = BfdSession> {
  private readonly byDiscriminator = new Map<number, { key: string; session: S }>();
  private readonly byPeer = new Map<string, S>();

  constructor(private readonly random: () => number = Math.random) {}

  /** A fresh nonzero discriminator not in use. */
  allocateDiscriminator(): number {
    for (;;) {
      const d = Math.floor(this.random() * 0xffff_ffff) + 1;
      if (!this.byDiscriminator.has(d)) return d >>> 0;
    }
  }

  add(key: BfdPeerKey, session: S): void {
    const text = peerKeyText(key);
    if (this.byPeer.has(text))
      throw new BfdError('INVALID_CONFIG', `a BFD session for ${text} exists already`);
    this.byPeer.set(text, session);
    this.byDiscriminator.set(session.localDiscriminator, { key: text, session });
  }

  remove(key: BfdPeerKey): S | undefined {
    const text = peerKeyText(key);
    const session = this.byPeer.get(text);
    if (session === undefined) return undefined;
    this.byPeer.delete(text);
    this.byDiscriminator.delete(session.localDiscriminator);
    return session;
  }

  get size(): number {
    return this.byPeer.size;
  }

  /** The session a packet from `from` belongs to; throws NO_SESSION (the packet is discarded). */
  select(packet: BfdControlPacket, from: BfdPeerKey): S {
    const fromText = peerKeyText(from);
    if (packet.yourDiscriminator !== 0) {
      const entry = this.byDiscriminator.get(packet.yourDiscriminator);
      if (entry === undefined)
        throw new BfdError('NO_SESSION', `no session with discriminator ${packet.yourDiscriminator}`);
      // A known discriminator from the wrong address or port is someone else's packet: drop it.
      if (entry.key !== fromText)
        throw new BfdError('NO_SESSION', `discriminator ${packet.yourDiscriminator} belongs to ${entry.key}`);
      return entry.session;
    }
    const session = this.byPeer.get(fromText);
    if (session === undefined) throw new BfdError('NO_SESSION', `no session for ${fromText}`);
    return session;
  }

  /** Selects the session and hands it the packet; throws a BfdError when the packet is discarded. */
  dispatch(packet: BfdControlPacket, raw: Buffer, from: BfdPeerKey): S {
    const session = this.select(packet, from);
    session.receive(packet, raw);
    return session;
  }
}
