/**
 * The import hook of a peer's Adj-RIB-In: configured import policy (bgp/policy, wired by the speaker)
 * plugs in here, so the RIB stays free of policy syntax. It runs per route after the loop checks of
 * import-checks.ts, on the attributes as received, and says whether the route is accepted and with
 * which attributes. The Adj-RIB-In keeps the received attributes too (soft reconfiguration inbound), so
 * a changed policy runs again over them without asking the peer to resend.
 */
import type { Prefix } from '../../common/index.js';
import type { Family } from '../wire/family.js';
import type { RibPeer } from './rib-route.js';
import type { RouteAttributes } from './route-attributes.js';

export interface ImportVerdict {
  /** undefined: accepted. */
  readonly rejection: 'import-policy' | 'no-import-policy' | undefined;
  /** The attributes to use; the input object itself when unchanged. */
  readonly attributes: RouteAttributes;
  /**
   * Identifies the outcome for this attribute set (the policy's trace of matched rules): two prefixes of
   * one UPDATE with the same key get the same resulting attributes, interned once.
   */
  readonly key: string;
}

export type ImportFilter = (
  prefix: Prefix,
  family: Family,
  attributes: RouteAttributes,
  peer: RibPeer,
) => ImportVerdict;
