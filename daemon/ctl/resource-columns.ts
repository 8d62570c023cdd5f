/**
 * `twillctl get` table columns per kind: the name and the spec fields an operator looks for first;
 * `-o wide` adds the rest worth a column. A kind without an entry here (a kind added to the registry
 * later) still prints NAME and AGE.
 */
import {
  labelSelectorToNode,
  printSelector,
  type AnyResource,
  type ResourceByKind,
  type ResourceKind,
} from '../../datastore/index.js';

export interface KindColumns<R> {
  readonly headers: readonly string[];
  readonly row: (resource: R) => string[];
  readonly wideHeaders: readonly string[];
  readonly wideRow: (resource: R) => string[];
}

type ColumnTable = { readonly [K in ResourceKind]?: KindColumns<ResourceByKind[K]> };

const dash = (value: unknown): string =>
  value === undefined || value === '' ? '-' : Array.isArray(value) ? value.join(',') || '-' : String(value);

export const KIND_COLUMNS: ColumnTable = {
  IPPool: {
    headers: ['CIDR', 'BLOCK SIZE', 'ENCAPSULATION', 'SELECTOR'],
    row: (p) => [
      p.spec.cidr,
      String(p.spec.blockSize),
      p.spec.encapsulation.type +
        (p.spec.encapsulation.mode === undefined ? '' : `/${p.spec.encapsulation.mode}`),
      dash(p.spec.nodeSelector),
    ],
    wideHeaders: ['NAT OUTGOING', 'DISABLED', 'ALLOWED USES'],
    wideRow: (p) => [String(p.spec.natOutgoing), String(p.spec.disabled), dash(p.spec.allowedUses)],
  },
  BGPPeer: {
    headers: ['PEER IP', 'PEER SELECTOR', 'NODE SELECTOR', 'AS'],
    row: (p) => [
      dash(p.spec.peerIP),
      dash(p.spec.peerSelector),
      dash(p.spec.nodeSelector),
      dash(p.spec.asNumber),
    ],
    wideHeaders: ['NEXT HOP', 'IMPORT FILTERS', 'EXPORT FILTERS', 'HOLD', 'BFD', 'PASSWORD'],
    wideRow: (p) => [
      p.spec.nextHopMode,
      dash(p.spec.importFilters),
      dash(p.spec.exportFilters),
      p.spec.timers?.holdTimeSec === undefined ? '-' : `${p.spec.timers.holdTimeSec}s`,
      p.spec.bfd === undefined ? '-' : 'yes',
      // Only where the secret is; never its value (the spec only holds a reference anyway).
      p.spec.password === undefined
        ? '-'
        : `secret ${p.spec.password.secretKeyRef.name}/${p.spec.password.secretKeyRef.key}`,
    ],
  },
  BGPConfiguration: {
    headers: ['AS', 'MESH', 'LISTEN PORT'],
    row: (c) => [dash(c.spec.asNumber), dash(c.spec.nodeToNodeMeshEnabled), dash(c.spec.listenPort)],
    wideHeaders: ['SERVICE CLUSTER IPS', 'SERVICE EXTERNAL IPS', 'SERVICE LB IPS', 'COMMUNITIES'],
    wideRow: (c) => [
      dash(c.spec.serviceClusterIPs?.map((s) => s.cidr)),
      dash(c.spec.serviceExternalIPs?.map((s) => s.cidr)),
      dash(c.spec.serviceLoadBalancerIPs?.map((s) => s.cidr)),
      dash(c.spec.communities?.map((n) => `${n.name}=${n.value}`)),
    ],
  },
  BGPFilter: {
    headers: ['IMPORT V4', 'EXPORT V4', 'IMPORT V6', 'EXPORT V6'],
    row: (f) => [f.spec.importV4, f.spec.exportV4, f.spec.importV6, f.spec.exportV6].map(rules),
    wideHeaders: [],
    wideRow: () => [],
  },
  Node: {
    headers: ['BGP IPV4', 'BGP IPV6', 'AS'],
    row: (n) => [dash(n.spec.bgp?.ipv4Address), dash(n.spec.bgp?.ipv6Address), dash(n.spec.bgp?.asNumber)],
    wideHeaders: ['ADDRESSES', 'RR CLUSTER ID', 'VXLAN TUNNEL', 'WIREGUARD'],
    wideRow: (n) => [
      dash(n.spec.addresses?.map((a) => `${a.address}(${a.type})`)),
      dash(n.spec.bgp?.routeReflectorClusterID),
      dash(n.spec.vxlanTunnelAddress),
      dash(n.spec.wireguard?.interfaceIPv4Address),
    ],
  },
  IPAMBlock: {
    headers: ['CIDR', 'AFFINITY', 'USED', 'FREE'],
    row: (b) => [
      b.spec.cidr,
      dash(b.spec.affinity),
      String(b.spec.allocations.filter((a) => a !== null).length),
      String(b.spec.unallocated.length),
    ],
    wideHeaders: ['SEQUENCE', 'DELETED'],
    wideRow: (b) => [String(b.spec.sequenceNumber), String(b.spec.deleted === true)],
  },
  BlockAffinity: {
    headers: ['NODE', 'CIDR', 'STATE'],
    row: (a) => [a.spec.node, a.spec.cidr, a.spec.state],
    wideHeaders: ['DELETED'],
    wideRow: (a) => [String(a.spec.deleted === true)],
  },
  IPAMHandle: {
    headers: ['HANDLE ID', 'ADDRESSES'],
    row: (h) => [h.spec.handleID, String(Object.values(h.spec.block).reduce((n, c) => n + c, 0))],
    wideHeaders: ['BLOCKS'],
    wideRow: (h) => [dash(Object.entries(h.spec.block).map(([cidr, count]) => `${cidr}:${count}`))],
  },
  IPAMConfiguration: {
    headers: ['STRICT AFFINITY', 'MAX BLOCKS PER HOST', 'AUTO ALLOCATE BLOCKS'],
    row: (c) => [
      String(c.spec.strictAffinity),
      String(c.spec.maxBlocksPerHost),
      String(c.spec.autoAllocateBlocks),
    ],
    wideHeaders: [],
    wideRow: () => [],
  },
  WorkloadEndpoint: {
    headers: ['NODE', 'POD', 'IP NETWORKS', 'INTERFACE'],
    row: (w) => [w.spec.node, dash(w.spec.pod), dash(w.spec.ipNetworks), w.spec.interfaceName],
    wideHeaders: ['ORCHESTRATOR', 'CONTAINER', 'MAC'],
    wideRow: (w) => [dash(w.spec.orchestrator), dash(w.spec.containerID), dash(w.spec.mac)],
  },
  NetworkPolicy: {
    headers: ['POD SELECTOR', 'TYPES'],
    row: (p) => [printSelector(labelSelectorToNode(p.spec.podSelector)) || 'all()', dash(p.spec.policyTypes)],
    wideHeaders: ['INGRESS RULES', 'EGRESS RULES'],
    wideRow: (p) => [String(p.spec.ingress?.length ?? 0), String(p.spec.egress?.length ?? 0)],
  },
  Namespace: {
    headers: [],
    row: () => [],
    wideHeaders: [],
    wideRow: () => [],
  },
};

