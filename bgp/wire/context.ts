/**
 * What the codec needs to know about the session: the result of capability negotiation (which changes
 * encodings) and the kind of peer (which changes RFC 7606 treatments). Per direction, because ADD-PATH
 * is negotiated per direction: a session holds one context for receiving and one for sending
 * (see negotiate.ts).
 */
import type { Family } from './family.js';

export interface CodecContext {
  /** RFC 6793: both speakers advertised the 4-octet AS capability, so AS numbers take 4 octets. */
  readonly fourOctetAs: boolean;
  /** RFC 8654: both advertised Extended Message, so UPDATEs etc. may be up to 65535 octets. */
  readonly extendedMessage: boolean;
  /** RFC 7911: the families whose NLRI carry a Path Identifier in this direction. */
  readonly addPath: readonly Family[];
  /** RFC 8950: the families whose NLRI may come with an IPv6 next hop (in practice ipv4-unicast). */
  readonly extendedNextHop: readonly Family[];
  /**
   * RFC 7606 §7.5 (LOCAL_PREF from an external peer is discarded) and §7.2 (confederation segments
   * from a peer outside the confederation are malformed). 'confederation' is an external peer in the
   * same confederation (RFC 5065).
   */
  readonly peerType: 'internal' | 'external' | 'confederation';
  /**
   * RFC 4271 §6.3 optional check: from an external peer, the leftmost AS of AS_PATH must be this
   * (the peer's AS). Leave unset for route servers (RFC 7947), which do not prepend.
   */
  readonly firstAs?: number | undefined;
}

/** Before capabilities are exchanged: 2-octet AS numbers, 4096-octet messages, nothing negotiated. */
export const DEFAULT_CONTEXT: CodecContext = Object.freeze({
  fourOctetAs: false,
  extendedMessage: false,
  addPath: Object.freeze([]) as readonly Family[],
  extendedNextHop: Object.freeze([]) as readonly Family[],
  peerType: 'external',
});

/** A context from the defaults and the given fields. */
export function codecContext(fields: Partial<CodecContext> = {}): CodecContext {
  return { ...DEFAULT_CONTEXT, ...fields };
}

export function maxMessageLength(ctx: Pick<CodecContext, 'extendedMessage'>): number {
  return ctx.extendedMessage ? 65535 : 4096;
}
