// The lab's view of a containerlab topology file, after validation and defaults.
// Format reference: containerlab's topology definition (name, topology.defaults,
// topology.kinds, topology.nodes, topology.links[].endpoints).

/** What runs in a node's namespace. `linux` is a plain host or pod; the rest are routers. */
export type NodeKind = 'linux' | 'frr' | 'bird' | 'gobgp' | 'exabgp' | 'twill' | 'etcd' | 'typha';

export const NODE_KINDS: readonly NodeKind[] = [
  'linux',
  'frr',
  'bird',
  'gobgp',
  'exabgp',
  'twill',
  'etcd',
  'typha',
];

export interface Bind {
  /** Absolute path on this machine (relative paths in the file are resolved against its folder). */
  source: string;
  /** Path inside the container under containerlab. */
  target: string;
  readOnly: boolean;
}

export interface TopologyNode {
  name: string;
  kind: NodeKind;
  /** The kind as written in the file (`linux` for routers run from an image under containerlab). */
  declaredKind: string;
  image?: string;
  /** Absolute path of the router's configuration, from `startup-config` or the matching bind. */
  config?: string;
  exec: string[];
  binds: Bind[];
  env: Record<string, string>;
  labels: Record<string, string>;
  /** Address on the management network (`mgmt-ipv4`, or assigned from `mgmt.ipv4-subnet`). */
  mgmtIpv4?: string;
}

export interface LinkEndpoint {
  node: string;
  iface: string;
}

export interface TopologyLink {
  a: LinkEndpoint;
  b: LinkEndpoint;
}

export interface Topology {
  name: string;
  /** Folder of the topology file; relative paths in it are resolved against this. */
  dir: string;
  nodes: TopologyNode[];
  links: TopologyLink[];
  /**
   * containerlab's management network (`mgmt`): every node gets `eth0` on one bridge. Built only when
   * the file sets `mgmt.ipv4-subnet` (containerlab always builds one; our older topologies do not use it).
   */
  mgmt?: MgmtNetwork;
  /** Things the lab accepted but ignores (containerlab-only settings), for the user to see. */
  warnings: string[];
}

export interface MgmtNetwork {
  /** containerlab's `mgmt.network` (the Docker network's name); shown, not used otherwise. */
  network: string;
  /** `mgmt.ipv4-subnet`, e.g. 172.20.20.0/24; the first host address is the bridge's own. */
  ipv4Subnet: string;
}
