// Maps one desired peer of the calculation graph onto the speaker's PeerConfig, for the fields that
// PeerConfig has today. Other helpers are extending PeerConfig (MD5, GTSM, graceful restart, route
// reflection); until then every option that cannot be expressed is listed in `unmapped`, so the daemon
// can say so in its log and status instead of silently running a weaker session.
import { assertNever, parseIpAddress } from '../../common/index.js';
import type { PeerConfig } from '../../bgp/speaker/index.js';
import type { NextHopMode } from '../../datastore/index.js';
import type { DesiredBgpPeer } from './calc/index.js';

export interface MappedPeer {
  readonly config: PeerConfig;
  /** Desired options PeerConfig cannot carry yet (`password`, `routeReflectorClient`, ...). */
  readonly unmapped: readonly string[];
}

export function toPeerConfig(peer: DesiredBgpPeer): MappedPeer {
  const address = parseIpAddress(peer.address);
  const { options } = peer;
  const nextHopMode = speakerNextHopMode(options.nextHopMode);
  const config: PeerConfig = {
    address,
    asn: peer.asNumber,
    sourceAddress: parseIpAddress(peer.localAddress),
    // One session per family, as the graph builds them (the mesh peers each family separately).
    families: [address.family === 4 ? 'ipv4-unicast' : 'ipv6-unicast'],
    ...(options.timers?.holdTimeSec === undefined ? {} : { holdTimeSec: options.timers.holdTimeSec }),
    ...(options.timers?.keepaliveTimeSec === undefined
      ? {}
      : { keepaliveTimeSec: options.timers.keepaliveTimeSec }),
    ...(options.timers?.connectRetryTimeSec === undefined
      ? {}
      : { connectRetryTimeSec: options.timers.connectRetryTimeSec }),
    ...(nextHopMode === undefined ? {} : { nextHopMode }),
  };
  const unmapped: string[] = [];
  if (options.password !== undefined) unmapped.push('password');
  if (options.gracefulRestart !== undefined) unmapped.push('gracefulRestart');
  if (options.bfd !== undefined) unmapped.push('bfd');
  if (options.ttlSecurityHops !== undefined) unmapped.push('ttlSecurity');
  if (options.multihopMaxHops !== undefined) unmapped.push('multihop');
  if (options.importFilters !== undefined) unmapped.push('importFilters');
  if (options.exportFilters !== undefined) unmapped.push('exportFilters');
  if (peer.routeReflectorClient) unmapped.push('routeReflectorClient');
  return { config, unmapped };
}

/** Auto leaves the speaker's default (self towards eBGP, keep towards iBGP), which is what Auto means. */
function speakerNextHopMode(mode: NextHopMode | undefined): PeerConfig['nextHopMode'] {
  switch (mode) {
    case undefined:
    case 'Auto':
      return undefined;
    case 'Self':
      return 'self';
    case 'Keep':
      return 'keep';
    default:
      return assertNever(mode, 'next hop mode');
  }
}
