// A twill node's BGP sessions as `twillctl --socket S -o json bgp peers` reports them (the lab drives the
// built CLI, as it drives birdc and vtysh).
import { run } from '../exec.js';
import type { NodeContext } from '../kinds/context.js';
import { TWILLCTL_MAIN, twillSocket } from '../kinds/twill.js';
import { normaliseState, type BgpSessionView } from './sessions.js';

interface PeerJson {
  peer: string;
  peerAs: number;
  state: string;
  prefixes?: Record<string, { accepted?: number; received?: number } | undefined>;
}

export async function twillctl(ctx: Pick<NodeContext, 'dir'>, args: readonly string[]): Promise<string> {
  const r = await run([process.execPath, TWILLCTL_MAIN, '--socket', twillSocket(ctx), ...args], {
    timeoutMs: 15_000,
  });
  return r.stdout;
}

export async function twillPeers(ctx: Pick<NodeContext, 'dir'>): Promise<BgpSessionView[]> {
  const peers = JSON.parse(await twillctl(ctx, ['-o', 'json', 'bgp', 'peers'])) as PeerJson[];
  return peers.map((p) => {
    const counts = Object.values(p.prefixes ?? {});
    const accepted = counts.reduce((n, c) => n + (c?.accepted ?? c?.received ?? 0), 0);
    return {
      name: p.peer,
      peer: p.peer,
      peerAs: p.peerAs,
      state: normaliseState(p.state),
      prefixesReceived: accepted,
    };
  });
}
