/**
 * The RIB's options for one established peer (bgp/rib PeerOptions), from its configuration, its compiled
 * policies, the session's addresses and the speaker-wide settings: built at Established and again when
 * policy, reflection or drain change (Rib.reconfigurePeer), so both paths agree.
 */
import type { IPv4Address } from '../../common/index.js';
import type { PeerOptions, SelfNextHop } from '../rib/index.js';
import type { Family } from '../wire/index.js';
import { exportFilter, importFilter, type CompiledPeerPolicies } from './peer-policy.js';
import { clusterIdFor, reflectHook, type ReflectionView } from './route-reflection.js';
import type { PeerConfig } from './speaker-config.js';

export interface PeerRibContext {
  readonly localAs: number;
  readonly ebgpRequiresPolicy: boolean;
  readonly reflection: ReflectionView;
  readonly clusterIds: readonly IPv4Address[];
}

export interface SessionFacts {
  readonly families: readonly Family[];
  readonly selfNextHop: SelfNextHop;
  /** Long-lived graceful restart negotiated (bgp/rib export: LLGR_STALE routes only to LLGR peers). */
  readonly llgr?: boolean;
}

export function peerRibOptions(
  config: PeerConfig,
  policies: CompiledPeerPolicies,
  draining: boolean,
  session: SessionFacts,
  ctx: PeerRibContext,
): PeerOptions {
  const external = config.asn !== ctx.localAs;
  const rfc8212 = external && ctx.ebgpRequiresPolicy;
  const filter = exportFilter(policies.export, rfc8212, ctx.localAs, session.selfNextHop);
  return {
    importFilter: importFilter(policies.import, rfc8212, ctx.localAs),
    ...(ctx.clusterIds.length === 0 ? {} : { clusterIds: ctx.clusterIds }),
    export: {
      families: session.families,
      ...(session.llgr === undefined ? {} : { llgr: session.llgr }),
      ...(config.nextHopMode === undefined ? {} : { nextHopMode: config.nextHopMode }),
      selfNextHop: session.selfNextHop,
      ...(filter === undefined ? {} : { filter }),
      reflect: reflectHook(ctx.reflection),
      clusterIdFor: clusterIdFor(ctx.reflection, config),
      gracefulShutdown: draining,
    },
  };
}
