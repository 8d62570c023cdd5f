// One view of a BGP session whatever router reports it, read through that router's own CLI.
import { assertNever } from '../../common/errors.js';
import type { NodeContext } from '../kinds/context.js';
import { birdProtocols } from './birdc.js';
import { frrBgpSummary } from './vtysh.js';
import { gobgpNeighbors } from './gobgp.js';
import { twillPeers } from './twillctl.js';

/** RFC 4271 §8.2.2 state names. */
export type BgpState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';

export interface BgpSessionView {
  /** The router's name for the session (BIRD protocol name, or the peer address). */
  name: string;
  peer: string;
  peerAs?: number;
  state: BgpState;
  /** Prefixes received from the peer (accepted), where the router says. */
  prefixesReceived?: number;
}

const STATES: Record<string, BgpState> = {
  idle: 'Idle',
  connect: 'Connect',
  active: 'Active',
  opensent: 'OpenSent',
  openconfirm: 'OpenConfirm',
  established: 'Established',
};

/** Normalises a router's spelling of an FSM state ("established", "ESTABLISHED", "OpenSent"). */
export function normaliseState(s: string): BgpState {
  return STATES[s.toLowerCase().replace(/[^a-z]/g, '')] ?? 'Idle';
}

export async function sessionsOf(ctx: NodeContext): Promise<BgpSessionView[]> {
  const kind = ctx.node.kind;
  switch (kind) {
    case 'bird':
      return (await birdProtocols(ctx))
        .filter((p) => p.proto === 'BGP')
        .map((p) => p.session as BgpSessionView);
    case 'frr':
      return frrBgpSummary(ctx);
    case 'gobgp':
      return gobgpNeighbors(ctx);
    case 'twill':
      return twillPeers(ctx);
    case 'linux':
    case 'exabgp':
    case 'etcd':
    case 'typha':
      return [];
    default:
      return assertNever(kind);
  }
}
