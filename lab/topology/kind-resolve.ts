// Which router a node is. Under real containerlab, FRR, BIRD and GoBGP run as `kind: linux`
// with a router image and their config bound in, so the same file must tell us the router
// from its image name (or an explicit `twill-lab.kind` label) as well as from our own kinds.
import type { Bind, NodeKind } from './types.js';
import { NODE_KINDS } from './types.js';

export const KIND_LABEL = 'twill-lab.kind';

/** Image name fragments that identify a router image, checked in this order. */
const IMAGE_HINTS: readonly [RegExp, NodeKind][] = [
  [/frr/i, 'frr'],
  [/bird/i, 'bird'],
  [/exabgp/i, 'exabgp'],
  [/gobgp/i, 'gobgp'],
  [/twill-typha/i, 'typha'],
  [/twill/i, 'twill'],
  [/etcd/i, 'etcd'],
];

export function isNodeKind(s: string): s is NodeKind {
  return (NODE_KINDS as readonly string[]).includes(s);
}

export function kindFromImage(image: string | undefined): NodeKind | undefined {
  if (!image) return undefined;
  for (const [re, kind] of IMAGE_HINTS) if (re.test(image)) return kind;
  return undefined;
}

/** Where each router image reads its configuration; a bind to one of these paths is the config. */
const CONFIG_TARGETS: Record<NodeKind, RegExp | undefined> = {
  linux: undefined,
  frr: /^\/etc\/frr\/frr\.conf$/,
  bird: /^\/etc\/bird\/bird\.conf$|^\/etc\/bird\.conf$/,
  gobgp: /\/gobgpd?\.(toml|ya?ml|json)$/,
  exabgp: /\/exabgp\.conf$|^\/etc\/exabgp\/.*\.conf$/,
  twill: /^\/etc\/twill\/.*\.ya?ml$/,
  etcd: undefined,
  typha: undefined,
};

export function configFromBinds(kind: NodeKind, binds: readonly Bind[]): string | undefined {
  const re = CONFIG_TARGETS[kind];
  if (!re) return undefined;
  return binds.find((b) => re.test(b.target))?.source;
}
