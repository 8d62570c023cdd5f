/**
 * From the two OPEN messages to the codec contexts of a session (RFC 5492 §3: a capability is in use when
 * both sides advertised it). ADD-PATH is per direction (RFC 7911 §4): we receive path identifiers for a
 * family when we advertised receive and the peer advertised send, and the other way round.
 */
import type { AddPathDirection, Capability } from './capabilities/types.js';
import type { CodecContext } from './context.js';
import { AFI_IPV6, AFI_IPV4, SAFI_UNICAST } from './constants.js';
import { FAMILIES, afiSafiOf, type Family } from './family.js';
import type { OpenMessage } from './model.js';

export interface NegotiatedContexts {
  /** For decoding what the peer sends. */
  readonly receive: CodecContext;
  /** For encoding what we send. */
  readonly send: CodecContext;
  /** Families both sides advertised with the Multiprotocol capability (RFC 4760 §8). */
  readonly families: readonly Family[];
}

export function negotiate(
  local: OpenMessage,
  remote: OpenMessage,
  peer: Pick<CodecContext, 'peerType' | 'firstAs'>,
): NegotiatedContexts {
  const both = (name: Capability['name']) => has(local, name) && has(remote, name);
  const base = {
    fourOctetAs: both('four-octet-as'),
    extendedMessage: both('extended-message'),
    extendedNextHop: extendedNextHopFamilies(local, remote),
    peerType: peer.peerType,
    ...(peer.firstAs === undefined ? {} : { firstAs: peer.firstAs }),
  };
  return {
    receive: { ...base, addPath: addPathFamilies(local, remote, 'receive') },
    send: { ...base, addPath: addPathFamilies(local, remote, 'send') },
    families: multiprotocolFamilies(local, remote),
  };
}

function has(open: OpenMessage, name: Capability['name']): boolean {
  return open.capabilities.some((c) => c.name === name);
}

/**
 * RFC 4760 §8 and RFC 4271: a speaker that sends no Multiprotocol capability at all speaks IPv4 unicast
 * only (the classic NLRI field).
 */
function advertisedFamilies(open: OpenMessage): Family[] {
  const mp = open.capabilities.filter((c) => c.name === 'multiprotocol');
  if (mp.length === 0) return ['ipv4-unicast'];
  return FAMILIES.filter((f) => {
    const { afi, safi } = afiSafiOf(f);
    return mp.some((c) => c.afi === afi && c.safi === safi);
  });
}

function multiprotocolFamilies(local: OpenMessage, remote: OpenMessage): Family[] {
  const theirs = advertisedFamilies(remote);
  return advertisedFamilies(local).filter((f) => theirs.includes(f));
}

function addPathDirection(open: OpenMessage, family: Family): AddPathDirection | undefined {
  const { afi, safi } = afiSafiOf(family);
  for (const c of open.capabilities) {
    if (c.name !== 'add-path') continue;
    const entry = c.families.find((f) => f.afi === afi && f.safi === safi);
    if (entry !== undefined) return entry.direction;
  }
  return undefined;
}

function allows(direction: AddPathDirection | undefined, wanted: 'receive' | 'send'): boolean {
  return direction === wanted || direction === 'both';
}

/** Families whose NLRI carry path identifiers in `direction`, seen from the local speaker. */
function addPathFamilies(local: OpenMessage, remote: OpenMessage, direction: 'receive' | 'send'): Family[] {
  const other = direction === 'receive' ? 'send' : 'receive';
  return FAMILIES.filter(
    (f) => allows(addPathDirection(local, f), direction) && allows(addPathDirection(remote, f), other),
  );
}

/** RFC 8950 §3: IPv4 unicast NLRI with an IPv6 next hop, when both advertised <1, 1, 2>. */
function extendedNextHopFamilies(local: OpenMessage, remote: OpenMessage): Family[] {
  const advertises = (open: OpenMessage) =>
    open.capabilities.some(
      (c) =>
        c.name === 'extended-next-hop' &&
        c.entries.some((e) => e.afi === AFI_IPV4 && e.safi === SAFI_UNICAST && e.nextHopAfi === AFI_IPV6),
    );
  return advertises(local) && advertises(remote) ? ['ipv4-unicast'] : [];
}
