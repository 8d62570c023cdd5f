// The BGP part of TwillNodeStatus: the node's identity and one row per session, as `twillctl node status`
// shows it. States are the RFC 4271 §8.2.2 FSM states; the rest is what an operator needs to tell a
// healthy session from a broken one without logging in to the node.
import { readAsNumber } from './bgp-options.js';
import type { Fields } from './fields.js';
import { compact } from './resource.js';
import { readText, readTime } from './status-fields.js';

/** RFC 4271 §8.2.2 session states. */
export type BgpSessionState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';
export const BGP_SESSION_STATES: readonly BgpSessionState[] = [
  'Idle',
  'Connect',
  'Active',
  'OpenSent',
  'OpenConfirm',
  'Established',
];

/** Why the session exists, in Calico's words: the node-to-node mesh, a global or a node-scoped BGPPeer. */
export type BgpPeerType = 'NodeMesh' | 'GlobalPeer' | 'NodePeer';
export const BGP_PEER_TYPES: readonly BgpPeerType[] = ['NodeMesh', 'GlobalPeer', 'NodePeer'];

export interface BgpPeerStatusRow {
  readonly address: string;
  readonly type: BgpPeerType;
  /** The BGPPeer resource this session comes from (absent for the mesh). */
  readonly bgpPeer?: string;
  readonly peerAS?: number;
  /** The Twill node at the other end, when it is one. */
  readonly remoteNode?: string;
  readonly state: BgpSessionState;
  /** When the session entered its current state (RFC 3339). */
  readonly since?: string;
  /** The last error in words (NOTIFICATION code and subcode named, or the socket error). */
  readonly lastError?: string;
  readonly prefixesReceived?: number;
  readonly prefixesAccepted?: number;
  readonly prefixesAdvertised?: number;
  /** RFC 4724 state in words: `off`, `on`, `peer restarting (stale routes kept)`. */
  readonly gracefulRestart?: string;
  /** RFC 5880 state: `Up`, `Down`, `Init`, `AdminDown`, or absent when BFD is off. */
  readonly bfd?: string;
}

export interface TwillNodeBgpStatus {
  readonly routerId?: string;
  readonly asNumber?: number;
  readonly peers?: readonly BgpPeerStatusRow[];
}

export function readBgpStatus(fields: Fields | undefined): TwillNodeBgpStatus | undefined {
  if (fields === undefined) return undefined;
  const bgp = compact<TwillNodeBgpStatus>({
    routerId: fields.address('routerId', { family: 4 })?.toString(),
    asNumber: readAsNumber(fields, 'asNumber'),
    peers: fields.objects('peers', { maxItems: 4096 })?.flatMap((item) => {
      const row = readPeer(item);
      return row === undefined ? [] : [row];
    }),
  });
  fields.rejectUnknown();
  return bgp;
}

function readPeer(item: Fields): BgpPeerStatusRow | undefined {
  const address = item.address('address', { required: true });
  const type = item.oneOf('type', BGP_PEER_TYPES, { required: true });
  const state = item.oneOf('state', BGP_SESSION_STATES, { required: true });
  const count = (key: string): number | undefined => item.integer(key, { min: 0 });
  const row = compact({
    address: address?.toString() ?? '',
    type: type ?? 'NodeMesh',
    bgpPeer: item.string('bgpPeer'),
    peerAS: readAsNumber(item, 'peerAS'),
    remoteNode: item.string('remoteNode'),
    state: state ?? 'Idle',
    since: readTime(item, 'since'),
    lastError: readText(item, 'lastError'),
    prefixesReceived: count('prefixesReceived'),
    prefixesAccepted: count('prefixesAccepted'),
    prefixesAdvertised: count('prefixesAdvertised'),
    gracefulRestart: item.string('gracefulRestart', { maxLength: 256 }),
    bfd: item.string('bfd', { maxLength: 64 }),
  });
  item.rejectUnknown();
  return address === undefined || type === undefined || state === undefined ? undefined : row;
}
