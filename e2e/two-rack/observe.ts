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
  stop(): Promise<{
    sent: number;
    received: number;
    missing?: number[];
    startedAt?: number;
    /** Datagrams the receiving pod's kernel dropped at the socket (Udp6RcvbufErrors + Udp6InErrors). */
    socketDrops?: number;
  }>;
}

/**
 * Requests after the last answered one that are still unanswered when ping is stopped: SIGINT ends ping
 * at once, without waiting for replies in flight, so at 20 ms intervals the last request or two (more on
 * a loaded machine or through a userspace tunnel) would count as lost. Up to this many are taken as in
 * flight; a longer unanswered tail is a real loss and stays counted.
 */
const IN_FLIGHT_AT_STOP_MAX = 5;

/** A continuous ICMP echo stream, one every `intervalMs`, from a pod to an address. */
export function pingStream(from: Pod, to: string, intervalMs = 20): PingStream {
  const child = spawn('ip', ['netns', 'exec', from.ns, 'ping', '-n', '-i', String(intervalMs / 1000), to], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    stop: async () => {
      child.kill('SIGINT');
      await exited;
      const m = /(\d+) packets transmitted, (\d+) received/.exec(out);
      if (!m) throw new Error(`ping from ${from.name} to ${to} printed no summary: ${out.slice(-500)}`);
      const transmitted = Number(m[1]);
      const answered = new Set([...out.matchAll(/bytes from .*icmp_seq=(\d+)/g)].map((r) => Number(r[1])));
      let lastAnswered = transmitted;
      while (lastAnswered > 0 && !answered.has(lastAnswered)) lastAnswered--;
      const inFlight = transmitted - lastAnswered <= IN_FLIGHT_AT_STOP_MAX ? transmitted - lastAnswered : 0;
      const sent = transmitted - inFlight;
      const missing = Array.from({ length: sent }, (_, i) => i + 1).filter((seq) => !answered.has(seq));
      return { sent, received: sent - missing.length, ...(missing.length > 0 ? { missing } : {}) };
    },
  };
}

// The receiver is a process on a loaded machine: a receive buffer as large as the kernel allows
// (net.core.rmem_max caps it) keeps a moment without CPU from dropping datagrams at its socket (that
// would be the harness, not the network), and the pod's kernel counters of such drops are reported, so
// a loss says where it happened.
const UDP_RECEIVER = `
const seen = new Set();
const v6 = process.argv[1].includes(':');
const s = require('dgram').createSocket({ type: v6 ? 'udp6' : 'udp4', recvBufferSize: 4 << 20 });
s.on('message', (m) => seen.add(m.toString()));
s.bind(7011, process.argv[1], () => process.stdout.write('ready\\n'));
const drops = () => {
  const [file, names] = v6
    ? ['/proc/net/snmp6', ['Udp6RcvbufErrors', 'Udp6InErrors']]
    : ['/proc/net/snmp', ['RcvbufErrors', 'InErrors']];
  const text = require('fs').readFileSync(file, 'utf8');
  if (v6) return names.reduce((n, k) => n + Number((new RegExp('^' + k + '\\\\s+(\\\\d+)', 'm').exec(text) || [])[1] || 0), 0);
  const lines = text.split('\\n').filter((l) => l.startsWith('Udp:'));
  const head = (lines[0] || '').split(/\\s+/), vals = (lines[1] || '').split(/\\s+/);
  return names.reduce((n, k) => n + Number(vals[head.indexOf(k)] || 0), 0);
};
const dropsAtStart = drops();
process.on('SIGTERM', () => {
  const missing = [];
  const last = Math.max(-1, ...[...seen].map(Number));
  for (let i = 0; i <= last && missing.length < 50; i++) if (!seen.has(String(i))) missing.push(i);
  process.stdout.write('received ' + seen.size + ' missing ' + JSON.stringify(missing) + ' drops ' + (drops() - dropsAtStart) + ' at ' + Date.now() + '\\n');
  process.exit(0);
});`;
const UDP_SENDER = `
let n = 0;
const s = require('dgram').createSocket(process.argv[1].includes(':') ? 'udp6' : 'udp4');
process.stdout.write('start ' + Date.now() + '\\n');
const t = setInterval(() => s.send(String(n++), 7011, process.argv[1]), Number(process.argv[2]));
process.on('SIGTERM', () => { clearInterval(t); process.stdout.write('sent ' + n + '\\n'); s.close(); process.exit(0); });`;

/**
 * A continuous UDP stream of numbered datagrams, one every `intervalMs`, from a pod to another pod's
 * address (IPv4 or IPv6); stop() ends the sender, lets the last datagrams land, and counts distinct ones.
 */
export async function udpStream(from: Pod, to: Pod, address: string, intervalMs = 20): Promise<PingStream> {
  const inNs = (ns: string, script: string, ...args: string[]) =>
    spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const receiver = inNs(to.ns, UDP_RECEIVER, address);
  let rOut = '';
  receiver.stdout.setEncoding('utf8').on('data', (d: string) => (rOut += d));
  const deadline = Date.now() + 20_000;
  while (!rOut.includes('ready')) {
    if (Date.now() > deadline || receiver.exitCode !== null)
      throw new Error(`UDP receiver in ${to.name} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const sender = inNs(from.ns, UDP_SENDER, address, String(intervalMs));
  let sOut = '';
  sender.stdout.setEncoding('utf8').on('data', (d: string) => (sOut += d));
  const exit = (c: typeof sender) => new Promise<void>((resolve) => c.once('close', () => resolve()));
  return {
    stop: async () => {
      const senderDone = exit(sender);
      sender.kill('SIGTERM');
      await senderDone;
      // The last datagrams are a hop or five away: a moment for them to land.
      await new Promise((r) => setTimeout(r, 500));
      const receiverDone = exit(receiver);
      receiver.kill('SIGTERM');
      await receiverDone;
      const sent = Number(/sent (\d+)/.exec(sOut)?.[1] ?? NaN);
      const received = Number(/received (\d+)/.exec(rOut)?.[1] ?? NaN);
      const missing = /missing (\[[^\]]*\])/.exec(rOut)?.[1] ?? '[]';
      const startedAt = Number(/start (\d+)/.exec(sOut)?.[1] ?? NaN);
      const socketDrops = Number(/drops (\d+)/.exec(rOut)?.[1] ?? NaN);
      return { sent, received, missing: JSON.parse(missing) as number[], startedAt, socketDrops };
    },
  };
}
