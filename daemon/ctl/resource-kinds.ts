/**
 * Kind names as an operator types them: case-insensitive, singular or plural, or a short name, as
 * kubectl and calicoctl accept them (`ippool`, `IPPools`, `ipp`, `bgppeer`, `wep`). Derived from the
 * registry (datastore KINDS), so a kind added there is reachable here without an edit; only the short
 * names are listed by hand.
 */
import { KINDS, RESOURCE_KINDS, type ResourceKind } from '../../datastore/index.js';
import { CtlError } from './control-client.js';

/** calicoctl's and kubectl's short names where they exist. */
const SHORT_NAMES: Readonly<Record<string, readonly string[]>> = {
  IPPool: ['ipp', 'pool', 'pools'],
  BGPConfiguration: ['bgpconfig', 'bgpconfigs'],
  BGPPeer: ['bgpp'],
  BGPFilter: ['bgpf'],
  Node: ['no'],
  IPAMBlock: ['block', 'blocks'],
  BlockAffinity: ['affinity', 'affinities'],
  IPAMHandle: ['handle', 'handles'],
  IPAMConfiguration: ['ipamconfig'],
  WorkloadEndpoint: ['wep', 'weps'],
  NetworkPolicy: ['netpol', 'policy', 'policies'],
  Namespace: ['ns'],
};

function namesOf(kind: ResourceKind): string[] {
  const definition = KINDS[kind];
  return [kind.toLowerCase(), definition.plural.toLowerCase(), ...(SHORT_NAMES[kind] ?? [])];
}

const BY_NAME = new Map<string, ResourceKind>(
  RESOURCE_KINDS.flatMap((kind) => namesOf(kind).map((name) => [name, kind] as const)),
);

export function resolveKind(text: string): ResourceKind {
  const kind = BY_NAME.get(text.toLowerCase());
  if (kind === undefined) {
    throw new CtlError(
      'USAGE',
      `unknown kind ${JSON.stringify(text)}: expected one of ${RESOURCE_KINDS.join(', ')} (any case, plural or short name)`,
    );
  }
  return kind;
}

/** Every accepted spelling, per kind, for the help text. */
export function kindSpellings(): string {
  return RESOURCE_KINDS.map((kind) => `  ${kind}: ${namesOf(kind).join(', ')}`).join('\n');
}
