// One prefix's BGP paths as a router itself reports them (BIRD `show route P all`, FRR
// `show bgp ... json`, GoBGP `gobgp global rib -j`), in one shape so a test can compare what each
// router received against what Twill sent. Communities are spelled "AS:value", large ones "G:L1:L2".
import { assertNever } from '../../../common/errors.js';
import type { Lab } from '../../../lab/lab.js';
import { birdc } from '../../../lab/routers/birdc.js';
import { gobgpJson } from '../../../lab/routers/gobgp.js';
import { vtyshJson } from '../../../lab/routers/vtysh.js';

export interface RouterPath {
  /** Who the router got it from: BIRD's protocol name, FRR's and GoBGP's neighbor address. */
  readonly from: string;
  readonly best: boolean;
  readonly asPath: string;
  readonly nextHop: string;
  readonly med?: number;
  readonly localPref?: number;
  readonly communities: readonly string[];
  readonly largeCommunities: readonly string[];
}

export type RouterKind = 'bird' | 'frr' | 'gobgp';

export function routerPaths(lab: Lab, node: RouterKind, prefix: string): Promise<RouterPath[]> {
  switch (node) {
    case 'bird':
      return birdPaths(lab, node, prefix);
    case 'frr':
      return frrPaths(lab, node, prefix);
    case 'gobgp':
      return gobgpPaths(lab, node, prefix);
    default:
      return assertNever(node);
  }
}

async function birdPaths(lab: Lab, node: string, prefix: string): Promise<RouterPath[]> {
  return parseBirdRouteAll(await birdc(lab.nodeContext(node), `show route ${prefix} all`));
}

/** Each path starts with "[proto time ...]" (after the prefix on the first one); "*" marks the best. */
export function parseBirdRouteAll(text: string): RouterPath[] {
  const out: RouterPath[] = [];
  let cur: { from: string; best: boolean; attrs: Map<string, string> } | undefined;
  const flush = () => {
    if (cur === undefined) return;
    const a = cur.attrs;
    const num = (k: string) => (a.has(k) ? Number(a.get(k)) : undefined);
    const med = num('BGP.med');
    const localPref = num('BGP.local_pref');
    out.push({
      from: cur.from,
      best: cur.best,
      asPath: a.get('BGP.as_path') ?? '',
      nextHop: (a.get('BGP.next_hop') ?? '').split(' ')[0] as string,
      ...(med === undefined ? {} : { med }),
      ...(localPref === undefined ? {} : { localPref }),
      communities: [...(a.get('BGP.community') ?? '').matchAll(/\((\d+),(\d+)\)/g)].map(
        (m) => `${m[1]}:${m[2]}`,
      ),
      largeCommunities: [...(a.get('BGP.large_community') ?? '').matchAll(/\((\d+), (\d+), (\d+)\)/g)].map(
        (m) => `${m[1]}:${m[2]}:${m[3]}`,
      ),
    });
  };
  for (const line of text.split('\n')) {
    const head = /unicast \[(\S+) [^\]]*\]( \*)?/.exec(line);
    if (head) {
      flush();
      cur = { from: head[1] as string, best: head[2] !== undefined, attrs: new Map() };
      continue;
    }
    const attr = /^\s+(BGP\.\w+):\s?(.*)$/.exec(line);
    if (attr && cur) cur.attrs.set(attr[1] as string, (attr[2] as string).trim());
  }
  flush();
  return out;
}

interface FrrPath {
  aspath?: { string?: string };
  metric?: number;
  locPrf?: number;
  community?: { string?: string };
  largeCommunity?: { string?: string };
  nexthops?: { ip?: string }[];
  bestpath?: { overall?: boolean };
  peer?: { peerId?: string };
}

async function frrPaths(lab: Lab, node: string, prefix: string): Promise<RouterPath[]> {
  const afi = prefix.includes(':') ? 'ipv6' : 'ipv4';
  const r = await vtyshJson<{ paths?: FrrPath[] }>(
    lab.nodeContext(node),
    `show bgp ${afi} unicast ${prefix} json`,
  );
  const words = (s: string | undefined) => (s === undefined || s === '' ? [] : s.split(' '));
  return (r.paths ?? []).map((p) => ({
    from: p.peer?.peerId ?? '',
    best: p.bestpath?.overall === true,
    // FRR spells an empty AS_PATH (a route from inside the AS) "Local".
    asPath: p.aspath?.string === 'Local' ? '' : (p.aspath?.string ?? ''),
    nextHop: p.nexthops?.[0]?.ip ?? '',
    ...(p.metric === undefined ? {} : { med: p.metric }),
    ...(p.locPrf === undefined ? {} : { localPref: p.locPrf }),
    communities: words(p.community?.string),
    largeCommunities: words(p.largeCommunity?.string),
  }));
}

/** GoBGP's attributes by type code (RFC 4271 §5, RFC 1997, RFC 8092, RFC 4760). */
interface GobgpAttr {
  type: number;
  value?: number | { ASN: number; LocalData1: number; LocalData2: number }[];
  as_paths?: { asns?: number[] }[];
  nexthop?: string;
  metric?: number;
  communities?: number[];
}
interface GobgpPath {
  best?: boolean;
  attrs?: GobgpAttr[];
  'neighbor-ip'?: string;
}

async function gobgpPaths(lab: Lab, node: string, prefix: string): Promise<RouterPath[]> {
  const afi = prefix.includes(':') ? 'ipv6' : 'ipv4';
  const rib = await gobgpJson<Record<string, GobgpPath[]> | null>(lab.nodeContext(node), [
    'global',
    'rib',
    '-a',
    afi,
    prefix,
  ]);
  return (rib?.[prefix] ?? []).map((p) => {
    const attr = (type: number) => p.attrs?.find((a) => a.type === type);
    const med = attr(4)?.metric;
    const localPref = attr(5)?.value;
    const large = attr(32)?.value;
    return {
      from: p['neighbor-ip'] ?? '',
      best: p.best === true,
      asPath: (attr(2)?.as_paths ?? []).flatMap((s) => s.asns ?? []).join(' '),
      nextHop: attr(14)?.nexthop ?? attr(3)?.nexthop ?? '',
      ...(med === undefined ? {} : { med }),
      ...(typeof localPref === 'number' ? { localPref } : {}),
      communities: (attr(8)?.communities ?? []).map((c) => `${Math.floor(c / 0x10000)}:${c % 0x10000}`),
      largeCommunities: Array.isArray(large)
        ? large.map((l) => `${l.ASN}:${l.LocalData1}:${l.LocalData2}`)
        : [],
    };
  });
}
