/** `twillctl bgp peers` and `twillctl bgp routes [--peer P] [--afi ipv4|ipv6] [received|advertised|best]`. */
import { stringify as toYaml } from 'yaml';

import type { PeerStatusWithCounts, RouteJson } from '../../bgp/speaker/index.js';
import { bgpOperation } from './bgp-operations.js';
import { CtlError, request } from './control-client.js';
import { gracefulRestartColumn, maxPrefixColumn } from './restart-columns.js';
import { formatDuration, renderTable } from './table.js';
import { bfdCell, hasBfd } from './bfd-column.js';
import { advertisedWithReasons, reasonsTable } from './route-reasons.js';

export type OutputFormat = 'table' | 'json' | 'yaml';

export interface BgpCommandOptions {
  readonly socket: string;
  readonly output: OutputFormat;
  readonly peer?: string;
  readonly afi?: string;
  readonly message?: string;
}

export async function bgpCommand(args: readonly string[], options: BgpCommandOptions): Promise<string> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'peers': {
      const peers = (await request(options.socket, 'bgp.peers')) as PeerStatusWithCounts[];
      return format(options.output, peers, peersTable);
    }
    case 'routes': {
      const view = rest[0] ?? 'best';
      if (!['received', 'advertised', 'best'].includes(view) || rest.length > 1)
        throw new CtlError(
          'USAGE',
          `usage: twillctl bgp routes [--peer P] [--afi ipv4|ipv6] [received|advertised|best]`,
        );
      if (view === 'advertised')
        return format(options.output, await advertisedWithReasons(options), reasonsTable);
      const routes = (await request(options.socket, 'bgp.routes', {
        view,
        ...(options.peer === undefined ? {} : { peer: options.peer }),
        ...(options.afi === undefined ? {} : { afi: options.afi }),
      })) as RouteJson[];
      return format(options.output, routes, routesTable);
    }
    default: {
      const done = await bgpOperation(sub, rest, options);
      if (done !== undefined) return done;
      throw new CtlError(
        'USAGE',
        'usage: twillctl bgp peers | routes ... | peer ADDRESS shutdown|enable|reset|soft-reset | drain | reload',
      );
    }
  }
}

function format<T>(output: OutputFormat, data: T, table: (data: T) => string): string {
  switch (output) {
    case 'json':
      return `${JSON.stringify(data, null, 2)}\n`;
    case 'yaml':
      return toYaml(data);
    case 'table':
      return table(data);
  }
}

function peersTable(peers: readonly PeerStatusWithCounts[]): string {
  const bfd = hasBfd(peers);
  const headers = [
    'PEER',
    'AS',
    'STATE',
    'UPTIME',
    'RECEIVED',
    'ACCEPTED',
    'ADVERTISED',
    'UPDATES IN/OUT',
    'HOLD',
    'TRANSPORT',
    'LAST ERROR',
    'GRACEFUL RESTART',
    'MAX PREFIX',
    'NOTES',
  ];
  if (bfd) headers.splice(10, 0, 'BFD');
  return renderTable(
    headers,
    peers.map((p) => {
      const counts = Object.values(p.prefixes);
      const sum = (k: 'received' | 'accepted' | 'advertised') =>
        String(counts.reduce((n, c) => n + (c?.[k] ?? 0), 0));
      return [
        p.peer,
        String(p.peerAs),
        p.state,
        formatDuration(p.uptimeSec),
        sum('received'),
        sum('accepted'),
        sum('advertised'),
        // UPDATE messages since the speaker started (bgp/session/message-counters.ts; JSON has NOTIFICATIONs).
        p.messages === undefined ? '-' : `${p.messages.updatesReceived}/${p.messages.updatesSent}`,
        p.holdTimeSec === undefined ? '-' : `${p.holdTimeSec}s`,
        transportColumn(p),
        ...(bfd ? [bfdCell(p.bfd)] : []),
        // A family disabled by RFC 7606 keeps the session up: say so where an operator looks.
        p.lastError ??
          (p.disabledFamilies === undefined
            ? ''
            : `ignoring ${p.disabledFamilies.join(',')}: ${p.lastUpdateError ?? ''}`),
        gracefulRestartColumn(p),
        maxPrefixColumn(p),
        peerNotes(p),
      ];
    }),
  );
}

/** Admin state, route-reflector client, RFC 8212 and drain notes (policy-status.ts), when not ordinary. */
function peerNotes(p: PeerStatusWithCounts): string {
  const notes: string[] = [];
  if (p.admin !== undefined && p.admin !== 'enabled') notes.push(`admin ${p.admin}`);
  if (p.routeReflectorClient === true) notes.push('route-reflector client');
  notes.push(...(p.notes ?? []));
  return notes.join('; ');
}

/** "md5 gtsm>=255 ttl=255", plus "dynamic 10.0.9.0/24" for a peer from a listen range. */
function transportColumn(p: PeerStatusWithCounts): string {
  const t = p.transport;
  const parts = [
    ...(t?.tcpMd5 === true ? ['md5'] : []),
    ...(t?.minTtl === undefined ? [] : [`gtsm>=${t.minTtl}`]),
    ...(t?.ttl === undefined ? [] : [`ttl=${t.ttl}`]),
    ...(t?.interface === undefined ? [] : [`if=${t.interface}`]),
    ...(t?.gtsmRefusedConnections === undefined ? [] : [`gtsm-refused=${t.gtsmRefusedConnections}`]),
  ];
  const transport = parts.length === 0 ? '-' : parts.join(' ');
  return p.dynamicRange === undefined ? transport : `${transport} dynamic ${p.dynamicRange}`;
}

function routesTable(routes: readonly RouteJson[]): string {
  return renderTable(
    ['PREFIX', 'PEER', 'NEXT HOP', 'AS PATH', 'MED', 'LOCAL PREF', 'COMMUNITIES'],
    routes.map((r) => [
      r.prefix,
      r.peer,
      r.nextHop ?? '-',
      r.asPath === '' ? '(local)' : r.asPath,
      r.med === undefined ? '' : String(r.med),
      r.localPref === undefined ? '' : String(r.localPref),
      [...(r.communities ?? []), ...(r.largeCommunities ?? [])].join(' ') +
        (r.originatorId === undefined ? '' : ` originator ${r.originatorId}`) +
        (r.clusterList === undefined ? '' : ` cluster-list ${r.clusterList.join(',')}`) +
        (r.rejected ? ` [rejected: ${r.rejected}]` : ''),
    ]),
  );
}
