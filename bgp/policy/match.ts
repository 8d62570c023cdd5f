/**
 * Compiles a rule's match (policy-config.ts) into one predicate over a route. Done once per
 * configuration: prefix lists become tries, regular expressions are built once, community lists become
 * sets; conditions that are not given cost nothing per route.
 */
import type { Prefix } from '../../common/index.js';
import type { RouteAttributes } from '../rib/route-attributes.js';
import type { LargeCommunity } from '../wire/attributes/types.js';
import type { Family } from '../wire/family.js';
import { asPathContains, asPathText } from './as-path-text.js';
import type { PeerType, PolicyMatch, SetMatch } from './policy-config.js';
import { PolicyError } from './policy-error.js';
import { PrefixTrie } from './prefix-trie.js';

/** What a policy sees of a route. */
export interface PolicyRoute {
  readonly prefix: Prefix;
  readonly family: Family;
  readonly attributes: RouteAttributes;
  readonly peerType: PeerType;
}

export type RoutePredicate = (route: PolicyRoute) => boolean;

export function compileMatch(match: PolicyMatch | undefined, path: string): RoutePredicate {
  if (match === undefined) return () => true;
  const tests: RoutePredicate[] = [];
  if (match.prefixes !== undefined) {
    const trie = new PrefixTrie(match.prefixes);
    tests.push((r) => trie.matches(r.prefix));
  }
  if (match.notPrefixes !== undefined) {
    const trie = new PrefixTrie(match.notPrefixes);
    tests.push((r) => !trie.matches(r.prefix));
  }
  if (match.family !== undefined) {
    const family = match.family;
    tests.push((r) => r.family === family);
  }
  if (match.asPath?.regexp !== undefined) {
    const regexp = compileRegexp(match.asPath.regexp, `${path}.asPath.regexp`);
    tests.push((r) => regexp.test(asPathText(r.attributes.asPath)));
  }
  if (match.asPath?.contains !== undefined) {
    const asn = match.asPath.contains;
    tests.push((r) => asPathContains(r.attributes.asPath, asn));
  }
  if (match.communities !== undefined) {
    const test = setTest(match.communities, (c: number) => String(c));
    tests.push((r) => test(r.attributes.communities ?? []));
  }
  if (match.largeCommunities !== undefined) {
    const test = setTest(match.largeCommunities, largeKey);
    tests.push((r) => test(r.attributes.largeCommunities ?? []));
  }
  if (match.nextHop !== undefined) {
    const nets = match.nextHop;
    tests.push((r) => {
      const nh = r.attributes.nextHop;
      return nh !== undefined && nets.some((n) => n.contains(nh));
    });
  }
  if (match.peerType !== undefined) {
    const type = match.peerType;
    tests.push((r) => r.peerType === type);
  }
  if (match.origin !== undefined) {
    const origin = match.origin;
    // A route without ORIGIN (only our own can lack it) is IGP on the wire (rib originate's default).
    tests.push((r) => (r.attributes.origin ?? 'igp') === origin);
  }
  if (tests.length === 1) return tests[0] as RoutePredicate;
  return (r) => tests.every((t) => t(r));
}

export function largeKey(c: LargeCommunity): string {
  return `${c.globalAdministrator}:${c.localData1}:${c.localData2}`;
}

function setTest<T>(match: SetMatch<T>, key: (value: T) => string): (values: readonly T[]) => boolean {
  const any = match.any === undefined ? undefined : new Set(match.any.map(key));
  const all = match.all === undefined ? undefined : [...new Set(match.all.map(key))];
  return (values) => {
    if (any === undefined && all === undefined) return true;
    const have = new Set(values.map(key));
    if (any !== undefined && ![...any].some((k) => have.has(k))) return false;
    if (all !== undefined && !all.every((k) => have.has(k))) return false;
    return true;
  };
}

function compileRegexp(source: string, path: string): RegExp {
  try {
    return new RegExp(source);
  } catch (err) {
    throw new PolicyError(
      'INVALID_POLICY',
      `${path}: not a valid regular expression: ${(err as Error).message}`,
    );
  }
}
