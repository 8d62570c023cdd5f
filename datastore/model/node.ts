import { tryParsePrefix } from '../../common/index.js';
import { readAsNumber } from './bgp-options.js';
import type { Fields } from './fields.js';
import type { KindDefinition } from './kind.js';
import { compact, TWILL_API_VERSION, type Resource } from './resource.js';

export type NodeAddressType = 'InternalIP' | 'ExternalIP' | 'BGPAddress';
export const NODE_ADDRESS_TYPES: readonly NodeAddressType[] = ['InternalIP', 'ExternalIP', 'BGPAddress'];

export interface NodeSpec {
  readonly addresses?: ReadonlyArray<{ readonly address: string; readonly type: NodeAddressType }>;
  readonly bgp?: {
    /** Interface address with its subnet (`10.0.1.5/24`): the subnet decides CrossSubnet encapsulation. */
    readonly ipv4Address?: string;
    readonly ipv6Address?: string;
    /** Overrides BGPConfiguration's AS for this node. */
    readonly asNumber?: number;
    /** Set on route reflectors (RFC 4456 CLUSTER_ID, in dotted-quad form). */
    readonly routeReflectorClusterID?: string;
  };
  readonly vxlanTunnelAddress?: string;
  readonly vxlanTunnelMACAddr?: string;
  readonly wireguard?: { readonly interfaceIPv4Address?: string };
}

/** Written by the node's own daemon, never by users. */
export interface NodeStatus {
  readonly wireguardPublicKey?: string;
  readonly podCIDRs?: readonly string[];
}

export type Node = Resource<'Node', NodeSpec, NodeStatus>;

const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;
// A Curve25519 public key is 32 bytes: 44 base64 characters ending in one "=".
const WIREGUARD_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

function readSpec(spec: Fields): NodeSpec {
  const result = compact<NodeSpec>({
    addresses: spec.objects('addresses')?.flatMap((item) => {
      const address = item.address('address', { required: true });
      const type = item.oneOf('type', NODE_ADDRESS_TYPES, { required: true });
      item.rejectUnknown();
      return address !== undefined && type !== undefined ? [{ address: address.toString(), type }] : [];
    }),
    bgp: readBgp(spec.object('bgp')),
    vxlanTunnelAddress: spec.address('vxlanTunnelAddress')?.toString(),
    vxlanTunnelMACAddr: spec.string('vxlanTunnelMACAddr', { pattern: MAC, hint: 'a lower-case MAC address' }),
    wireguard: readWireguard(spec.object('wireguard')),
  });
  spec.rejectUnknown();
  return result;
}

function readBgp(fields: Fields | undefined): NodeSpec['bgp'] {
  if (fields === undefined) return undefined;
  const bgp = compact({
    ipv4Address: readInterfaceAddress(fields, 'ipv4Address', 4),
    ipv6Address: readInterfaceAddress(fields, 'ipv6Address', 6),
    asNumber: readAsNumber(fields, 'asNumber'),
    routeReflectorClusterID: fields.address('routeReflectorClusterID', { family: 4 })?.toString(),
  });
  fields.rejectUnknown();
  return bgp;
}

function readInterfaceAddress(fields: Fields, key: string, family: 4 | 6): string | undefined {
  const text = fields.string(key);
  if (text === undefined) return undefined;
  // Host bits are expected here: this is the node's own address within its subnet.
  const prefix = tryParsePrefix(text, { family, strict: false });
  if (prefix === undefined)
    fields.issue(key, `${JSON.stringify(text)} is not an IPv${family} address with a prefix length`);
  return prefix === undefined ? undefined : text;
}

function readWireguard(fields: Fields | undefined): NodeSpec['wireguard'] {
  if (fields === undefined) return undefined;
  const wireguard = compact({
    interfaceIPv4Address: fields.address('interfaceIPv4Address', { family: 4 })?.toString(),
  });
  fields.rejectUnknown();
  return wireguard;
}

function readStatus(status: Fields): NodeStatus {
  const result = compact<NodeStatus>({
    wireguardPublicKey: status.string('wireguardPublicKey', {
      pattern: WIREGUARD_KEY,
      hint: 'a base64 WireGuard public key',
    }),
    podCIDRs: status.array('podCIDRs')?.flatMap(({ value, path }) => {
      const prefix = typeof value === 'string' ? tryParsePrefix(value) : undefined;
      if (prefix === undefined) status.issues.add(path, `${JSON.stringify(value)} is not a CIDR`);
      return prefix === undefined ? [] : [prefix.toString()];
    }),
  });
  status.rejectUnknown();
  return result;
}

export const nodeKind: KindDefinition<Node> = {
  kind: 'Node',
  apiVersion: TWILL_API_VERSION,
  plural: 'nodes',
  namespaced: false,
  specOptional: true,
  readSpec,
  readStatus,
};
