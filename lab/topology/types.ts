// The lab's view of a containerlab topology file, after validation and defaults.
// Format reference: containerlab's topology definition (name, topology.defaults,
// topology.kinds, topology.nodes, topology.links[].endpoints).

/** What runs in a node's namespace. `linux` is a plain host or pod; the rest are routers. */
export type NodeKind = 'linux' | 'frr' | 'bird' | 'gobgp' | 'exabgp' | 'twill';

export const NODE_KINDS: readonly NodeKind[] = ['linux', 'frr', 'bird', 'gobgp', 'exabgp', 'twill'];

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
  /** Things the lab accepted but ignores (containerlab-only settings), for the user to see. */
  warnings: string[];
}
