/**
 * `twillctl bgp routes advertised`: every best route towards every peer, advertised or held back, and
 * why (control-protocol.ts `bgp.routes` with `reasons: true`). Against twill-node, an originated route's
 * source is named from the calculation graph (`node.desired`): affine block, borrowed address, service.
 * A daemon that predates reasons answers plain rows; they are shown as before.
 */
import type { ExportReasonRow, RouteJson } from '../../bgp/speaker/index.js';
import type { NodeDesiredResult } from '../bgpd/control-protocol.js';
import { request } from './control-client.js';
import { renderTable } from './table.js';

export interface ReasonQuery {
  readonly socket: string;
  readonly peer?: string;
  readonly afi?: string;
}

export async function advertisedWithReasons(query: ReasonQuery): Promise<ExportReasonRow[] | RouteJson[]> {
  const rows = (await request(query.socket, 'bgp.routes', {
    view: 'advertised',
    reasons: true,
    ...(query.peer === undefined ? {} : { peer: query.peer }),
    ...(query.afi === undefined ? {} : { afi: query.afi }),
  })) as (ExportReasonRow | RouteJson)[];
  if (!rows.every(isReasonRow)) return rows as RouteJson[];
  const desired = await nodeDesired(query.socket);
  return desired === undefined ? rows : rows.map((r) => withNodeOrigin(r, desired));
}

function isReasonRow(row: ExportReasonRow | RouteJson): row is ExportReasonRow {
  return 'reason' in row;
}

/** twill-node's calculation outputs; undefined from twill-bgpd (unknown method) or when unreachable. */
export async function nodeDesired(socket: string): Promise<NodeDesiredResult | undefined> {
  try {
    return (await request(socket, 'node.desired')) as NodeDesiredResult;
  } catch {
    return undefined;
  }
}

/** Which of the node's originated sets holds `prefix`, in words; undefined: none. */
export function nodeOriginWords(prefix: string, desired: NodeDesiredResult): string | undefined {
  const o = desired.originated;
  if (o === undefined) return undefined;
  if (o.blocks.includes(prefix)) return `IPAM block affine to node ${desired.identity?.name ?? 'this node'}`;
  if (o.borrowed.includes(prefix)) return `address of a local pod borrowed from another node's block`;
  if (o.services.includes(prefix)) return 'service CIDR / service address (BGPConfiguration)';
  return undefined;
}

function withNodeOrigin(row: ExportReasonRow, desired: NodeDesiredResult): ExportReasonRow {
  if (row.from !== 'local') return row;
  const words = nodeOriginWords(row.prefix, desired);
  if (words === undefined) return row;
  return { ...row, reason: row.reason.replace(/^originated here \([^)]*\)/, `originated here (${words})`) };
}

export function reasonsTable(rows: readonly (ExportReasonRow | RouteJson)[]): string {
  return renderTable(
    ['PREFIX', 'PEER', 'SENT', 'NEXT HOP', 'AS PATH', 'REASON'],
    rows.map((r) => {
      const reason = 'reason' in r ? r : undefined;
      return [
        r.prefix,
        r.peer,
        reason === undefined
          ? 'yes'
          : reason.advertised
            ? reason.pending === true
              ? 'pending'
              : 'yes'
            : 'no',
        reason?.advertised === false ? '-' : (r.nextHop ?? '-'),
        reason?.advertised === false ? '-' : r.asPath === '' ? '(empty)' : r.asPath,
        reason?.reason ?? '',
      ];
    }),
  );
}
