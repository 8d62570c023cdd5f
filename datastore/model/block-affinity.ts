import type { Fields } from './fields.js';
import type { KindDefinition } from './kind.js';
import { compact, TWILL_API_VERSION, type Resource } from './resource.js';

/**
 * Calico's two-phase claim: a node writes `pending`, then creates or updates the block, then sets
 * `confirmed`; a crash between the steps leaves a pending affinity that the next attempt (or GC) resolves,
 * never two owners. `pendingDeletion` marks a release in progress.
 */
export type AffinityState = 'pending' | 'confirmed' | 'pendingDeletion';
export const AFFINITY_STATES: readonly AffinityState[] = ['pending', 'confirmed', 'pendingDeletion'];

export interface BlockAffinitySpec {
  readonly state: AffinityState;
  readonly node: string;
  readonly cidr: string;
  readonly deleted?: boolean;
}

export type BlockAffinity = Resource<'BlockAffinity', BlockAffinitySpec, never>;

function readSpec(spec: Fields): BlockAffinitySpec | undefined {
  const state = spec.oneOf('state', AFFINITY_STATES, { required: true });
  const node = spec.string('node', { required: true });
  const cidr = spec.prefix('cidr', { required: true });
  const deleted = spec.boolean('deleted');
  spec.rejectUnknown();
  if (state === undefined || node === undefined || cidr === undefined) return undefined;
  return compact({ state, node, cidr: cidr.toString(), deleted });
}

export const blockAffinityKind: KindDefinition<BlockAffinity> = {
  kind: 'BlockAffinity',
  apiVersion: TWILL_API_VERSION,
  plural: 'blockaffinities',
  namespaced: false,
  readSpec,
};
