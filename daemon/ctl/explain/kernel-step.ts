/**
 * `twillctl explain route`, kernel step: the routes of this host for the prefix in every table
 * (`ip -j -d route show table all`), each with its protocol, device and gateway, and whether it is
 * Twill's (rtm_protocol RTPROT_TWILL = 84, or listed by twill-node's `node.kernel-routes`).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { tryParsePrefix, type Prefix } from '../../../common/index.js';
import type { NodeKernelRoutesResult } from '../../bgpd/control-protocol.js';
import type { ExplainStep } from './explain-step.js';

const run = promisify(execFile);
/** routing/routetable RTPROT_TWILL; iproute2 prints it as "84" (it has no name in rt_protos). */
export const TWILL_PROTOCOL = '84';

export interface IpRouteJson {
  readonly type?: string;
  readonly dst: string;
  readonly gateway?: string;
  readonly dev?: string;
  readonly table?: string;
  readonly protocol?: string;
  readonly metric?: number;
  readonly nexthops?: readonly { readonly gateway?: string; readonly dev?: string }[];
}

/** Every route of one family in every table, as iproute2 reports it. */
export async function kernelRoutes(family: 4 | 6, netns?: string): Promise<IpRouteJson[]> {
  const ns = netns === undefined ? [] : ['-n', netns];
  const { stdout } = await run('ip', [...ns, `-${family}`, '-j', '-d', 'route', 'show', 'table', 'all'], {
    maxBuffer: 1 << 26,
  });
  return JSON.parse(stdout === '' ? '[]' : stdout) as IpRouteJson[];
}

function dstPrefix(r: IpRouteJson, family: 4 | 6): Prefix | undefined {
  if (r.dst === 'default') return tryParsePrefix(family === 4 ? '0.0.0.0/0' : '::/0');
  return tryParsePrefix(r.dst.includes('/') ? r.dst : `${r.dst}/${family === 4 ? 32 : 128}`);
}

export function describeRoute(r: IpRouteJson): string {
  const hops =
    r.nexthops?.map((h) => `via ${h.gateway ?? '-'} dev ${h.dev ?? '-'}`).join(', ') ??
    [r.gateway === undefined ? '' : `via ${r.gateway}`, r.dev === undefined ? '' : `dev ${r.dev}`]
      .filter((s) => s !== '')
      .join(' ');
  const proto = r.protocol === TWILL_PROTOCOL ? '84 (twill)' : (r.protocol ?? '?');
  return `${r.type ?? 'unicast'} ${r.dst} ${hops}${hops === '' ? '' : ' '}table ${r.table ?? 'main'} proto ${proto}`.replace(
    /\s+/g,
    ' ',
  );
}

export function kernelStep(
  routes: readonly IpRouteJson[],
  prefix: Prefix,
  owned: NodeKernelRoutesResult | undefined,
): ExplainStep {
  const family = prefix.family;
  const forwarding = routes.filter(
    (r) => !['local', 'broadcast', 'anycast', 'multicast'].includes(r.type ?? 'unicast'),
  );
  const exact = forwarding.filter((r) => dstPrefix(r, family)?.equals(prefix) === true);
  const lines: string[] = [];
  const ours = (r: IpRouteJson) => r.protocol === TWILL_PROTOCOL;
  for (const r of exact)
    lines.push(`${describeRoute(r)}${ours(r) ? ' — ours' : ' — NOT ours (another protocol)'}`);
  const wanted = owned?.desired.find((d) => tryParsePrefix(d.dst)?.equals(prefix) === true);
  if (wanted !== undefined)
    lines.push(
      `twill-node's reconciler wants ${wanted.type} ${wanted.dst}${wanted.gateway === undefined ? '' : ` via ${wanted.gateway}`} in table ${wanted.table}`,
    );
  if (exact.some(ours)) {
    const r = exact.find(ours) as IpRouteJson;
    return { step: 'kernel', status: 'present', summary: `in the kernel: ${describeRoute(r)}`, lines };
  }
  if (exact.length > 0)
    return {
      step: 'kernel',
      status: 'missing',
      summary: `present but not ours: ${describeRoute(exact[0] as IpRouteJson)}`,
      lines,
    };
  // Absent: say what the kernel would use instead (the longest covering route).
  let cover: { r: IpRouteJson; length: number } | undefined;
  for (const r of forwarding) {
    const p = dstPrefix(r, family);
    if (p !== undefined && p.containsPrefix(prefix) && (cover === undefined || p.length > cover.length))
      cover = { r, length: p.length };
  }
  lines.push(`no route for ${prefix.toString()} itself in any table`);
  if (cover !== undefined) lines.push(`the kernel would use ${describeRoute(cover.r)}`);
  if (cover !== undefined && ours(cover.r) && cover.length > 0)
    return {
      step: 'kernel',
      status: 'present',
      summary: `in the kernel within ${describeRoute(cover.r)}`,
      lines,
    };
  return {
    step: 'kernel',
    status: 'missing',
    summary:
      wanted !== undefined
        ? `absent from the kernel although twill-node's reconciler wants it in table ${wanted.table} (see its apply errors: twillctl node status)`
        : `absent from the kernel${cover === undefined ? '' : ` (covered by ${cover.r.dst})`}`,
    lines,
  };
}
