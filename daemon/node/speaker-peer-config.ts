// Maps one desired peer of the calculation graph onto the speaker's PeerConfig: address, AS, source,
// family, timers, next-hop mode, graceful restart, BFD, GTSM, eBGP multihop, route-reflector client, and
// the node's import/export policy for external peers (node-bgp-policy.ts). What the speaker cannot carry
// from a resource alone is listed in `unmapped` (the password needs a Kubernetes Secret read; BGPFilter
// names need the filter resources compiled), so the daemon says so in its log instead of silently running
// a weaker session.
import { assertNever, compareIpAddresses, parseIpAddress } from '../../common/index.js';
import type { PeerConfig, PolicyConfig } from '../../bgp/speaker/index.js';
import type { NextHopMode } from '../../datastore/index.js';
import type { DesiredBgpPeer } from './calc/index.js';

export interface MappedPeer {
  readonly config: PeerConfig;
  /** Desired options PeerConfig cannot carry yet (`password`, `routeReflectorClient`, ...). */
  readonly unmapped: readonly string[];
}

/** The node's policies for external (eBGP) peers; internal peers keep the protocol rules alone. */
export interface ExternalPolicies {
  readonly localAsNumber: number;
  readonly importPolicy: PolicyConfig;
  readonly exportPolicy: PolicyConfig;
}

export function toPeerConfig(peer: DesiredBgpPeer, external?: ExternalPolicies): MappedPeer {
  const address = parseIpAddress(peer.address);
  const { options } = peer;
  const nextHopMode = speakerNextHopMode(options.nextHopMode);
  const source = parseIpAddress(peer.localAddress);
  const config: PeerConfig = {
    address,
    asn: peer.asNumber,
    // Between two Twill nodes only the lower address connects. Both active, each side's idle hold after
    // a refused attempt (RFC 4271 §8: Idle refuses connections) can line up with the other's, so they
    // keep refusing each other (seen in the lab); one passive side cannot. Routers stay active both ways.
    ...(peer.remoteNode !== undefined && compareIpAddresses(source, address) > 0 ? { passive: true } : {}),
    sourceAddress: source,
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
    ...gracefulRestart(options.gracefulRestart),
    ...(options.bfd === undefined
      ? {}
      : {
          bfd: {
            enabled: options.bfd.enabled,
            ...(options.bfd.minTxIntervalMs === undefined ? {} : { minTxMs: options.bfd.minTxIntervalMs }),
            ...(options.bfd.minRxIntervalMs === undefined ? {} : { minRxMs: options.bfd.minRxIntervalMs }),
            ...(options.bfd.multiplier === undefined ? {} : { multiplier: options.bfd.multiplier }),
            ...(options.multihopMaxHops === undefined ? {} : { multihop: true }),
            // BFD on a node's session is there to see a peer vanish in < 1 s: a BFD failure removes the
            // peer's routes at once, even though graceful restart is on and the peer's BFD shares fate
            // with its control plane (RFC 5882 §4.3 would let them ride out a restart). Otherwise a node
            // keeps a removed node's blocks for the restart time and exports them to its ToR (lab-seen).
            sharedFateGracefulRestart: false,
          },
        }),
    ...(options.ttlSecurityHops === undefined ? {} : { ttlSecurityHops: options.ttlSecurityHops }),
    ...(options.multihopMaxHops === undefined ? {} : { multihopTtl: options.multihopMaxHops }),
    ...(peer.routeReflectorClient ? { routeReflectorClient: true } : {}),
    ...(external === undefined || external.localAsNumber === peer.asNumber
      ? {}
      : { importPolicy: external.importPolicy, exportPolicy: external.exportPolicy }),
  };
  const unmapped: string[] = [];
  if (options.password !== undefined) unmapped.push('password');
  if (options.importFilters !== undefined) unmapped.push('importFilters');
  if (options.exportFilters !== undefined) unmapped.push('exportFilters');
  return { config, unmapped };
}

/** Graceful restart is on for every node session unless the resource turns it off (the speaker's options
 * carry the restart time); a resource's times override it for that peer. */
function gracefulRestart(
  gr: DesiredBgpPeer['options']['gracefulRestart'],
): Pick<PeerConfig, 'gracefulRestart'> {
  if (gr === undefined) return {};
  return {
    gracefulRestart: {
      enabled: gr.enabled,
      ...(gr.restartTimeSec === undefined ? {} : { restartTimeSec: gr.restartTimeSec }),
      ...(gr.stalePathTimeSec === undefined ? {} : { staleRoutesTimeSec: gr.stalePathTimeSec }),
    },
  };
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
