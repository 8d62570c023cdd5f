/**
 * Import/export policies in twill-bgpd's YAML, validated with field paths. A peer's `importPolicy` /
 * `exportPolicy` is either the name of an entry under the top-level `policies`, or a policy inline:
 *
 * ```yaml
 * policies:
 *   from-tor:
 *     default: reject
 *     rules:
 *       - name: pod-blocks
 *         match:
 *           prefixes: [{ prefix: 10.244.0.0/16, ge: 24, le: 26 }, 10.96.0.0/12]  # a string: exact
 *           family: ipv4-unicast
 *           peerType: ebgp            # ibgp | ebgp | local (the peer the route came from)
 *           asPath: { regexp: '^65100( |$)', contains: 65100 }
 *           communities: { any: ['65000:1'], all: ['65000:2', no-export] }
 *           largeCommunities: { any: ['65000:1:2'] }
 *           nextHop: [10.0.0.0/8, 192.0.2.1]
 *           origin: igp
 *         set:
 *           localPref: 200
 *           med: 10
 *           communities: { add: ['65000:9'], remove: ['65000:1'], replace: [] }
 *           largeCommunities: { add: ['65000:1:9'] }
 *           prependAsPath: 2
 *           nextHop: self              # or an address (self: export only)
 *         then: accept                 # accept | reject | continue (default)
 * ```
 */
import { IPv4Address, Prefix, type IpAddress } from '../../common/index.js';
import {
  CompiledPolicy,
  PolicyError,
  type ListEdit,
  type PolicyConfig,
  type PolicyMatch,
  type PolicyRule,
  type PolicySet,
  type PrefixMatch,
  type SetMatch,
} from '../../bgp/policy/index.js';
import { FAMILIES, type Family } from '../../bgp/wire/index.js';
import type { Fields } from './fields.js';

type LargeCommunity = { globalAdministrator: number; localData1: number; localData2: number };
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const U16 = 0xffff;
const U32 = 0xffff_ffff;
/** RFC 1997, RFC 8326 well-known communities by name. */
const WELL_KNOWN: Readonly<Record<string, number>> = {
  'graceful-shutdown': 0xffff0000,
  'no-export': 0xffffff01,
  'no-advertise': 0xffffff02,
  'no-export-subconfed': 0xffffff03,
};

/** The named policies under `policies`. */
export function readPolicies(f: Fields, value: unknown): Map<string, PolicyConfig> {
  const out = new Map<string, PolicyConfig>();
  if (value === undefined) return out;
  const o = f.object(value, 'policies') ?? {};
  for (const [name, body] of Object.entries(o)) {
    const policy = readPolicy(f, body, `policies.${name}`, 'export');
    if (policy !== undefined) out.set(name, policy);
  }
  return out;
}

/** A peer's importPolicy / exportPolicy: a name from `policies` or an inline policy. */
export function readPolicyRef(
  f: Fields,
  value: unknown,
  path: string,
  named: ReadonlyMap<string, PolicyConfig>,
  direction: 'import' | 'export',
): PolicyConfig | undefined {
  if (typeof value === 'string') {
    const policy = named.get(value);
    if (policy === undefined)
      return f.problem(
        path,
        `no policy named ${JSON.stringify(value)} under policies (known: ${[...named.keys()].join(', ') || 'none'})`,
      );
    const checked = check(f, policy, path, direction);
    return checked === undefined ? undefined : { ...checked, name: value };
  }
  return readPolicy(f, value, path, direction);
}

function readPolicy(
  f: Fields,
  value: unknown,
  path: string,
  direction: 'import' | 'export',
): PolicyConfig | undefined {
  const o = f.object(value, path);
  if (o === undefined) return undefined;
  f.onlyKnown(o, path, ['default', 'rules']);
  const verdict = f.oneOf(o.default, `${path}.default`, ['accept', 'reject'] as const);
  const rules = (f.list(o.rules, `${path}.rules`) ?? []).flatMap(
    (r, i) => readRule(f, r, `${path}.rules[${i}]`) ?? [],
  );
  if (verdict === undefined) return undefined;
  return check(f, { rules, default: verdict }, path, direction);
}

/** Compiling catches what the shapes cannot (bad regexp, a rule that does nothing, nextHop self on import). */
function check(
  f: Fields,
  policy: PolicyConfig,
  path: string,
  direction: 'import' | 'export',
): PolicyConfig | undefined {
  try {
    CompiledPolicy.compile(policy, direction, path);
    return policy;
  } catch (err) {
    if (err instanceof PolicyError) {
      f.problems.push(err.message);
      return undefined;
    }
    throw err;
  }
}

