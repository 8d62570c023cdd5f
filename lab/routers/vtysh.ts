// FRR through `vtysh ... json`: sessions from `show bgp summary json` (every address family).
import { nodeRun, type NodeContext } from '../kinds/context.js';
import { vtyshArgv } from '../kinds/frr.js';
import { normaliseState, type BgpSessionView } from './sessions.js';

export async function vtyshJson<T>(ctx: NodeContext, command: string): Promise<T> {
  const r = await nodeRun(ctx, vtyshArgv(ctx, [command]), { timeoutMs: 10_000 });
  return JSON.parse(r.stdout || '{}') as T;
}

interface FrrPeer {
  remoteAs?: number;
  state?: string;
  pfxRcd?: number;
}
type FrrSummary = Record<string, { peers?: Record<string, FrrPeer> }>;

export async function frrBgpSummary(ctx: NodeContext): Promise<BgpSessionView[]> {
  return parseFrrSummary(await vtyshJson<FrrSummary>(ctx, 'show bgp summary json'));
}

export function parseFrrSummary(summary: FrrSummary): BgpSessionView[] {
  const byPeer = new Map<string, BgpSessionView>();
  for (const af of Object.values(summary)) {
    for (const [peer, p] of Object.entries(af.peers ?? {})) {
      const prev = byPeer.get(peer);
      byPeer.set(peer, {
        name: peer,
        peer,
        ...(p.remoteAs !== undefined ? { peerAs: p.remoteAs } : {}),
        state: normaliseState(p.state ?? 'Idle'),
        prefixesReceived: (prev?.prefixesReceived ?? 0) + (p.pfxRcd ?? 0),
      });
    }
  }
  return [...byPeer.values()];
}
