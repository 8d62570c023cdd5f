// `twillctl node status` output: a summary line per node, then one row per BGP session; JSON/YAML
// carry the same facts. Pure (objects and the current time in, text out), so it is tested directly.
import { stringify as toYaml } from 'yaml';

import type { BgpPeerStatusRow, TwillNodeStatus } from '../../datastore/index.js';
import { assertNever } from '../../common/index.js';
import { formatDuration, renderTable } from './table.js';

export type NodeStatusOutput = 'table' | 'json' | 'yaml';

/** 3 × the status writer's 60 s heartbeat (daemon/node/observability/status-writer.ts refreshMs). */
export const DEFAULT_STALE_AFTER_SEC = 180;

export interface NodeStatusEntry {
  readonly node: string;
  /** No report for longer than the stale limit: twill-node may be down, the status may be wrong. */
  readonly stale: boolean;
  /** Seconds since observedAt; absent when the object has none. */
  readonly observedSecondsAgo?: number;
  readonly status: TwillNodeStatus['status'];
}

export function nodeStatusEntries(
  items: readonly TwillNodeStatus[],
  nowMs: number,
  staleAfterSec = DEFAULT_STALE_AFTER_SEC,
): NodeStatusEntry[] {
  return [...items]
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
    .map((item) => {
      const observed = item.status?.observedAt === undefined ? undefined : Date.parse(item.status.observedAt);
      const ago = observed === undefined ? undefined : Math.max(0, Math.floor((nowMs - observed) / 1000));
      return {
        node: item.metadata.name,
        stale: ago === undefined || ago > staleAfterSec,
        ...(ago === undefined ? {} : { observedSecondsAgo: ago }),
        status: item.status,
      };
    });
}

export function renderNodeStatus(
  entries: readonly NodeStatusEntry[],
  output: NodeStatusOutput,
  nowMs: number,
): string {
  switch (output) {
    case 'json':
      return `${JSON.stringify(entries, null, 2)}\n`;
    case 'yaml':
      return toYaml(entries);
    case 'table':
      return entries.map((entry) => nodeTable(entry, nowMs)).join('\n');
    default:
      return assertNever(output, 'output format');
  }
}

export function summaryLine(entry: NodeStatusEntry): string {
  const status = entry.status ?? {};
  const peers = status.bgp?.peers ?? [];
  const up = peers.filter((p) => p.state === 'Established').length;
  const blocks = status.routes?.localBlocks?.length ?? 0;
  const sessions = status.bgp === undefined ? 'BGP off' : `${up}/${peers.length} sessions established`;
  const ready = status.agent?.conditions?.find((c) => c.type === 'Ready');
  const readiness =
    status.agent?.ready === true
      ? 'ready'
      : `NOT READY${ready?.message === undefined ? '' : ` (${ready.message})`}`;
  const parts = [`${entry.node}: ${sessions}`, `${blocks} block${blocks === 1 ? '' : 's'}`, readiness];
  if (datastoreDown(entry) !== undefined) parts.push('DATASTORE UNREACHABLE');
  if (entry.stale) {
    parts.push(
      entry.observedSecondsAgo === undefined
        ? 'STALE: never reported'
        : `STALE: last report ${formatDuration(entry.observedSecondsAgo)} ago, twill-node may be down`,
    );
  }
  return parts.join(', ');
}

function nodeTable(entry: NodeStatusEntry, nowMs: number): string {
  const status = entry.status ?? {};
  const lines = [summaryLine(entry)];
  const ignored = status.agent?.conditions?.find((c) => c.type === 'ResourcesIgnored' && c.status === 'True');
  if (ignored?.message !== undefined)
    lines.push(`  ignored resources: ${ignored.message.split('\n').join('; ')}`);
  const unroutable = status.routes?.unroutableBlocks ?? [];
  if (unroutable.length > 0)
    lines.push(
      `  unroutable blocks: ${unroutable.map((b) => `${b.cidr} (${b.reason ?? b.node ?? '?'})`).join(', ')}`,
    );
  const encap = status.agent?.conditions?.find(
    (c) => c.type === 'EncapsulationSupported' && c.status === 'False',
  );
  if (encap?.message !== undefined) lines.push(`  encapsulation: ${encap.message.split('\n').join('; ')}`);
  const down = datastoreDown(entry);
  if (down?.message !== undefined) lines.push(`  datastore: ${down.message}`);
  if (status.dataplane?.lastApplyError !== undefined)
    lines.push(`  dataplane: last apply failed: ${status.dataplane.lastApplyError}`);
  const peers = status.bgp?.peers ?? [];
  if (peers.length > 0) {
    const table = renderTable(
      ['PEER', 'TYPE', 'AS', 'STATE', 'SINCE', 'LAST ERROR', 'PREFIXES RCV/ACC/ADV', 'GR', 'BFD'],
      peers.map((p) => peerRow(p, nowMs)),
    );
    lines.push(
      ...table
        .trimEnd()
        .split('\n')
        .map((line) => `  ${line}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The DatastoreConnected condition when it says the datastore is unreachable. */
function datastoreDown(entry: NodeStatusEntry): { readonly message?: string } | undefined {
  return entry.status?.agent?.conditions?.find(
    (c) => c.type === 'DatastoreConnected' && c.status === 'False',
  );
}

function peerRow(p: BgpPeerStatusRow, nowMs: number): string[] {
  const type =
    p.type === 'NodeMesh'
      ? `mesh${p.remoteNode === undefined ? '' : ` (${p.remoteNode})`}`
      : `${p.type === 'GlobalPeer' ? 'global' : 'node'} BGPPeer ${p.bgpPeer ?? '?'}`;
  const since =
    p.since === undefined
      ? '-'
      : formatDuration(Math.max(0, Math.floor((nowMs - Date.parse(p.since)) / 1000)));
  const count = (n: number | undefined) => (n === undefined ? '-' : String(n));
  return [
    p.address,
    type,
    p.peerAS === undefined ? '-' : String(p.peerAS),
    p.state,
    since,
    p.lastError ?? '-',
    `${count(p.prefixesReceived)}/${count(p.prefixesAccepted)}/${count(p.prefixesAdvertised)}`,
    p.gracefulRestart ?? '-',
    p.bfd ?? '-',
  ];
}
