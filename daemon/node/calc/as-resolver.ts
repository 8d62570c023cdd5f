// Which AS a node is in. Precedence, most specific first (as Calico): the Node's spec.bgp.asNumber, the
// per-node BGPConfiguration `node.<name>`, the cluster's BGPConfiguration `default`, then 64512 (the
// first private AS of RFC 6996, Calico's default too).
import type { BGPConfiguration, Node } from '../../../datastore/index.js';
import type { AsSource } from './desired-state.js';
import type { ResourceIndex } from './resource-index.js';

export const DEFAULT_AS_NUMBER = 64512;

export interface ResolvedAs {
  readonly asNumber: number;
  readonly source: AsSource;
}

export function resolveAsNumber(index: ResourceIndex, nodeName: string, node?: Node): ResolvedAs {
  const own = (node ?? index.get('Node', nodeName))?.spec.bgp?.asNumber;
  if (own !== undefined) return { asNumber: own, source: 'node' };
  const perNode = bgpConfiguration(index, `node.${nodeName}`)?.spec.asNumber;
  if (perNode !== undefined) return { asNumber: perNode, source: 'bgp-configuration-node' };
  const cluster = bgpConfiguration(index, 'default')?.spec.asNumber;
  if (cluster !== undefined) return { asNumber: cluster, source: 'bgp-configuration' };
  return { asNumber: DEFAULT_AS_NUMBER, source: 'default' };
}

export function bgpConfiguration(index: ResourceIndex, name: string): BGPConfiguration | undefined {
  return index.get('BGPConfiguration', name);
}
