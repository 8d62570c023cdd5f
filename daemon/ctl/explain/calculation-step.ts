/**
 * `twillctl explain route`, calculation step: what this node's calculation graph wants for the prefix
 * (twill-node `node.desired`): originated here (affine block, borrowed address, service), a remote
 * route (node, encapsulation, next hop, pool), or unroutable and why.
 */
import { tryParsePrefix, type Prefix } from '../../../common/index.js';
import type { NodeDesiredResult } from '../../bgpd/control-protocol.js';
import { nodeOriginWords } from '../route-reasons.js';
import type { ExplainStep } from './explain-step.js';

/** The entry equal to the prefix, else the longest one containing it. */
function bestMatch<T>(items: readonly T[], cidr: (t: T) => string, prefix: Prefix): T | undefined {
  let best: { item: T; length: number } | undefined;
  for (const item of items) {
    const p = tryParsePrefix(cidr(item));
    if (p === undefined || p.family !== prefix.family || !p.containsPrefix(prefix)) continue;
    if (best === undefined || p.length > best.length) best = { item, length: p.length };
  }
  return best?.item;
}

export function calculationStep(desired: NodeDesiredResult, prefix: Prefix): ExplainStep {
  const node = desired.identity?.name ?? '(unknown node)';
  const lines: string[] = [`node ${node}: the calculation graph's latest outputs`];
  const o = desired.originated;
  const own =
    o === undefined ? undefined : bestMatch([...o.blocks, ...o.borrowed, ...o.services], (c) => c, prefix);
  if (own !== undefined) {
    const words = nodeOriginWords(own, desired) ?? 'originated';
    lines.push(`originated here: ${own} (${words})`);
    return { step: 'calculation', status: 'present', summary: `originated by ${node} (${words})`, lines };
  }
  const remote = desired.remote;
  const route = remote === undefined ? undefined : bestMatch(remote.routes, (r) => r.cidr, prefix);
  if (route !== undefined) {
    const fallback = route.fallback === undefined ? '' : ` (WireGuard fallback: ${route.fallback})`;
    lines.push(
      `remote route ${route.cidr} to node ${route.node}: encapsulation ${route.encapsulation} via next hop ${route.nextHop}${route.pool === undefined ? '' : `, pool ${route.pool}`}${fallback}`,
    );
    return {
      step: 'calculation',
      status: 'present',
      summary: `a remote route to node ${route.node} (${route.encapsulation} via ${route.nextHop})`,
      lines,
    };
  }
  const unroutable = remote === undefined ? undefined : bestMatch(remote.unroutable, (u) => u.cidr, prefix);
  if (unroutable !== undefined) {
    lines.push(`unroutable: ${unroutable.cidr} of node ${unroutable.node}: ${unroutable.reason}`);
    return {
      step: 'calculation',
      status: 'missing',
      summary: `unroutable: ${unroutable.reason}`,
      lines,
    };
  }
  lines.push(
    desired.originated === undefined && desired.remote === undefined
      ? 'the calculation has emitted no routes yet (datastore not in sync?)'
      : `neither originated here nor a remote block route: the calculation does not want ${prefix.toString()}`,
  );
  return { step: 'calculation', status: 'missing', summary: `not wanted by ${node}'s calculation`, lines };
}
