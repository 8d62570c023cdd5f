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
  if (openAs(open) !== config.peerAs) return OpenSubcode.BAD_PEER_AS;
  // RFC 6286 §2.2: between internal peers the identifiers must differ.
  if (config.peerAs === config.localAs && open.bgpIdentifier.value === config.routerId.value)
    return OpenSubcode.BAD_BGP_IDENTIFIER;
  return undefined;
}
