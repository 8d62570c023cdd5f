// The terminal picture `twill-lab up` prints: the topology as a tree from its best-connected
// node (links that close a loop are listed after it), each link with both ends' interface
// and addresses, then every BGP session with its peer node and state. `renderPicture` is pure;
// `snapshot` reads the live lab.
import type { Lab } from '../lab.js';
import type { BgpSessionView } from '../routers/sessions.js';
import type { NodeKind, TopologyLink } from '../topology/types.js';
import { waitFor } from '../wait.js';

export interface Snapshot {
  lab: string;
  nodes: { name: string; kind: NodeKind }[];
  links: TopologyLink[];
  /** node → interface → addresses */
  addresses: Record<string, Record<string, string[]>>;
  sessions: Record<string, BgpSessionView[]>;
}

export async function snapshot(lab: Lab, opts: { waitForSessionsMs?: number } = {}): Promise<Snapshot> {
  const nodes = lab.topology.nodes.map((n) => ({ name: n.name, kind: n.kind }));
  const addresses: Snapshot['addresses'] = {};
  for (const n of nodes) {
    addresses[n.name] = Object.fromEntries((await lab.addresses(n.name)).map((i) => [i.ifname, i.addresses]));
  }
  const readSessions = async () => {
    const out: Snapshot['sessions'] = {};
    for (const n of nodes) out[n.name] = await lab.sessions(n.name).catch(() => []);
    return out;
  };
  let sessions = await readSessions();
  if (opts.waitForSessionsMs) {
    const all = (s: Snapshot['sessions']) => Object.values(s).flat();
    sessions = await waitFor(
      'every BGP session to be Established',
      async () => {
        const s = await readSessions();
        sessions = s;
        return all(s).every((x) => x.state === 'Established') ? s : undefined;
      },
      { timeoutMs: opts.waitForSessionsMs, intervalMs: 1000 },
    ).catch(() => sessions); // the picture shows what is not up; it does not fail
  }
  return { lab: lab.name, nodes, links: lab.topology.links, addresses, sessions };
}

export function renderPicture(s: Snapshot): string {
  const kindOf = new Map(s.nodes.map((n) => [n.name, n.kind]));
  const addr = (node: string, iface: string) => (s.addresses[node]?.[iface] ?? []).join(',');
  const label = (node: string) => {
    const lo = addr(node, 'lo');
    // eth0 is the management interface when the topology has one (containerlab's convention).
    const mgmt = s.links.some((l) => [l.a, l.b].some((e) => e.node === node && e.iface === 'eth0'))
      ? ''
      : addr(node, 'eth0');
    return `${node} (${kindOf.get(node)}${lo ? `, lo ${lo}` : ''}${mgmt ? `, mgmt ${mgmt}` : ''})`;
  };
  const end = (node: string, iface: string) => [iface, addr(node, iface)].filter(Boolean).join(' ');

  const adjacency = new Map<
    string,
    { link: TopologyLink; here: string; there: string; ifHere: string; ifThere: string }[]
  >();
  for (const n of s.nodes) adjacency.set(n.name, []);
  for (const link of s.links) {
    adjacency
      .get(link.a.node)
      ?.push({ link, here: link.a.node, there: link.b.node, ifHere: link.a.iface, ifThere: link.b.iface });
    adjacency
      .get(link.b.node)
      ?.push({ link, here: link.b.node, there: link.a.node, ifHere: link.b.iface, ifThere: link.a.iface });
  }
  const lines = [`lab ${s.lab}: ${s.nodes.length} nodes, ${s.links.length} links`, ''];
  const seen = new Set<string>();
  const treeLinks = new Set<TopologyLink>();
  // Roots: the best-connected unvisited node, so a spine (or core) sits at the top.
  const byDegree = [...s.nodes].sort(
    (a, b) => (adjacency.get(b.name)?.length ?? 0) - (adjacency.get(a.name)?.length ?? 0),
  );
  const walk = (node: string, prefix: string) => {
    // One tree edge per neighbour: parallel links to it are listed after the tree.
    const children = (adjacency.get(node) ?? []).filter((e) => {
      if (seen.has(e.there)) return false;
      seen.add(e.there);
      return true;
    });
    children.forEach((e, i) => {
      treeLinks.add(e.link);
      const last = i === children.length - 1;
      lines.push(
        `${prefix}${last ? '└─' : '├─'} ${end(node, e.ifHere)} ──── ${end(e.there, e.ifThere)}  ${label(e.there)}`,
      );
      walk(e.there, prefix + (last ? '   ' : '│  '));
    });
  };
  for (const root of byDegree) {
    if (seen.has(root.name)) continue;
    seen.add(root.name);
    lines.push(label(root.name));
    walk(root.name, '');
  }
  const others = s.links.filter((l) => !treeLinks.has(l));
  if (others.length > 0) {
    lines.push('', 'also linked:');
    for (const l of others)
      lines.push(`  ${l.a.node}:${end(l.a.node, l.a.iface)} ──── ${l.b.node}:${end(l.b.node, l.b.iface)}`);
  }
  lines.push(...renderSessions(s));
  return lines.join('\n');
}

function renderSessions(s: Snapshot): string[] {
  const owner = new Map<string, string>();
  for (const [node, ifs] of Object.entries(s.addresses)) {
    for (const list of Object.values(ifs)) for (const a of list) owner.set(a.split('/')[0] as string, node);
  }
  const rows = Object.entries(s.sessions).flatMap(([node, list]) =>
    list.map((x) => [
      node,
      x.peer,
      owner.get(x.peer) ?? '?',
      x.peerAs !== undefined ? `AS${x.peerAs}` : '',
      x.state,
      x.prefixesReceived !== undefined ? String(x.prefixesReceived) : '',
    ]),
  );
  if (rows.length === 0) return [];
  const header = ['node', 'peer', 'peer node', 'peer AS', 'state', 'prefixes in'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    '  ' +
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const up = rows.filter((r) => r[4] === 'Established').length;
  return ['', `BGP sessions (${up}/${rows.length} Established)`, fmt(header), ...rows.map(fmt)];
}
