// How traffic to one remote block travels, from the block's pool and where the remote node sits:
//  - None: native (the underlay routes pod addresses, learnt over BGP);
//  - IPIP / VXLAN, mode Always: through the tunnel;
//  - IPIP / VXLAN, mode CrossSubnet: native when the remote node's address is inside this node's own
//    subnet (one L2 segment forwards pod traffic as is), the tunnel otherwise (as Calico);
//  - WireGuard: encrypted when both nodes have published a key; without one the route falls back to
//    native and says why (Calico does the same rather than black-holing the traffic).
import { assertNever, type IpAddress, type Prefix } from '../../../common/index.js';
import type { IPPool } from '../../../datastore/index.js';
import type { BlockEncapsulation, RemoteBlockRoute } from './desired-state.js';

export interface EncapsulationContext {
  /** This node's subnet of the block's family (undefined: unknown, so never "same subnet"). */
  readonly localSubnet: Prefix | undefined;
  readonly remoteAddress: IpAddress;
  readonly localHasWireguardKey: boolean;
  readonly remoteHasWireguardKey: boolean;
}

export interface EncapsulationChoice {
  readonly encapsulation: BlockEncapsulation;
  readonly fallback?: RemoteBlockRoute['fallback'];
}

export function chooseEncapsulation(
  pool: IPPool | undefined,
  context: EncapsulationContext,
): EncapsulationChoice {
  // A block outside every pool (its pool was deleted while addresses were still in use) keeps routing.
  if (pool === undefined) return { encapsulation: 'native' };
  const { type, mode } = pool.spec.encapsulation;
  switch (type) {
    case 'None':
      return { encapsulation: 'native' };
    case 'IPIP':
    case 'VXLAN': {
      const sameSubnet = context.localSubnet?.contains(context.remoteAddress) ?? false;
      if (mode === 'CrossSubnet' && sameSubnet) return { encapsulation: 'native' };
      return { encapsulation: type === 'IPIP' ? 'ipip' : 'vxlan' };
    }
    case 'WireGuard':
      if (!context.localHasWireguardKey)
        return { encapsulation: 'native', fallback: 'no-local-wireguard-key' };
      if (!context.remoteHasWireguardKey)
        return { encapsulation: 'native', fallback: 'no-remote-wireguard-key' };
      return { encapsulation: 'wireguard' };
    default:
      return assertNever(type, 'encapsulation type');
  }
}
