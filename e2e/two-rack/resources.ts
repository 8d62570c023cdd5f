// The datastore resources of the two-rack demo, as an operator of a Calico-style ToR fabric writes them:
// - BGPConfiguration `default`: node-to-node mesh OFF (every route goes through the rack's leaf).
// - BGPConfiguration `node.<n>`: one AS per node (Calico's "AS per compute server"): a node's rack
//   neighbour's routes, re-advertised by the leaf, carry the neighbour's AS and would be dropped as a loop
//   (RFC 4271 §9.1.2) if the whole rack shared one AS.
// - BGPPeer per rack and family: the leaf's rack-subnet address, its AS, nodeSelector rack == 'rN'.
// - Node per twill node with its rack label.
// - IPPools, dual stack, with the demo's encapsulation (native, VXLAN or WireGuard).
import type { AnyResource, BGPConfiguration, BGPPeer, IPPool, Node } from '../../datastore/index.js';

export type FabricMode = 'native' | 'vxlan' | 'wireguard';
export const FABRIC_MODES: readonly FabricMode[] = ['native', 'vxlan', 'wireguard'];

export interface RackPlan {
  readonly rack: string;
  readonly leafAs: number;
  readonly leafIPv4: string;
  readonly leafIPv6: string;
  readonly nodes: readonly { readonly name: string; readonly as: number }[];
}

/** Matches containerlab/two-rack/two-rack.clab.yml. */
export const TWO_RACKS: readonly RackPlan[] = [
  {
    rack: 'r1',
    leafAs: 65101,
    leafIPv4: '10.1.0.1',
    leafIPv6: 'fd00:1::1',
    nodes: [
      { name: 'n1', as: 64601 },
      { name: 'n2', as: 64602 },
    ],
  },
  {
    rack: 'r2',
    leafAs: 65102,
    leafIPv4: '10.2.0.1',
    leafIPv6: 'fd00:2::1',
    nodes: [
      { name: 'n3', as: 64603 },
      { name: 'n4', as: 64604 },
    ],
  },
];

export const POOL_V4 = '10.244.0.0/16';
export const POOL_V6 = 'fd00:244::/48';
/** BGP timers towards the leaves (hold 9 s, as the leaves' own): a dead node's routes go within 9 s. */
export const HOLD_TIME_SEC = 9;

const API = 'twill.dev/v1';

function encapsulation(mode: FabricMode): IPPool['spec']['encapsulation'] {
  switch (mode) {
    case 'native':
      return { type: 'None' };
    case 'vxlan':
      return { type: 'VXLAN', mode: 'Always' };
    case 'wireguard':
      return { type: 'WireGuard' };
  }
}

export function poolResources(mode: FabricMode): IPPool[] {
  return [
    ['pods-v4', POOL_V4, 26],
    ['pods-v6', POOL_V6, 122],
  ].map(([name, cidr, blockSize]) => ({
    apiVersion: API,
    kind: 'IPPool',
    metadata: { name: name as string },
    spec: {
      cidr: cidr as string,
      blockSize: blockSize as number,
      encapsulation: encapsulation(mode),
      natOutgoing: false,
      nodeSelector: 'all()',
      disabled: false,
      allowedUses: ['Workload', 'Tunnel'],
    },
  }));
}

export function fabricResources(mode: FabricMode, racks: readonly RackPlan[] = TWO_RACKS): AnyResource[] {
  const timers = { holdTimeSec: HOLD_TIME_SEC, keepaliveTimeSec: 3, connectRetryTimeSec: 2 };
  const config: BGPConfiguration[] = [
    {
      apiVersion: API,
      kind: 'BGPConfiguration',
      metadata: { name: 'default' },
      spec: { nodeToNodeMeshEnabled: false, asNumber: 64512 },
    },
    ...racks.flatMap((r) =>
      r.nodes.map((n): BGPConfiguration => ({
        apiVersion: API,
        kind: 'BGPConfiguration',
        metadata: { name: `node.${n.name}` },
        spec: { asNumber: n.as },
      })),
    ),
  ];
  const peers: BGPPeer[] = racks.flatMap((r) =>
    (
      [
        ['v4', r.leafIPv4],
        ['v6', r.leafIPv6],
      ] as const
    ).map(([family, peerIP]): BGPPeer => ({
      apiVersion: API,
      kind: 'BGPPeer',
      metadata: { name: `${r.rack}-tor-${family}` },
      spec: { peerIP, asNumber: r.leafAs, nodeSelector: `rack == '${r.rack}'`, timers } as BGPPeer['spec'],
    })),
  );
  return [...poolResources(mode), ...config, ...peers];
}

/** Node resources with their rack label (twill-node fills addresses and status itself). */
export function nodeResources(racks: readonly RackPlan[] = TWO_RACKS): Node[] {
  return racks.flatMap((r) =>
    r.nodes.map((n): Node => ({
      apiVersion: API,
      kind: 'Node',
      metadata: { name: n.name, labels: { rack: r.rack } },
      spec: {},
    })),
  );
}
