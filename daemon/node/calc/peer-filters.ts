// The BGPFilter resources the desired peers name, by name: only those, so a change to a filter no peer
// uses does not touch the speaker. A name without a resource is simply absent here; the speaker mapping
// (bgp-filter-policy.ts) keeps that peer down and says which filter is missing.
import type { BGPFilterSpec } from '../../../datastore/index.js';
import type { DesiredBgpPeer } from './desired-state.js';
import type { ResourceIndex } from './resource-index.js';

export function referencedFilters(
  index: ResourceIndex,
  peers: readonly DesiredBgpPeer[],
): Readonly<Record<string, BGPFilterSpec>> {
  const names = new Set(
    peers.flatMap((p) => [...(p.options.importFilters ?? []), ...(p.options.exportFilters ?? [])]),
  );
  const out: Record<string, BGPFilterSpec> = {};
  for (const name of [...names].sort()) {
    const filter = index.get('BGPFilter', name);
    if (filter !== undefined) out[name] = filter.spec;
  }
  return out;
}
