/**
 * Compiles a rule's `set` into one function from attributes to new attributes. Attributes are never
 * changed in place (they are interned and shared): each action returns a new object.
 */
import type { IpAddress } from '../../common/index.js';
import { prependAs } from '../rib/as-path-edit.js';
import type { RouteAttributes } from '../rib/route-attributes.js';
import type { LargeCommunity } from '../wire/attributes/types.js';
import { largeKey } from './match.js';
import type { ListEdit, PolicySet } from './policy-config.js';

type Mutable = { -readonly [K in keyof RouteAttributes]: RouteAttributes[K] };

/** What set actions need besides the route: our AS, and our address on the session for 'self'. */
export interface PolicyEnv {
  readonly localAs: number;
  /** Our next hop for the route's family towards this peer (export only). */
  readonly selfNextHop?: IpAddress;
}

export type SetFunction = (attributes: RouteAttributes, env: PolicyEnv) => RouteAttributes;

export function compileSet(set: PolicySet | undefined): SetFunction | undefined {
  if (set === undefined) return undefined;
  const steps: ((a: Mutable, env: PolicyEnv) => void)[] = [];
  if (set.localPref !== undefined) {
    const value = set.localPref;
    steps.push((a) => (a.localPref = value));
  }
  if (set.med !== undefined) {
    const value = set.med;
    steps.push((a) => (a.multiExitDisc = value));
  }
  if (set.communities !== undefined) {
    const edit = listEdit(set.communities, String);
    steps.push((a) => (a.communities = edit(a.communities ?? [])));
  }
  if (set.largeCommunities !== undefined) {
    const edit = listEdit<LargeCommunity>(set.largeCommunities, largeKey);
    steps.push((a) => (a.largeCommunities = edit(a.largeCommunities ?? [])));
  }
  if (set.prependAsPath !== undefined && set.prependAsPath > 0) {
    const times = set.prependAsPath;
    steps.push((a, env) => {
      let path = a.asPath ?? [];
      for (let i = 0; i < times; i++) path = prependAs(path, env.localAs);
      a.asPath = path;
    });
  }
  if (set.nextHop !== undefined) {
    const nextHop = set.nextHop;
    steps.push((a, env) => {
      const address = nextHop === 'self' ? env.selfNextHop : nextHop;
      if (address === undefined || address.family !== (a.nextHop ?? address).family) return;
      a.nextHop = address;
      // A link-local second next hop belongs with the address it came with (RFC 2545 §3).
      delete a.linkLocalNextHop;
    });
  }
  if (steps.length === 0) return undefined;
  return (attributes, env) => {
    const out: Mutable = { ...attributes };
    for (const step of steps) step(out, env);
    return out;
  };
}

function listEdit<T>(edit: ListEdit<T>, key: (v: T) => string): (list: readonly T[]) => T[] {
  const remove = new Set((edit.remove ?? []).map(key));
  return (list) => {
    let out = edit.replace === undefined ? [...list] : [...edit.replace];
    if (remove.size > 0) out = out.filter((v) => !remove.has(key(v)));
    for (const v of edit.add ?? []) if (!out.some((o) => key(o) === key(v))) out.push(v);
    return out;
  };
}
