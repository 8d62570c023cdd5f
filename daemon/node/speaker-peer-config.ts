// Maps one desired peer of the calculation graph onto the speaker's PeerConfig: address, AS, source,
// family, timers, next-hop mode, graceful restart, BFD, GTSM, eBGP multihop, route-reflector client, the
// node's import/export policy for external peers (node-bgp-policy.ts) with the peer's BGPFilters before
// it (bgp-filter-policy.ts), and the TCP MD5 password (RFC 2385) from its Kubernetes Secret. A peer whose
// password or filter cannot be resolved is kept administratively down with the reason (`adminDownReason`):
// never a session without its password, never one whose filters are not in force.
import { assertNever, compareIpAddresses, parseIpAddress } from '../../common/index.js';
import type { PeerConfig, PolicyConfig } from '../../bgp/speaker/index.js';
import type { BGPFilterSpec, NextHopMode, SecretKeyRef } from '../../datastore/index.js';
import { composeFilterPolicy } from './bgp-filter-policy.js';
import type { DesiredBgpPeer } from './calc/index.js';

/** The node's policies for external (eBGP) peers; internal peers keep the protocol rules alone. */
export interface ExternalPolicies {
  readonly localAsNumber: number;
  readonly importPolicy: PolicyConfig;
  readonly exportPolicy: PolicyConfig;
}

/** A Secret key's value, or why there is none (naming the Secret and key). */
export type PasswordLookup = (ref: SecretKeyRef) => { readonly value: string } | { readonly reason: string };

export interface PeerResolution {
  /** BGPFilters by name (DesiredBgpState.filters). */
  readonly filters?: Readonly<Record<string, BGPFilterSpec>>;
  /** Absent: no Secret reader, so a peer with a password stays down. */
  readonly password?: PasswordLookup;
}

export function toPeerConfig(
  peer: DesiredBgpPeer,
  external?: ExternalPolicies,
  resolution: PeerResolution = {},
): PeerConfig {
  const address = parseIpAddress(peer.address);
  const { options } = peer;
  const nextHopMode = speakerNextHopMode(options.nextHopMode);
  const source = parseIpAddress(peer.localAddress);
  const downReasons: string[] = [];
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
    ...filteredPolicies(peer, external, resolution.filters ?? {}, downReasons),
    ...password(options.password, resolution.password, downReasons),
  };
  return downReasons.length === 0 ? config : { ...config, adminDownReason: downReasons.join('; ') };
}

/** Filters first (in the peer's order), then the node's policy for eBGP peers (Calico's order). */
function filteredPolicies(
  peer: DesiredBgpPeer,
  external: ExternalPolicies | undefined,
  filters: Readonly<Record<string, BGPFilterSpec>>,
  downReasons: string[],
): Pick<PeerConfig, 'importPolicy' | 'exportPolicy'> {
  const base = external === undefined || external.localAsNumber === peer.asNumber ? undefined : external;
  const byName = new Map(Object.entries(filters));
  const family = parseIpAddress(peer.address).family;
  const out: { importPolicy?: PolicyConfig; exportPolicy?: PolicyConfig } = {};
  for (const direction of ['import', 'export'] as const) {
    const names = peer.options[`${direction}Filters`];
    const composed = composeFilterPolicy(names, byName, direction, family, base?.[`${direction}Policy`]);
    for (const name of composed.missing)
      downReasons.push(`BGPFilter ${JSON.stringify(name)} (${direction}Filters) not found`);
    if (composed.policy !== undefined) out[`${direction}Policy`] = composed.policy;
  }
  return out;
}

/** The MD5 key from the Secret; without it the session must not run (reason recorded). */
function password(
  wanted: DesiredBgpPeer['options']['password'],
  lookup: PasswordLookup | undefined,
  downReasons: string[],
): Pick<PeerConfig, 'tcpMd5Key'> {
  if (wanted === undefined) return {};
  const { name, key } = wanted.secretKeyRef;
  const found =
    lookup === undefined
      ? { reason: `password: Secret ${name} key ${key}: no Kubernetes API to read Secrets from` }
      : lookup(wanted.secretKeyRef);
  if ('reason' in found) {
    downReasons.push(found.reason);
    return {};
  }
  return { tcpMd5Key: found.value };
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
