/**
 * `twillctl explain route --node N` for a node that is not the local one: its control socket is out of
 * reach, so what its TwillNodeStatus object (written by twill-node) says stands in for the calculation,
 * BGP and kernel steps: agent readiness, sessions, programmed routes, and unroutable blocks for the prefix.
 */
import { tryParsePrefix, type Prefix } from '../../../common/index.js';
import type { Backend } from '../../../datastore/index.js';
import type { ExplainStep } from './explain-step.js';

export async function nodeStatusStep(backend: Backend, node: string, prefix: Prefix): Promise<ExplainStep> {
  const lines = [`node ${node} is not the local node: only the datastore and its TwillNodeStatus are read`];
  const status = await backend.get('TwillNodeStatus', node).then(
    (s) => s.status,
    () => undefined,
  );
  if (status === undefined) {
    lines.push(`no TwillNodeStatus ${node} in the datastore (twill-node not running there, or too old)`);
    return { step: 'calculation', status: 'skipped', summary: `no status object for node ${node}`, lines };
  }
  lines.push(`status observed at ${status.observedAt ?? '(unknown)'}`);
  const agent = status.agent;
  if (agent !== undefined) {
    lines.push(
      `agent ${agent.version ?? ''} ready: ${String(agent.ready ?? 'unknown')}`.replace(/\s+/g, ' '),
    );
    for (const c of agent.conditions ?? [])
      if (c.status !== 'True') lines.push(`condition ${c.type} ${c.status}: ${c.message ?? c.reason ?? ''}`);
  }
  const peers = status.bgp?.peers ?? [];
  const up = peers.filter((p) => p.state === 'Established').length;
  lines.push(`BGP: ${up}/${peers.length} sessions Established`);
  for (const p of peers)
    if (p.state !== 'Established')
      lines.push(`  ${p.address} ${p.state}${p.lastError === undefined ? '' : `: ${p.lastError}`}`);
  if (status.routes?.programmed !== undefined)
    lines.push(`kernel: ${status.routes.programmed} routes programmed`);
  const unroutable = (status.routes?.unroutableBlocks ?? []).filter(
    (b) => tryParsePrefix(b.cidr)?.overlaps(prefix) === true,
  );
  for (const b of unroutable)
    lines.push(
      `unroutable on ${node}: ${b.cidr}${b.node === undefined ? '' : ` of node ${b.node}`}: ${b.reason ?? ''}`,
    );
  if (status.dataplane?.lastApplyError !== undefined)
    lines.push(`last dataplane apply error: ${status.dataplane.lastApplyError}`);
  return {
    step: 'calculation',
    status: unroutable.length > 0 ? 'missing' : 'skipped',
    summary:
      unroutable.length > 0
        ? `unroutable on ${node}: ${unroutable[0]?.reason ?? ''}`
        : `node ${node}'s status reports nothing about this prefix (no per-route detail off-node)`,
    lines,
  };
}
