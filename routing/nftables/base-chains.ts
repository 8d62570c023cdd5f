// The fixed part of Twill's table: base chains on the forward, input and postrouting hooks, and the
// sets they use (failsafe ports, pools for NAT outgoing).
import type { IpFamily } from '../../common/index.js';
import { ipBlockRanges, rangeElement } from './ip-ranges.js';
import type { FailsafePort, IpPoolInput } from './model.js';
import type { NftChainSpec, NftSetSpec } from './table-model.js';

export const FAILSAFE_SET = 'failsafe-in';

export function baseSets(
  pools: readonly IpPoolInput[],
  failsafe: readonly FailsafePort[],
): Map<string, NftSetSpec> {
  const sets = new Map<string, NftSetSpec>();
  sets.set(FAILSAFE_SET, {
    kind: 'set',
    type: 'inet_proto . inet_service',
    interval: false,
    elements: new Set(failsafe.map((p) => `${p.protocol.toLowerCase()} . ${p.port}`)),
  });
  const all = ipBlockRanges(pools.map((p) => ({ cidr: p.cidr })));
  const nat = ipBlockRanges(pools.filter((p) => p.natOutgoing).map((p) => ({ cidr: p.cidr })));
  for (const f of [4, 6] as const) {
    sets.set(`pools${f}`, intervalSet(f, all[f]));
    sets.set(`nat-pools${f}`, intervalSet(f, nat[f]));
  }
  return sets;
}

function intervalSet(family: IpFamily, ranges: ReturnType<typeof ipBlockRanges>[4]): NftSetSpec {
  return {
    kind: 'set',
    type: family === 4 ? 'ipv4_addr' : 'ipv6_addr',
    interval: true,
    elements: new Set(ranges.map((r) => rangeElement(family, r))),
  };
}

/**
 * - forward: traffic not to or from a local pod is not ours (the node also routes the fabric's transit
 *   traffic, which may be asymmetric and must not be dropped as "invalid"). Established/related first,
 *   invalid dropped, then the source pod's egress group and the destination pod's ingress group.
 * - input: the failsafe ports first, so no Twill rule can lock operators or peers out of the node; then
 *   a pod's traffic to the node itself is subject to the pod's egress policy.
 *   Traffic from the node to its pods (kubelet probes) goes through output and is never filtered.
 * - postrouting: NAT outgoing for pools that ask for it, to destinations outside every pool.
 */
export function baseChains(clearMark: string): Map<string, NftChainSpec> {
  const chains = new Map<string, NftChainSpec>();
  chains.set('forward', {
    base: 'type filter hook forward priority filter; policy accept;',
    rules: [
      'iifname != @pod-ifaces oifname != @pod-ifaces accept',
      'ct state established,related accept',
      'ct state invalid counter drop',
      'iifname vmap @egress-dispatch',
      'oifname vmap @ingress-dispatch',
      clearMark,
    ],
  });
  chains.set('input', {
    base: 'type filter hook input priority filter; policy accept;',
    rules: [
      `meta l4proto . th dport @${FAILSAFE_SET} accept`,
      'iifname != @pod-ifaces accept',
      'ct state established,related accept',
      'ct state invalid counter drop',
      'iifname vmap @egress-dispatch',
      clearMark,
    ],
  });
  chains.set('postrouting', {
    base: 'type nat hook postrouting priority srcnat; policy accept;',
    rules: [
      'ip saddr @nat-pools4 ip daddr != @pools4 masquerade',
      'ip6 saddr @nat-pools6 ip6 daddr != @pools6 masquerade',
    ],
  });
  return chains;
}
