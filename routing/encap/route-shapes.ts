// The routes each way of carrying pod traffic needs, as pure functions of the remote node, so their
// shapes are tested without a kernel and the managers stay small.
import { assertNever, type IpAddress, type Prefix } from '../../common/index.js';
import type { DesiredRoute } from '../routetable/index.js';
import type { EncapScope, RemoteNode } from './node.js';

export type RoutePlan =
  /** Native: the next hop is the node itself, or the underlay router toward it (see NativeManager). */
  | { readonly kind: 'native'; readonly gateway: IpAddress }
  /** VXLAN, IP-in-IP: via the node address on the tunnel device, onlink (it is no neighbour there). */
  | { readonly kind: 'tunnel-onlink'; readonly oif: number }
  /** WireGuard: a point-to-point device; the peer is chosen by allowed IPs, not by a gateway. */
  | { readonly kind: 'tunnel-device'; readonly oif: number };

export interface PlannedRoutes {
  readonly routes: DesiredRoute[];
  /** Blocks that cannot be routed this way (another family than the gateway's). */
  readonly skipped: Prefix[];
}

export function routesFor(remote: RemoteNode, plan: RoutePlan): PlannedRoutes {
  const routes: DesiredRoute[] = [];
  const skipped: Prefix[] = [];
  for (const dst of remote.blocks) {
    switch (plan.kind) {
      case 'native':
        // A gateway of the other family needs RTA_VIA; Twill does not route that way yet.
        if (dst.family !== plan.gateway.family) skipped.push(dst);
        else routes.push({ dst, gateway: plan.gateway });
        break;
      case 'tunnel-onlink': {
        const gateway = remote.tunnelGateway ?? remote.address;
        if (dst.family !== gateway.family) skipped.push(dst);
        else routes.push({ dst, gateway, oif: plan.oif, onlink: true });
        break;
      }
      case 'tunnel-device':
        routes.push({ dst, oif: plan.oif });
        break;
      default:
        assertNever(plan, 'route plan');
    }
  }
  return { routes, skipped };
}

/** Does traffic to `remote` go through the tunnel? With CrossSubnet only when it is off our subnet. */
export function encapsulates(remote: RemoteNode, scope: EncapScope, localSubnet: Prefix): boolean {
  switch (scope) {
    case 'always':
      return true;
    case 'cross-subnet':
      return remote.address.family !== localSubnet.family || !localSubnet.contains(remote.address);
    default:
      return assertNever(scope, 'encapsulation scope');
  }
}
