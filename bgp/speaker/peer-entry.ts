/**
 * What the speaker keeps per configured (or dynamic) peer, shared by the speaker and the files it
 * delegates to (peer operations, status, flush). Looked up by session id (`peerId`: address, or
 * address%interface for link-local peers).
 */
import type { IpAddress } from '../../common/index.js';
import { peerId, type PeerSession } from '../session/index.js';
import type { BfdBinding } from './bfd-binding.js';
import type { DynamicPeerRange } from './dynamic-peers.js';
import type { CompiledPeerPolicies } from './peer-policy.js';
import type { SessionFacts } from './peer-rib-options.js';
import type { PeerConfig } from './speaker-config.js';
import { SpeakerError } from './speaker-error.js';

export interface PeerEntry {
  config: PeerConfig;
  readonly session: PeerSession;
  policies: CompiledPeerPolicies;
  /** RFC 8326 drain in force (kept across session resets until undrained). */
  draining: boolean;
  /** Set at Established: what reconfiguration needs to rebuild the RIB's options. */
  facts?: SessionFacts;
  /** Set for a peer accepted from a listen range; it is forgotten when its session ends. */
  readonly dynamic?: DynamicPeerRange;
  readonly bfd?: BfdBinding;
}

export function entryId(address: IpAddress, iface?: string): string {
  return peerId({ peerAddress: address, ...(iface === undefined ? {} : { interface: iface }) });
}

/** The peer's entry, or UNKNOWN_PEER naming it. */
export function findEntry(
  peers: ReadonlyMap<string, PeerEntry>,
  address: IpAddress,
  iface?: string,
): PeerEntry {
  const id = entryId(address, iface);
  const entry = peers.get(id);
  if (entry === undefined) throw new SpeakerError('UNKNOWN_PEER', `no peer ${id}`);
  return entry;
}