function readRule(f: Fields, value: unknown, path: string): PolicyRule | undefined {
  const o = f.object(value, path);
  if (o === undefined) return undefined;
  f.onlyKnown(o, path, ['name', 'match', 'set', 'then']);
  const rule: Mutable<PolicyRule> = {};
  const name = f.optional(o.name, (v) => f.string(v, `${path}.name`));
  if (name !== undefined) rule.name = name;
  if (o.match !== undefined) rule.match = readMatch(f, o.match, `${path}.match`);
  if (o.set !== undefined) rule.set = readSet(f, o.set, `${path}.set`);
  const then = f.optional(o.then, (v) =>
    f.oneOf(v, `${path}.then`, ['accept', 'reject', 'continue'] as const),
  );
  if (then !== undefined) rule.then = then;
  return rule;
}

function readMatch(f: Fields, value: unknown, path: string): PolicyMatch {
  const o = f.object(value, path) ?? {};
  f.onlyKnown(o, path, [
    'prefixes',
    'family',
    'asPath',
    'communities',
    'largeCommunities',
    'nextHop',
    'peerType',
    'origin',
  ]);
  const m: Mutable<PolicyMatch> = {};
  if (o.prefixes !== undefined)
    m.prefixes = (f.list(o.prefixes, `${path}.prefixes`) ?? []).flatMap(
      (p, i) => readPrefixMatch(f, p, `${path}.prefixes[${i}]`) ?? [],
    );
  const family = f.optional(o.family, (v) => f.oneOf<Family>(v, `${path}.family`, FAMILIES));
  if (family !== undefined) m.family = family;
  if (o.asPath !== undefined) {
    const a = f.object(o.asPath, `${path}.asPath`) ?? {};
    f.onlyKnown(a, `${path}.asPath`, ['regexp', 'contains']);
    const regexp = f.optional(a.regexp, (v) => f.string(v, `${path}.asPath.regexp`));
    const contains = f.optional(a.contains, (v) => f.integer(v, `${path}.asPath.contains`, 0, U32));
    m.asPath = {
      ...(regexp === undefined ? {} : { regexp }),
      ...(contains === undefined ? {} : { contains }),
    };
  }
  if (o.communities !== undefined)
    m.communities = readSetMatch(f, o.communities, `${path}.communities`, community);
  if (o.largeCommunities !== undefined)
    m.largeCommunities = readSetMatch(f, o.largeCommunities, `${path}.largeCommunities`, largeCommunity);
  if (o.nextHop !== undefined)
    m.nextHop = (f.list(o.nextHop, `${path}.nextHop`) ?? []).flatMap((v, i) => {
      const at = `${path}.nextHop[${i}]`;
      if (typeof v === 'string' && !v.includes('/')) {
        const a = f.address(v, at);
        return a === undefined ? [] : [Prefix.host(a)];
      }
      return f.prefix(v, at) ?? [];
    });
  const peerType = f.optional(o.peerType, (v) =>
    f.oneOf(v, `${path}.peerType`, ['ibgp', 'ebgp', 'local'] as const),
  );
  if (peerType !== undefined) m.peerType = peerType;
  const origin = f.optional(o.origin, (v) =>
    f.oneOf(v, `${path}.origin`, ['igp', 'egp', 'incomplete'] as const),
  );
  if (origin !== undefined) m.origin = origin;
  return m;
}

function readPrefixMatch(f: Fields, value: unknown, path: string): PrefixMatch | undefined {
  if (typeof value === 'string') {
    const prefix = f.prefix(value, path);
    return prefix === undefined ? undefined : { prefix };
  }
  const o = f.object(value, path);
  if (o === undefined) return undefined;
  f.onlyKnown(o, path, ['prefix', 'ge', 'le']);
  const prefix = f.prefix(o.prefix, `${path}.prefix`);
  if (prefix === undefined) return undefined;
  const max = prefix.family === 4 ? 32 : 128;
  const ge = f.optional(o.ge, (v) => f.integer(v, `${path}.ge`, prefix.length, max));
  const le = f.optional(o.le, (v) => f.integer(v, `${path}.le`, prefix.length, max));
  if (ge !== undefined && le !== undefined && ge > le) f.problem(path, `ge ${ge} is greater than le ${le}`);
  return { prefix, ...(ge === undefined ? {} : { ge }), ...(le === undefined ? {} : { le }) };
}

