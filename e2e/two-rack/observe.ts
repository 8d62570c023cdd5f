// What the e2e proofs read from the running fabric: which blocks each node owns (datastore), what the
// FRR leaves learned (vtysh JSON), what a twill-node says about itself (its control socket), and a
// continuous ping stream between two pods with its packet counts.
import { spawn } from 'node:child_process';
import { request } from '../../daemon/ctl/control-client.js';
import type { Backend } from '../../datastore/index.js';
import { twillSocket } from '../../lab/kinds/twill.js';
import type { Lab } from '../../lab/lab.js';
import { vtyshJson } from '../../lab/routers/vtysh.js';
import type { Pod } from './pods.js';

export type Afi = 'ipv4' | 'ipv6';

/** node → blocks it holds (confirmed affinities), per family. */
export async function blocksByNode(store: Backend): Promise<Map<string, { ipv4: string[]; ipv6: string[] }>> {
  const out = new Map<string, { ipv4: string[]; ipv6: string[] }>();
  for (const a of (await store.list('BlockAffinity')).items) {
    if (a.spec.state !== 'confirmed' || a.spec.deleted) continue;
    const e = out.get(a.spec.node) ?? { ipv4: [], ipv6: [] };
    (a.spec.cidr.includes(':') ? e.ipv6 : e.ipv4).push(a.spec.cidr);
    out.set(a.spec.node, e);
  }
  for (const e of out.values()) {
    e.ipv4.sort();
    e.ipv6.sort();
  }
  return out;
}

interface FrrRoutes {
  routes?: Record<string, unknown>;
}

/** Prefixes a leaf accepted from one neighbour (`show bgp <afi> unicast neighbors X routes json`). */
export async function leafRoutesFrom(lab: Lab, leaf: string, neighbour: string, afi: Afi): Promise<string[]> {
  const j = await vtyshJson<FrrRoutes>(
    lab.nodeContext(leaf),
    `show bgp ${afi} unicast neighbors ${neighbour} routes json`,
  );
  return Object.keys(j.routes ?? {}).sort();
}

/** Every prefix in a leaf's BGP table, with its next hops, as a stable string (for "unchanged" checks). */
export async function leafTable(lab: Lab, leaf: string, afi: Afi): Promise<string[]> {
  const j = await vtyshJson<{ routes?: Record<string, { nexthops?: { ip?: string }[] }[]> }>(
    lab.nodeContext(leaf),
    `show bgp ${afi} unicast json`,
  );
  return Object.entries(j.routes ?? {})
    .map(([prefix, paths]) => {
      const hops = paths.flatMap((p) => (p.nexthops ?? []).map((n) => n.ip ?? '')).sort();
      return `${prefix} via ${[...new Set(hops)].join(',')}`;
    })
    .sort();
}

/** twill-node's own account of itself (`node.snapshot` on its control socket). */
export async function nodeSnapshot(lab: Lab, node: string): Promise<Record<string, unknown>> {
  return (await request(twillSocket({ dir: lab.nodeDir(node) }), 'node.snapshot')) as Record<string, unknown>;
}

export interface PingStream {
  /** Ends the stream (SIGINT: ping prints its summary) and returns what it counted. */
  stop(): Promise<{ sent: number; received: number }>;
}

/** A continuous ICMP echo stream, one every `intervalMs`, from a pod to an address. */
export function pingStream(from: Pod, to: string, intervalMs = 20): PingStream {
  const child = spawn(
    'ip',
    ['netns', 'exec', from.ns, 'ping', '-n', '-q', '-i', String(intervalMs / 1000), to],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    stop: async () => {
      child.kill('SIGINT');
      await exited;
      const m = /(\d+) packets transmitted, (\d+) received/.exec(out);
      if (!m) throw new Error(`ping from ${from.name} to ${to} printed no summary: ${out}`);
      return { sent: Number(m[1]), received: Number(m[2]) };
    },
  };
}
