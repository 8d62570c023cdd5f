import {
  checkCommunity,
  readAsNumber,
  readBfd,
  readGracefulRestart,
  readTimers,
  type BfdSettings,
  type BgpTimers,
  type GracefulRestart,
} from './bgp-options.js';
import type { Fields } from './fields.js';
import type { KindDefinition } from './kind.js';
import { compact, TWILL_API_VERSION, type Resource } from './resource.js';

export interface NamedCommunity {
  readonly name: string;
  readonly value: string;
}

export interface ServiceCidr {
  readonly cidr: string;
}

/**
 * Cluster-wide BGP settings (`default`), optionally overridden per node (`node.<nodename>`), as in Calico.
 * Every field is optional so a per-node object overrides only what it names.
 */
export interface BGPConfigurationSpec {
  readonly asNumber?: number;
  readonly nodeToNodeMeshEnabled?: boolean;
  /** TCP port BGP listens on (RFC 4271 §8.2.1: 179 by default). */
  readonly listenPort?: number;
  readonly communities?: readonly NamedCommunity[];
  readonly serviceClusterIPs?: readonly ServiceCidr[];
  readonly serviceExternalIPs?: readonly ServiceCidr[];
  readonly serviceLoadBalancerIPs?: readonly ServiceCidr[];
  readonly timers?: BgpTimers;
  readonly gracefulRestart?: GracefulRestart;
  readonly bfd?: BfdSettings;
}

export type BGPConfiguration = Resource<'BGPConfiguration', BGPConfigurationSpec, never>;

function readSpec(spec: Fields): BGPConfigurationSpec {
  const result = compact<BGPConfigurationSpec>({
    asNumber: readAsNumber(spec, 'asNumber'),
    nodeToNodeMeshEnabled: spec.boolean('nodeToNodeMeshEnabled'),
    listenPort: spec.integer('listenPort', { min: 1, max: 65535 }),
    communities: readCommunities(spec),
    serviceClusterIPs: readServiceCidrs(spec, 'serviceClusterIPs'),
    serviceExternalIPs: readServiceCidrs(spec, 'serviceExternalIPs'),
    serviceLoadBalancerIPs: readServiceCidrs(spec, 'serviceLoadBalancerIPs'),
    timers: readTimers(spec.object('timers')),
    gracefulRestart: readGracefulRestart(spec.object('gracefulRestart')),
    bfd: readBfd(spec.object('bfd')),
  });
  spec.rejectUnknown();
  return result;
}

function readCommunities(spec: Fields): NamedCommunity[] | undefined {
  const items = spec.objects('communities');
  if (items === undefined) return undefined;
  const names = new Set<string>();
  return items.flatMap((item) => {
    const name = item.string('name', { required: true });
    const value = checkCommunity(item, 'value');
    item.rejectUnknown();
    if (name !== undefined && names.has(name))
      item.issue('name', `duplicate community name ${JSON.stringify(name)}`);
    if (name !== undefined) names.add(name);
    return name !== undefined && value !== undefined ? [{ name, value }] : [];
  });
}

function readServiceCidrs(spec: Fields, key: string): ServiceCidr[] | undefined {
  const items = spec.objects(key);
  if (items === undefined) return undefined;
  return items.flatMap((item) => {
    const cidr = item.prefix('cidr', { required: true });
    item.rejectUnknown();
    return cidr === undefined ? [] : [{ cidr: cidr.toString() }];
  });
}

const NAME = /^(default|node\..+)$/;

export const bgpConfigurationKind: KindDefinition<BGPConfiguration> = {
  kind: 'BGPConfiguration',
  apiVersion: TWILL_API_VERSION,
  plural: 'bgpconfigurations',
  namespaced: false,
  readSpec,
  checkName(name, issues) {
    if (!NAME.test(name))
      issues.add('metadata.name', `must be "default" or "node.<node name>", got ${JSON.stringify(name)}`);
  },
};