function rules(list: readonly { readonly action: string }[] | undefined): string {
  if (list === undefined || list.length === 0) return '-';
  return `${list.length} rule${list.length === 1 ? '' : 's'}`;
}

/** The table rows of `get`: NAMESPACE first with -A, LABELS and AGE last with wide. */
export function resourceTable(
  kind: ResourceKind,
  resources: readonly AnyResource[],
  options: { readonly wide: boolean; readonly showNamespace: boolean; readonly now: Date },
): { headers: string[]; rows: string[][] } {
  const columns = KIND_COLUMNS[kind] as KindColumns<AnyResource> | undefined;
  const headers = [
    ...(options.showNamespace ? ['NAMESPACE'] : []),
    'NAME',
    ...(columns?.headers ?? []),
    ...(options.wide ? [...(columns?.wideHeaders ?? []), 'LABELS'] : []),
    'AGE',
  ];
  const rows = resources.map((r) => [
    ...(options.showNamespace ? [r.metadata.namespace ?? ''] : []),
    r.metadata.name,
    ...(columns?.row(r) ?? []),
    ...(options.wide
      ? [
          ...(columns?.wideRow(r) ?? []),
          dash(Object.entries(r.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`)),
        ]
      : []),
    age(r.metadata.creationTimestamp, options.now),
  ]);
  return { headers, rows };
}

/** kubectl's AGE: the largest unit or two (`5m`, `3h12m`, `4d`). */
export function age(timestamp: string | undefined, now: Date): string {
  if (timestamp === undefined) return '-';
  const sec = Math.max(0, Math.floor((now.getTime() - Date.parse(timestamp)) / 1000));
  if (!Number.isFinite(sec)) return '-';
  if (sec < 120) return `${sec}s`;
  if (sec < 3600) return `${Math.floor(sec / 60)}m`;
  if (sec < 86400) return `${Math.floor(sec / 3600)}h${Math.floor((sec % 3600) / 60)}m`;
  return `${Math.floor(sec / 86400)}d`;
}
