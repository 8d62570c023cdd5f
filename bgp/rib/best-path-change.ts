/**
 * Best-path change events of the Loc-RIB, for the Adj-RIBs-Out and for the consumer that programs the
 * kernel (through the daemon's adapter). `multipath` is the ECMP set (best first, see
 * multipathCandidates()); a change of the multipath set alone is a 'changed' event too.
 */
import type { Prefix } from '../../common/index.js';
import type { Family } from '../wire/family.js';
import type { RibRoute } from './rib-route.js';

export type BestPathChange =
  | {
      readonly kind: 'added';
      readonly family: Family;
      readonly prefix: Prefix;
      readonly best: RibRoute;
      readonly multipath: readonly RibRoute[];
    }
  | {
      readonly kind: 'changed';
      readonly family: Family;
      readonly prefix: Prefix;
      readonly best: RibRoute;
      readonly multipath: readonly RibRoute[];
      readonly previous: RibRoute;
    }
  | {
      readonly kind: 'removed';
      readonly family: Family;
      readonly prefix: Prefix;
      readonly previous: RibRoute;
    };

/** Subscribers get every commit's changes as one batch, ordered by family then prefix. */
export type BestPathListener = (changes: readonly BestPathChange[]) => void;

export function familyOfPrefix(prefix: Prefix): Family {
  return prefix.family === 4 ? 'ipv4-unicast' : 'ipv6-unicast';
}
