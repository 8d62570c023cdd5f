/** Static prefixes twill-bgpd originates, with their attributes (validated with field paths). */
import type { Prefix } from '../../common/index.js';
import type { RouteAttributes } from '../../bgp/speaker/index.js';
import type { Fields } from './fields.js';

export interface OriginateConfig {
  readonly prefix: Prefix;
  readonly attributes: RouteAttributes;
}

const KNOWN = ['prefix', 'nextHop', 'med', 'localPref', 'communities', 'largeCommunities', 'origin'] as const;
const U16 = 0xffff;
const U32 = 0xffff_ffff;

export function readOriginate(f: Fields, value: unknown, path: string): OriginateConfig | undefined {
  const o = f.object(value, path);
  if (o === undefined) return undefined;
  f.onlyKnown(o, path, KNOWN);
  const prefix = f.prefix(o.prefix, `${path}.prefix`);
  const attributes: { -readonly [K in keyof RouteAttributes]: RouteAttributes[K] } = {};
  const nextHop = f.optional(o.nextHop, (v) => f.address(v, `${path}.nextHop`));
  if (nextHop !== undefined) attributes.nextHop = nextHop;
  const med = f.optional(o.med, (v) => f.integer(v, `${path}.med`, 0, U32));
  if (med !== undefined) attributes.multiExitDisc = med;
  const localPref = f.optional(o.localPref, (v) => f.integer(v, `${path}.localPref`, 0, U32));
  if (localPref !== undefined) attributes.localPref = localPref;
  const origin = f.optional(o.origin, (v) =>
    f.oneOf(v, `${path}.origin`, ['igp', 'egp', 'incomplete'] as const),
  );
  if (origin !== undefined) attributes.origin = origin;
  if (o.communities !== undefined) {
    attributes.communities = (f.list(o.communities, `${path}.communities`) ?? []).flatMap((c, i) => {
      const parts = numbers(c, 2, [U16, U16]);
      if (parts === undefined)
        return (
          f.problem(
            `${path}.communities[${i}]`,
            `must be "AS:value" (0..65535 each), got ${JSON.stringify(c)}`,
          ) ?? []
        );
      return [(parts[0] as number) * 0x10000 + (parts[1] as number)];
    });
  }
  if (o.largeCommunities !== undefined) {
    attributes.largeCommunities = (f.list(o.largeCommunities, `${path}.largeCommunities`) ?? []).flatMap(
      (c, i) => {
        const parts = numbers(c, 3, [U32, U32, U32]);
        if (parts === undefined)
          return (
            f.problem(
              `${path}.largeCommunities[${i}]`,
              `must be "global:local1:local2" (32-bit each), got ${JSON.stringify(c)}`,
            ) ?? []
          );
        const [globalAdministrator, localData1, localData2] = parts as [number, number, number];
        return [{ globalAdministrator, localData1, localData2 }];
      },
    );
  }
  return prefix === undefined ? undefined : { prefix, attributes };
}

function numbers(value: unknown, count: number, max: readonly number[]): number[] | undefined {
  if (typeof value !== 'string') return undefined;
  const parts = value.split(':');
  if (parts.length !== count || parts.some((p) => !/^\d+$/.test(p))) return undefined;
  const out = parts.map(Number);
  return out.every((n, i) => n <= (max[i] as number)) ? out : undefined;
}