function readSet(f: Fields, value: unknown, path: string): PolicySet {
  const o = f.object(value, path) ?? {};
  f.onlyKnown(o, path, ['localPref', 'med', 'communities', 'largeCommunities', 'prependAsPath', 'nextHop']);
  const s: Mutable<PolicySet> = {};
  const localPref = f.optional(o.localPref, (v) => f.integer(v, `${path}.localPref`, 0, U32));
  if (localPref !== undefined) s.localPref = localPref;
  const med = f.optional(o.med, (v) => f.integer(v, `${path}.med`, 0, U32));
  if (med !== undefined) s.med = med;
  if (o.communities !== undefined)
    s.communities = readEdit(f, o.communities, `${path}.communities`, community);
  if (o.largeCommunities !== undefined)
    s.largeCommunities = readEdit(f, o.largeCommunities, `${path}.largeCommunities`, largeCommunity);
  const prepend = f.optional(o.prependAsPath, (v) => f.integer(v, `${path}.prependAsPath`, 1, 32));
  if (prepend !== undefined) s.prependAsPath = prepend;
  if (o.nextHop !== undefined) {
    const nextHop: 'self' | IpAddress | undefined =
      o.nextHop === 'self' ? 'self' : f.address(o.nextHop, `${path}.nextHop`);
    if (nextHop !== undefined) s.nextHop = nextHop;
  }
  return s;
}

function readSetMatch<T>(f: Fields, value: unknown, path: string, read: Reader<T>): SetMatch<T> {
  const o = f.object(value, path) ?? {};
  f.onlyKnown(o, path, ['any', 'all']);
  const list = (key: 'any' | 'all') =>
    (f.list(o[key], `${path}.${key}`) ?? []).flatMap((v, i) => read(f, v, `${path}.${key}[${i}]`) ?? []);
  return {
    ...(o.any === undefined ? {} : { any: list('any') }),
    ...(o.all === undefined ? {} : { all: list('all') }),
  };
}

function readEdit<T>(f: Fields, value: unknown, path: string, read: Reader<T>): ListEdit<T> {
  const o = f.object(value, path) ?? {};
  f.onlyKnown(o, path, ['add', 'remove', 'replace']);
  const list = (key: 'add' | 'remove' | 'replace') =>
    (f.list(o[key], `${path}.${key}`) ?? []).flatMap((v, i) => read(f, v, `${path}.${key}[${i}]`) ?? []);
  return {
    ...(o.add === undefined ? {} : { add: list('add') }),
    ...(o.remove === undefined ? {} : { remove: list('remove') }),
    ...(o.replace === undefined ? {} : { replace: list('replace') }),
  };
}

type Reader<T> = (f: Fields, value: unknown, path: string) => T | undefined;

/** "AS:value" (16 bits each) or a well-known name. */
export function community(f: Fields, value: unknown, path: string): number | undefined {
  if (typeof value === 'string' && WELL_KNOWN[value] !== undefined) return WELL_KNOWN[value];
  const parts = numbers(value, [U16, U16]);
  if (parts === undefined)
    return f.problem(
      path,
      `must be "AS:value" (0..65535 each) or one of ${Object.keys(WELL_KNOWN).join(', ')}, got ${JSON.stringify(value)}`,
    );
  return (parts[0] as number) * 0x10000 + (parts[1] as number);
}

/** "global:local1:local2" (32 bits each, RFC 8092). */
export function largeCommunity(f: Fields, value: unknown, path: string): LargeCommunity | undefined {
  const parts = numbers(value, [U32, U32, U32]);
  if (parts === undefined)
    return f.problem(path, `must be "global:local1:local2" (32-bit each), got ${JSON.stringify(value)}`);
  const [globalAdministrator, localData1, localData2] = parts as [number, number, number];
  return { globalAdministrator, localData1, localData2 };
}

function numbers(value: unknown, max: readonly number[]): number[] | undefined {
  if (typeof value !== 'string') return undefined;
  const parts = value.split(':');
  if (parts.length !== max.length || parts.some((p) => !/^\d+$/.test(p))) return undefined;
  const out = parts.map(Number);
  return out.every((n, i) => n <= (max[i] as number)) ? out : undefined;
}

/** A CLUSTER_ID: an IPv4 address (RFC 4456 §7: 4 octets). */
export function readClusterId(f: Fields, value: unknown, path: string): IPv4Address | undefined {
  const a = f.address(value, path);
  if (a !== undefined && !(a instanceof IPv4Address))
    return f.problem(path, 'must be an IPv4 address (RFC 4456: a 4-octet CLUSTER_ID)');
  return a;
}
