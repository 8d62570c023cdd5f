import { DatastoreError } from '../errors.js';
import { bgpConfigurationKind, type BGPConfiguration } from './bgp-configuration.js';
import { bgpFilterKind, type BGPFilter } from './bgp-filter.js';
import { bgpPeerKind, type BGPPeer } from './bgp-peer.js';
import { blockAffinityKind, type BlockAffinity } from './block-affinity.js';
import { ipPoolKind, type IPPool } from './ip-pool.js';
import { ipamBlockKind, type IPAMBlock } from './ipam-block.js';
import { ipamConfigurationKind, type IPAMConfiguration } from './ipam-configuration.js';
import { ipamHandleKind, type IPAMHandle } from './ipam-handle.js';
import type { KindDefinition } from './kind.js';
import { namespaceKind, type Namespace } from './namespace.js';
import { networkPolicyKind, type NetworkPolicy } from './network-policy.js';
import { nodeKind, type Node } from './node.js';
import { twillNodeStatusKind, type TwillNodeStatus } from './twill-node-status.js';
import { workloadEndpointKind, type WorkloadEndpoint } from './workload-endpoint.js';

/** Kind name → its TypeScript type; lets `backend.get('IPPool', ...)` return an IPPool. */
export interface ResourceByKind {
  IPPool: IPPool;
  BGPConfiguration: BGPConfiguration;
  BGPPeer: BGPPeer;
  BGPFilter: BGPFilter;
  Node: Node;
  IPAMBlock: IPAMBlock;
  BlockAffinity: BlockAffinity;
  IPAMHandle: IPAMHandle;
  IPAMConfiguration: IPAMConfiguration;
  WorkloadEndpoint: WorkloadEndpoint;
  NetworkPolicy: NetworkPolicy;
  Namespace: Namespace;
  TwillNodeStatus: TwillNodeStatus;
}

export type ResourceKind = keyof ResourceByKind;
export type AnyResource = ResourceByKind[ResourceKind];

/** The one table of kinds: validation, storage keys and (later) CRDs all derive from it. */
export const KINDS: { readonly [K in ResourceKind]: KindDefinition<ResourceByKind[K]> } = {
  IPPool: ipPoolKind,
  BGPConfiguration: bgpConfigurationKind,
  BGPPeer: bgpPeerKind,
  BGPFilter: bgpFilterKind,
  Node: nodeKind,
  IPAMBlock: ipamBlockKind,
  BlockAffinity: blockAffinityKind,
  IPAMHandle: ipamHandleKind,
  IPAMConfiguration: ipamConfigurationKind,
  WorkloadEndpoint: workloadEndpointKind,
  NetworkPolicy: networkPolicyKind,
  Namespace: namespaceKind,
  TwillNodeStatus: twillNodeStatusKind,
};

export const RESOURCE_KINDS = Object.keys(KINDS) as ResourceKind[];

/**
 * Kinds that only report (written by each node about itself, read by operators). They are never input to
 * a node's calculation, so the syncers that feed nodes (twill-node, twill-typha) leave them out: with
 * thousands of nodes each rewriting its status, fanning those writes out to every node would cost
 * N² traffic for nothing.
 */
export const REPORT_KINDS: readonly ResourceKind[] = ['TwillNodeStatus'];

/** What a node's syncer (and typha's) watches by default: every kind except the report kinds. */
export const SYNCED_KINDS: readonly ResourceKind[] = RESOURCE_KINDS.filter((k) => !REPORT_KINDS.includes(k));

export function isResourceKind(kind: unknown): kind is ResourceKind {
  return typeof kind === 'string' && Object.hasOwn(KINDS, kind);
}

export function kindDefinition<K extends ResourceKind>(kind: K): KindDefinition<ResourceByKind[K]> {
  if (!isResourceKind(kind)) {
    throw new DatastoreError(
      'UNKNOWN_KIND',
      `unknown kind ${JSON.stringify(kind)}: expected one of ${RESOURCE_KINDS.join(', ')}`,
      {
        details: { kind },
      },
    );
  }
  return KINDS[kind] as KindDefinition<ResourceByKind[K]>;
}
