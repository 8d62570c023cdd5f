// The node's policy for external (eBGP) peers such as top-of-rack switches. RFC 8212 is on in the
// speaker (an eBGP peer without policy gets and gives nothing), so the node states its policy:
//
// - export: prefixes inside an IPPool (our blocks and borrowed /32s, and the blocks of other nodes this
//   node learned over the mesh, as Calico's BIRD export filter does: it accepts any route inside a
//   pool) plus the service prefixes we originate; nothing else (never a default route or an underlay
//   prefix learned from another ToR).
// - import: prefixes inside an IPPool only (other racks' pod blocks), so a ToR cannot steer the node's
//   other traffic by announcing a default or underlay prefixes into its kernel.
import { tryParsePrefix } from '../../../common/index.js';
import type { PolicyConfig, PolicyRule, PrefixMatch } from '../../../bgp/speaker/index.js';

export interface NodePolicies {
  readonly importPolicy: PolicyConfig;
  readonly exportPolicy: PolicyConfig;
}

export function nodeBgpPolicies(
  poolCidrs: readonly string[],
  servicePrefixes: readonly string[],
): NodePolicies {
  const inside = (cidrs: readonly string[]): PrefixMatch[] =>
    cidrs.flatMap((c) => {
      const prefix = tryParsePrefix(c, { strict: false });
      return prefix === undefined ? [] : [{ prefix, le: prefix.family === 4 ? 32 : 128 }];
    });
  const exact = (cidrs: readonly string[]): PrefixMatch[] =>
    cidrs.flatMap((c) => {
      const prefix = tryParsePrefix(c, { strict: false });
      return prefix === undefined ? [] : [{ prefix }];
    });
  const pools = inside(poolCidrs);
  const services = exact(servicePrefixes);
  const poolRule: PolicyRule[] =
    pools.length === 0 ? [] : [{ name: 'pod-address-pools', match: { prefixes: pools }, then: 'accept' }];
  const serviceRule: PolicyRule[] =
    services.length === 0
      ? []
      : [{ name: 'originated-services', match: { prefixes: services, peerType: 'local' }, then: 'accept' }];
  return {
    importPolicy: { rules: poolRule, default: 'reject' },
    exportPolicy: { rules: [...poolRule, ...serviceRule], default: 'reject' },
  };
}
