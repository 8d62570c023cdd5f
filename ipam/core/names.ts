import { createHash } from 'node:crypto';

import type { Prefix } from '../../common/index.js';

/**
 * Resource names for IPAM objects. Names must be DNS subdomains, so CIDRs are spelt with dashes and a
 * family tag (`v4-10-65-0-64-26`, `v6-fd00--40-122`); the tag also keeps `::/122` from starting with
 * a dash. The CIDR itself is always read from the spec, never parsed back out of a name.
 */
export function blockName(cidr: Prefix): string {
  return `v${cidr.family}-${cidr.toString().replace(/[.:/]/g, '-')}`;
}

/** One affinity per (node, block); the block part has no dots, so the name cannot be ambiguous. */
export function affinityName(node: string, cidr: Prefix): string {
  return `${node}.${blockName(cidr)}`;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A handle ID (`k8s-pod-network.<container id>`) is used as the name when it is a valid one; anything
 * else (upper case, underscores, too long) is hashed, and the spec keeps the real ID so a collision is
 * detected rather than silently merged.
 */
export function handleName(handleID: string): string {
  if (handleID.length <= 253 && DNS_SUBDOMAIN.test(handleID)) return handleID;
  return `h.${createHash('sha256').update(handleID).digest('hex')}`;
}

/** The value of IPAMBlock.spec.affinity for a node. */
export function hostAffinity(node: string): string {
  return `host:${node}`;
}

/** The node named by a block's affinity field, if any. */
export function affinityNode(affinity: string | undefined): string | undefined {
  return affinity?.startsWith('host:') === true ? affinity.slice('host:'.length) : undefined;
}
