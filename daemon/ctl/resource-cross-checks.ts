/**
 * Checks across the resources of one set of files that need no datastore: the same object twice,
 * IPPools whose CIDRs overlap (an address would belong to two pools: Calico refuses this too), and
 * BGPPeer filters naming a BGPFilter the files do not define (a warning: it may exist in the datastore).
 * Selector syntax is already checked by the model (spec.peerSelector, spec.nodeSelector).
 */
import { parsePrefix } from '../../common/index.js';
import type { AnyResource, BGPPeer, IPPool } from '../../datastore/index.js';
import type { ValidDocument } from './resource-validate.js';

export interface CrossCheckReport {
  readonly errors: string[];
  readonly warnings: string[];
}

export function crossCheckResources(documents: readonly ValidDocument[]): CrossCheckReport {
  const errors: string[] = [];
  const warnings: string[] = [];
  const seen = new Map<string, string>();
  for (const { origin, resource } of documents) {
    const key = label(resource);
    const first = seen.get(key);
    if (first !== undefined) errors.push(`${origin}: ${key}: defined again (first in ${first})`);
    else seen.set(key, origin);
  }
  const pools = documents.filter(
    (d): d is { origin: string; resource: IPPool } => d.resource.kind === 'IPPool',
  );
  for (const [i, a] of pools.entries()) {
    for (const b of pools.slice(i + 1)) {
      if (parsePrefix(a.resource.spec.cidr).overlaps(parsePrefix(b.resource.spec.cidr))) {
        errors.push(
          `${b.origin}: ${label(b.resource)}: spec.cidr: ${b.resource.spec.cidr} overlaps ${label(a.resource)} (${a.resource.spec.cidr}, ${a.origin})`,
        );
      }
    }
  }
  const filters = new Set(
    documents.filter((d) => d.resource.kind === 'BGPFilter').map((d) => d.resource.metadata.name),
  );
  for (const { origin, resource } of documents) {
    if (resource.kind !== 'BGPPeer') continue;
    const peer = resource as BGPPeer;
    for (const field of ['importFilters', 'exportFilters'] as const) {
      (peer.spec[field] ?? []).forEach((name, index) => {
        if (!filters.has(name))
          warnings.push(
            `${origin}: ${label(peer)}: spec.${field}[${index}]: BGPFilter ${JSON.stringify(name)} is not in these files (it must exist in the datastore)`,
          );
      });
    }
  }
  return { errors, warnings };
}

function label(resource: AnyResource): string {
  const { namespace, name } = resource.metadata;
  return `${resource.kind}/${namespace === undefined ? '' : `${namespace}/`}${name}`;
}
