/**
 * Our OPEN (RFC 4271 §4.2) from the session configuration, and the checks on the peer's OPEN that the
 * codec cannot make because they depend on configuration (§6.2: Bad Peer AS, Bad BGP Identifier).
 */
import {
  AS_TRANS,
  afiSafiOf,
  openAs,
  OpenSubcode,
  type Capability,
  type OpenMessage,
} from '../wire/index.js';
import { gracefulRestartCapability, longLivedGracefulRestartCapability } from './local-graceful-restart.js';
import type { SessionConfig } from './session-config.js';

const BGP_VERSION = 4;

export function localOpen(config: SessionConfig): OpenMessage {
  const capabilities: Capability[] = [
    ...config.families.map((f): Capability => ({ name: 'multiprotocol', ...afiSafiOf(f) })),
    { name: 'route-refresh' },
    // RFC 6793 §3: always advertised; My Autonomous System carries AS_TRANS when the AS needs 4 octets.
    { name: 'four-octet-as', asn: config.localAs },
    ...(config.gracefulRestart === undefined
      ? []
      : [gracefulRestartCapability(config.gracefulRestart, config.families)]),
    ...llgrCapability(config),
    ...extendedNextHopCapability(config),
  ];
  return {
    type: 'open',
    version: BGP_VERSION,
    myAs: config.localAs > 0xffff ? AS_TRANS : config.localAs,
    holdTimeSec: config.fsm.holdTimeSec,
    bgpIdentifier: config.routerId,
    capabilities,
  };
}

function llgrCapability(config: SessionConfig): Capability[] {
  const gr = config.gracefulRestart;
  const llgr = gr === undefined ? undefined : longLivedGracefulRestartCapability(gr, config.families);
  return llgr === undefined ? [] : [llgr];
}

/** The OPEN Message Error subcode to answer with, or undefined when the OPEN is acceptable. */
export function checkPeerOpen(open: OpenMessage, config: SessionConfig): number | undefined {
  const asn = openAs(open);
  const range = config.peerAsRange;
  // A dynamic peer's AS comes from its OPEN, but only from the range its listen range allows.
  if (range !== undefined ? asn < range.min || asn > range.max : asn !== config.peerAs)
    return OpenSubcode.BAD_PEER_AS;
  // RFC 6286 §2.2: between internal peers the identifiers must differ.
  if (asn === config.localAs && open.bgpIdentifier.value === config.routerId.value)
    return OpenSubcode.BAD_BGP_IDENTIFIER;
  return undefined;
}

/**
 * RFC 8950 §3: IPv4 unicast NLRI with an IPv6 next hop (NH AFI 2), offered by default on IPv6 sessions
 * that carry IPv4 (a link-local session has no IPv4 address to put in NEXT_HOP).
 */
function extendedNextHopCapability(config: SessionConfig): Capability[] {
  const offer = config.extendedNextHop ?? config.peerAddress.family === 6;
  if (!offer || !config.families.includes('ipv4-unicast')) return [];
  return [{ name: 'extended-next-hop', entries: [{ ...afiSafiOf('ipv4-unicast'), nextHopAfi: 2 }] }];
}
