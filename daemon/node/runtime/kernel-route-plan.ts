// What twill-node wants in its route table (pure): a blackhole for each block affine to this node (an
// unused address in our block must not follow a default route out and loop back, as Calico does), and
// the routes BGP chose for everything else it learned (native mode: next hop from BGP, ECMP when the
// speaker gives a multipath set). Blocks a pool carries in a tunnel (VXLAN, IPIP, WireGuard) are the
// encapsulation manager's, never BGP's.
import { Prefix, tryParsePrefix, type IpAddress } from '../../../common/index.js';
import type { DesiredRoute } from '../../../routing/routetable/index.js';
import type { OriginatedPrefixes, RemoteRoutes } from '../calc/index.js';

export interface LearnedRoute {
  readonly prefix: Prefix;
  /** Best first; two or more: ECMP. */
  readonly nextHops: readonly IpAddress[];
}

export interface KernelRoutePlanInput {
  readonly originated: OriginatedPrefixes | undefined;
  readonly remote: RemoteRoutes | undefined;
  readonly learned: Iterable<LearnedRoute>;
  /** This node's own addresses: a route whose next hop is us would loop. */
  readonly localAddresses: readonly string[];
}

export function planKernelRoutes(input: KernelRoutePlanInput): DesiredRoute[] {
  const routes: DesiredRoute[] = [];
  const own = new Set<string>();
  for (const block of input.originated?.blocks ?? []) {
    const dst = tryParsePrefix(block, { strict: false });
    if (dst === undefined) continue;
    own.add(dst.toString());
    routes.push({ dst, type: 'blackhole' });
  }
  for (const p of [...(input.originated?.borrowed ?? []), ...(input.originated?.services ?? [])]) {
    const dst = tryParsePrefix(p, { strict: false });
    if (dst !== undefined) own.add(dst.toString());
  }
  const tunnelled = new Set(
    (input.remote?.routes ?? []).filter((r) => r.encapsulation !== 'native').map((r) => canonical(r.cidr)),
  );
  const local = new Set(input.localAddresses);
  for (const route of input.learned) {
    const key = route.prefix.toString();
    if (own.has(key) || tunnelled.has(key)) continue;
    const hops = route.nextHops.filter((h) => !local.has(h.toString()));
    if (hops.length === 0) continue;
    routes.push(
      hops.length === 1
        ? { dst: route.prefix, gateway: hops[0] as IpAddress }
        : { dst: route.prefix, multipath: hops.map((gateway) => ({ gateway })) },
    );
  }
  return routes;
}

function canonical(cidr: string): string {
  return tryParsePrefix(cidr, { strict: false })?.toString() ?? cidr;
}
