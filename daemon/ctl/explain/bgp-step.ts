/**
 * `twillctl explain route`, BGP step (control socket): the best path for the prefix (or the longest
 * best prefix containing it), from which peer, the other candidates and the RFC 4271 §9.1.2.2 step they
 * lost at, and paths import refused (`bgp.paths`).
 */
import { tryParsePrefix, type Prefix } from '../../../common/index.js';
import type { PathJson, RouteJson } from '../../../bgp/speaker/index.js';
import { request } from '../control-client.js';
import type { ExplainStep } from './explain-step.js';

const REJECTION_WORDS: Readonly<Record<string, string>> = {
  'as-path-loop': 'our AS is in its AS path (RFC 4271 §9.1.2)',
  'originator-id-loop': 'ORIGINATOR_ID is our router ID (RFC 4456 §8)',
  'cluster-list-loop': 'our CLUSTER_ID is in its CLUSTER_LIST (RFC 4456 §8)',
  'import-policy': 'rejected by the import policy',
  'no-import-policy': 'no import policy for this eBGP peer (RFC 8212)',
};

function describe(p: PathJson | RouteJson): string {
  return `from ${p.peer === 'local' ? 'this speaker (originated)' : p.peer}, next hop ${p.nextHop ?? '-'}, AS path ${p.asPath === '' ? '(empty)' : p.asPath}${p.localPref === undefined ? '' : `, local pref ${p.localPref}`}${p.med === undefined ? '' : `, MED ${p.med}`}`;
}

export async function bgpStep(socket: string, prefix: Prefix): Promise<ExplainStep> {
  const afi = prefix.family === 4 ? 'ipv4' : 'ipv6';
  const best = (await request(socket, 'bgp.routes', { view: 'best', afi })) as RouteJson[];
  // The prefix itself, else the longest best route that contains it (an address inside a block).
  let match: RouteJson | undefined;
  let matchLength = -1;
  for (const r of best) {
    const p = tryParsePrefix(r.prefix);
    if (p !== undefined && p.containsPrefix(prefix) && p.length > matchLength) {
      match = r;
      matchLength = p.length;
    }
  }
  const target = match?.prefix ?? prefix.toString();
  const paths = await request(socket, 'bgp.paths', { prefix: target }).then(
    (r) => r as PathJson[],
    () => undefined, // a daemon without bgp.paths: the best view alone
  );
  const lines: string[] = [];
  if (match !== undefined && match.prefix !== prefix.toString())
    lines.push(`no route for ${prefix.toString()} itself; the longest covering one is ${match.prefix}`);
  if (match !== undefined) lines.push(`best path for ${match.prefix}: ${describe(match)}`);
  for (const p of paths ?? []) {
    if (p.best) continue;
    if (p.rejected !== undefined)
      lines.push(`refused at import: ${describe(p)}: ${REJECTION_WORDS[p.rejected] ?? p.rejected}`);
    else
      lines.push(
        `candidate ${describe(p)}: ${p.multipath ? 'in the ECMP set with the best; ' : ''}lost: ${p.why ?? p.lostAt ?? 'no best path'}`,
      );
  }
  if (match === undefined) {
    const refused = (paths ?? []).filter((p) => p.rejected !== undefined);
    lines.unshift(`no best path for ${prefix.toString()} in the Loc-RIB`);
    return {
      step: 'bgp',
      status: 'missing',
      summary:
        refused.length > 0
          ? `not in the Loc-RIB: every path refused at import (${refused.map((p) => `${p.peer}: ${REJECTION_WORDS[p.rejected as string] ?? p.rejected}`).join('; ')})`
          : 'not in the BGP Loc-RIB (no peer sent it and it is not originated)',
      lines,
    };
  }
  return {
    step: 'bgp',
    status: 'present',
    summary: `best path ${match.prefix} ${match.peer === 'local' ? 'originated here' : `from ${match.peer}`} via ${match.nextHop ?? '-'}`,
    lines,
  };
}
