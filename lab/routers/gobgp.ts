// GoBGP through `gobgp neighbor -j` (its gRPC API on the namespace's loopback).
import { nodeRun, type NodeContext } from '../kinds/context.js';
import { GOBGP_API } from '../kinds/gobgp.js';
import { normaliseState, type BgpSessionView } from './sessions.js';

export async function gobgpJson<T>(ctx: NodeContext, args: string[]): Promise<T> {
  const r = await nodeRun(ctx, ['gobgp', '-u', GOBGP_API.host, '-p', String(GOBGP_API.port), ...args, '-j'], {
    timeoutMs: 10_000,
  });
  return JSON.parse(r.stdout || 'null') as T;
}

interface GobgpNeighbor {
  conf?: { neighbor_address?: string; peer_asn?: number; peer_as?: number };
  state?: { session_state?: string | number; neighbor_address?: string; peer_asn?: number };
  afi_safis?: { state?: { received?: number; accepted?: number } }[];
}

export async function gobgpNeighbors(ctx: NodeContext): Promise<BgpSessionView[]> {
  return parseGobgpNeighbors((await gobgpJson<GobgpNeighbor[] | null>(ctx, ['neighbor'])) ?? []);
}

/** GoBGP's API enum for session_state: 1 idle .. 6 established (gobgp.proto PeerState.SessionState). */
const SESSION_STATE_NAMES = [
  'unknown',
  'idle',
  'connect',
  'active',
  'opensent',
  'openconfirm',
  'established',
];

export function parseGobgpNeighbors(rows: GobgpNeighbor[]): BgpSessionView[] {
  return rows.map((n) => {
    const peer = n.conf?.neighbor_address ?? n.state?.neighbor_address ?? '';
    const asn = n.conf?.peer_asn ?? n.conf?.peer_as ?? n.state?.peer_asn;
    const raw = n.state?.session_state ?? 'idle';
    const name = typeof raw === 'number' ? (SESSION_STATE_NAMES[raw] ?? 'idle') : raw;
    const received = (n.afi_safis ?? []).reduce(
      (s, a) => s + (a.state?.accepted ?? a.state?.received ?? 0),
      0,
    );
    return {
      name: peer,
      peer,
      ...(asn !== undefined ? { peerAs: asn } : {}),
      state: normaliseState(name),
      prefixesReceived: received,
    };
  });
}
