/**
 * Import and export policy as the operator writes it (speaker API `PeerConfig.importPolicy` /
 * `exportPolicy`, twill-bgpd YAML). A policy is an ordered list of rules and a default verdict: each rule
 * whose match holds applies its `set` and then either stops with its verdict (`accept` / `reject`) or lets
 * the next rule look (`continue`); the first terminal verdict wins, the default when none is reached.
 */
import type { IpAddress, Prefix } from '../../common/index.js';
import type { Origin } from '../wire/attributes/types.js';
import type { LargeCommunity } from '../wire/attributes/types.js';
import type { Family } from '../wire/family.js';

export type PolicyVerdict = 'accept' | 'reject';
export type RuleAction = PolicyVerdict | 'continue';

/**
 * One prefix-list entry: the route's prefix lies inside `prefix` and its length is within ge..le
 * (defaults: both equal to `prefix`'s length, i.e. an exact match; `le` alone means length..le, `ge`
 * alone means ge..max, as in the usual prefix-list syntax).
 */
export interface PrefixMatch {
  readonly prefix: Prefix;
  readonly ge?: number;
  readonly le?: number;
}

export interface AsPathMatch {
  /** A regular expression over the AS path text "65001 65002 {65003,65004}" (formatAsPath's form). */
  readonly regexp?: string;
  /** The AS appears anywhere in AS_SEQUENCE or AS_SET segments. */
  readonly contains?: number;
}

/** `any`: at least one of these is on the route; `all`: every one is. Both given: both must hold. */
export interface SetMatch<T> {
  readonly any?: readonly T[];
  readonly all?: readonly T[];
}

/** Which peer the route was learned from: 'local' is the speaker's own (originated) routes. */
export type PeerType = 'ibgp' | 'ebgp' | 'local';

/** Every condition given must hold (AND); lists inside one condition are alternatives (OR). */
export interface PolicyMatch {
  readonly prefixes?: readonly PrefixMatch[];
  /** The route's prefix matches none of these entries (a negated prefix list, e.g. Calico's NotIn). */
  readonly notPrefixes?: readonly PrefixMatch[];
  readonly family?: Family;
  readonly asPath?: AsPathMatch;
  /** RFC 1997 communities as 32-bit values. */
  readonly communities?: SetMatch<number>;
  readonly largeCommunities?: SetMatch<LargeCommunity>;
  /** The route's next hop lies in one of these (a host prefix for one address). */
  readonly nextHop?: readonly Prefix[];
  readonly peerType?: PeerType;
  readonly origin?: Origin;
}

/** `replace` first (the list becomes exactly that), then `remove`, then `add`. */
export interface ListEdit<T> {
  readonly add?: readonly T[];
  readonly remove?: readonly T[];
  readonly replace?: readonly T[];
}

export interface PolicySet {
  readonly localPref?: number;
  readonly med?: number;
  readonly communities?: ListEdit<number>;
  readonly largeCommunities?: ListEdit<LargeCommunity>;
  /** Prepend our own AS this many times (on export to eBGP, in addition to the one §5.1.2 adds). */
  readonly prependAsPath?: number;
  /** 'self': our address on the session (export only). */
  readonly nextHop?: 'self' | IpAddress;
}

export interface PolicyRule {
  /** Shown in errors and traces. */
  readonly name?: string;
  readonly match?: PolicyMatch;
  readonly set?: PolicySet;
  /** Default 'continue'. */
  readonly then?: RuleAction;
}

export interface PolicyConfig {
  /** The name it was defined under (twill-bgpd `policies.NAME`), for status and export reasons. */
  readonly name?: string;
  readonly rules: readonly PolicyRule[];
  readonly default: PolicyVerdict;
}

/** A policy that accepts everything unchanged (what an operator writes to opt an eBGP peer in). */
export const ACCEPT_ALL: PolicyConfig = { rules: [], default: 'accept' };
